#include "sim/io/json_input.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/io/input_error.h"
#include "tests/support/scenario_errors.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;

// Found by the scenario fuzz target: a number beyond a double's range escaped as a library exception.
TEST(JsonInput, NumberBeyondADoubleIsAnInputError) {
  const std::string msg =
      testing::input_error([] { JsonDocument::parse(R"({"slots": 1555e5555555})", "s.json"); });
  EXPECT_THAT(msg, HasSubstr("s.json: invalid JSON: number overflow"));
}

TEST(JsonInput, SyntaxErrorsAndDuplicatesNameTheFile) {
  EXPECT_THAT(testing::input_error([] { JsonDocument::parse("{\"a\": }", "s.json"); }),
              HasSubstr("s.json:1:"));
  EXPECT_THAT(testing::input_error([] { JsonDocument::parse(R"({"a": 1, "a": 2})", "s.json"); }),
              HasSubstr("duplicate key \"a\""));
}

}  // namespace
}  // namespace rsim
