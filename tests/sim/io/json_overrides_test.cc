#include "sim/io/json_overrides.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sim/io/input_error.h"

namespace rsim {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

const std::string kDoc =
    R"({"name": "x", "endpoints": [{"name": "a", "slots": 5}, {"name": "b", "slots": 6}]})";

json applied(const std::vector<std::string>& sets) {
  return json::parse(apply_json_overrides(kDoc, "s.json", sets));
}

std::string error_of(const std::vector<std::string>& sets, const std::string& doc = kDoc) {
  try {
    apply_json_overrides(doc, "s.json", sets);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(JsonOverrides, SetsValuesByPathAsJsonOrText) {
  const json j = applied({"endpoints[1].slots=8", "work.source=predicted", "endpoints[0].name=\"z\"",
                          "cost={\"region\": \"eu-west-1\"}", "flag=true"});
  EXPECT_EQ(j["endpoints"][1]["slots"], 8);
  EXPECT_EQ(j["endpoints"][0]["slots"], 5);
  EXPECT_EQ(j["work"]["source"], "predicted");  // not JSON: a string; "work" created
  EXPECT_EQ(j["endpoints"][0]["name"], "z");
  EXPECT_EQ(j["cost"]["region"], "eu-west-1");
  EXPECT_EQ(j["flag"], true);
  EXPECT_EQ(apply_json_overrides(kDoc, "s.json", {}), kDoc) << "no settings: the text untouched";
}

TEST(JsonOverrides, BadSettingsNameTheSetting) {
  EXPECT_THAT(error_of({"slots"}), HasSubstr("--set slots: expected PATH=VALUE"));
  EXPECT_THAT(error_of({"endpoints[2].slots=1"}), HasSubstr("endpoints has 2 entries; there is no [2]"));
  EXPECT_THAT(error_of({"endpoints[x]=1"}), HasSubstr("bad index"));
  EXPECT_THAT(error_of({"name.first=1"}), HasSubstr("name is not an object"));
  EXPECT_THAT(error_of({"endpoints.a=1"}), HasSubstr("endpoints is not an object"));
  EXPECT_THAT(error_of({"name[0]=1"}), HasSubstr("name is not a list"));
  EXPECT_THAT(error_of({"a=1"}, R"({"a": 1, "a": 2})"), HasSubstr("s.json"));
}

}  // namespace
}  // namespace rsim
