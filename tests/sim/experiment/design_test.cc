// Expanding dimensions into variants: grid order, list pairing, seeded random samples, and the errors.
#include "sim/experiment/design.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "sim/io/input_error.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;

std::vector<Dimension> dims(const std::string& text, DimensionRules rules = {.ranges = true}) {
  static std::vector<JsonDocument> docs;  // keep the documents alive with the values read from them
  docs.push_back(JsonDocument::parse(text, "sweep.json"));
  return read_dimensions(docs.back().root(), rules);
}

const char* kTwo = R"([
  {"name": "rpu", "paths": ["endpoints[1].base_rpu", "endpoints[2].base_rpu"], "values": [8, 16, 32]},
  {"name": "policy", "path": "load_balancers[0].policy", "values": ["flow_hash", "round_robin"]}])";

TEST(Design, GridVariesTheLastDimensionFastest) {
  const auto d = dims(kTwo);
  const auto v = expand_design(Design{}, d, "sweep.json");
  ASSERT_EQ(v.size(), 6u);
  EXPECT_EQ(v[0].label(d), "rpu=8,policy=flow_hash");
  EXPECT_EQ(v[1].label(d), "rpu=8,policy=round_robin");
  EXPECT_EQ(v[5].label(d), "rpu=32,policy=round_robin");
  EXPECT_EQ(v[5].index, 5u);
  EXPECT_EQ(v[2].overrides(),
            (std::vector<std::string>{"endpoints[1].base_rpu=16", "endpoints[2].base_rpu=16",
                                      "load_balancers[0].policy=\"flow_hash\""}));
}

TEST(Design, ListPairsTheIthValuesAndRequiresEqualLengths) {
  const auto d =
      dims(R"([{"name": "a", "path": "x", "values": [1, 2]}, {"name": "b", "path": "y", "values": [3, 4]}])");
  const auto v = expand_design(Design{Design::Kind::kList}, d, "sweep.json");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[1].label(d), "a=2,b=4");
  try {
    expand_design(Design{Design::Kind::kList}, dims(kTwo), "sweep.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(),
                AllOf(HasSubstr("sweep.json"), HasSubstr("\"rpu\" has 3"), HasSubstr("\"policy\" has 2")));
  }
}

TEST(Design, SetLevelsCarryTheirLabelAndChanges) {
  const auto d = dims(R"([{"name": "consumers", "values": [
      {"label": "two", "set": {"load_balancers[0].targets": ["c-1", "c-2"]}},
      {"label": "three", "set": {"load_balancers[0].targets": ["c-1", "c-2", "c-3"], "name": "x"}}]}])");
  const auto v = expand_design(Design{}, d, "sweep.json");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[1].label(d), "consumers=three");
  EXPECT_EQ(v[1].overrides(),
            (std::vector<std::string>{"load_balancers[0].targets=[\"c-1\",\"c-2\",\"c-3\"]", "name=\"x\""}));
}

TEST(Design, RandomSamplesAreDistinctGridPointsAndRepeatWithTheSeed) {
  const auto d = dims(kTwo);
  const Design design{Design::Kind::kRandom, 4, 11};
  const auto a = expand_design(design, d, "sweep.json");
  const auto b = expand_design(design, d, "sweep.json");
  ASSERT_EQ(a.size(), 4u);
  std::set<std::string> labels;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].label(d), b[i].label(d));
    labels.insert(a[i].label(d));
  }
  EXPECT_EQ(labels.size(), 4u);
  // More samples than points: the whole grid, once each.
  EXPECT_EQ(expand_design(Design{Design::Kind::kRandom, 50, 11}, d, "sweep.json").size(), 6u);
  // Another seed, another sample (of the 15 possible, this one differs).
  const auto c = expand_design(Design{Design::Kind::kRandom, 4, 12}, d, "sweep.json");
  std::set<std::string> other;
  for (const auto& v : c) other.insert(v.label(d));
  EXPECT_NE(labels, other);
}

TEST(Design, RangesAreDrawnWithinBoundsAndOnlyByRandomDesigns) {
  const auto d = dims(R"([{"name": "slots", "path": "s", "range": {"min": 2, "max": 5, "integer": true}},
                          {"name": "f", "path": "f", "range": {"min": 0.5, "max": 1.5}}])");
  const auto v = expand_design(Design{Design::Kind::kRandom, 200, 3}, d, "sweep.json");
  ASSERT_EQ(v.size(), 200u);
  std::set<std::string> slots;
  for (const auto& x : v) {
    slots.insert(x.levels[0].label);
    const double f = std::stod(x.levels[1].label);
    EXPECT_GE(f, 0.5);
    EXPECT_LT(f, 1.5);
  }
  EXPECT_EQ(slots, (std::set<std::string>{"2", "3", "4", "5"}));
  EXPECT_THAT([&] { expand_design(Design{}, d, "sweep.json"); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("only a random design can sample")));
  EXPECT_THROW(dims(R"([{"name": "s", "path": "s", "range": {"min": 1, "max": 2}}])", DimensionRules{}),
               InputError);
}

TEST(Design, DimensionErrorsNameTheKey) {
  const auto message = [](const std::string& text) {
    try {
      dims(text);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(message(R"([{"name": "a", "path": "x", "values": [1, 1]}])"), HasSubstr("listed twice"));
  EXPECT_THAT(
      message(R"([{"name": "a", "path": "x", "values": [1]}, {"name": "a", "path": "y", "values": [2]}])"),
      HasSubstr("used twice"));
  EXPECT_THAT(message(R"([{"name": "a", "path": "x", "valuse": [1]}])"), HasSubstr("valuse"));
  EXPECT_THAT(message(R"([{"name": "a", "values": [1]}])"), HasSubstr("without \"path\""));
  EXPECT_THAT(message(R"([{"name": "a", "path": "x", "values": []}])"), HasSubstr("at least one value"));
  EXPECT_THAT(message("[]"), HasSubstr("at least one dimension"));
  EXPECT_THAT(message(R"([{"name": "a", "path": "x", "values": [1], "more_is_faster": true}])"),
              HasSubstr("more_is_faster"));
}

}  // namespace
}  // namespace rsim
