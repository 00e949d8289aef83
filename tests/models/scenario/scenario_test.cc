#include "models/scenario/scenario.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/io/input_error.h"
#include "tests/support/build_paths.h"
#include "tests/support/scenario_errors.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;

std::string error_of(const std::string& json) { return testing::scenario_error(json, "s.json"); }

const std::string kEndpoint = R"({"name": "e", "capacity_rpu": 16, "slots": 5})";

TEST(Scenario, ParsesEndpointsRoutingAndDefaults) {
  const Scenario s = parse_scenario(R"({"name": "x", "endpoints": [
      {"name": "a", "capacity": "ra3.4xlarge:2", "slots": 5, "memory_mb": 1000},
      {"name": "b", "capacity_rpu": 8, "slots": "unlimited", "concurrency_exponent": 1}],
    "routing": [{"match": {"domain": "sales", "query_type": ["select", "ctas"]}, "to": "b"}, {"to": "a"}]})",
                                    "s.json");
  ASSERT_EQ(s.endpoints.size(), 2u);
  EXPECT_EQ(s.endpoints[0].capacity_rpu, 32.0);  // 2 x 16 RPU-equivalent
  EXPECT_EQ(s.endpoints[0].total_slots(), 5u);
  EXPECT_EQ(s.endpoints[1].total_slots(), 0u);
  EXPECT_EQ(s.routing[0].target, 1u);
  EXPECT_EQ(s.routing[0].match.query_type.size(), 2u);
  EXPECT_THAT(s.defaulted, ::testing::Contains(HasSubstr("$.endpoints[0].concurrency_exponent = 0.3")));
}

TEST(Scenario, UnknownKeyNamesPathAndSuggests) {
  EXPECT_THAT(
      error_of(
          R"({"name": "x", "endpoints": [{"name": "e", "capacity_rpu": 16, "slots": 5, "memory_md": 5}]})"),
      HasSubstr("s.json: $.endpoints[0].memory_md: unknown key (did you mean \"memory_mb\"?)"));
  // A misspelt required key is reported as missing, pointing at the typo.
  EXPECT_THAT(error_of(R"({"name": "x", "endpoints": [{"name": "e", "capacity_rpu": 16, "slotz": 5}]})"),
              HasSubstr("s.json: $.endpoints[0]: missing required key \"slots\"; found \"slotz\": a typo?"));
}

TEST(Scenario, WrongTypesAndImpossibleValues) {
  EXPECT_THAT(error_of(R"({"name": "x", "endpoints": [{"name": "e", "capacity_rpu": "big", "slots": 5}]})"),
              HasSubstr("$.endpoints[0].capacity_rpu: expected a number, got string"));
  EXPECT_THAT(error_of(R"({"name": "x", "endpoints": [{"name": "e", "capacity_rpu": 0, "slots": 5}]})"),
              HasSubstr("$.endpoints[0].capacity_rpu: 0 is out of range"));
  EXPECT_THAT(error_of(R"({"name": "x", "endpoints": [{"name": "e", "capacity_rpu": 16, "slots": 0}]})"),
              HasSubstr("$.endpoints[0].slots: 0 slots"));
  EXPECT_THAT(error_of(R"({"name": "x", "endpoints": [{"name": "e", "capacity_rpu": 16, "slots": 5,
              "concurrency_exponent": 1.5}]})"),
              HasSubstr("$.endpoints[0].concurrency_exponent: 1.5 is out of range"));
  EXPECT_THAT(error_of(R"({"name": "x", "endpoints": []})"),
              HasSubstr("$.endpoints: a scenario needs at least one"));
}

TEST(Scenario, NodeCountRulesFromTheCatalog) {
  EXPECT_THAT(
      error_of(R"({"name": "x", "endpoints": [{"name": "e", "capacity": "ra3.4xlarge:1", "slots": 5}]})"),
      HasSubstr("$.endpoints[0].capacity: ra3.4xlarge does not allow a single-node cluster"));
  EXPECT_THAT(error_of(R"({"name": "x", "endpoints": [{"name": "e", "capacity": "ra3.9xl:2", "slots": 5}]})"),
              HasSubstr("unknown node type \"ra3.9xl\""));
  EXPECT_THAT(
      error_of(R"({"name": "x", "endpoints": [{"name": "e", "capacity": "dc2.large:33", "slots": 5}]})"),
      HasSubstr("dc2.large allows 1 or 2 to 32 nodes"));
}

TEST(Scenario, RoutingRules) {
  const std::string two =
      R"({"name": "x", "endpoints": [)" + kEndpoint + R"(, {"name": "f", "capacity_rpu": 8, "slots": 2}])";
  EXPECT_THAT(error_of(two + "}"), HasSubstr("several endpoints need \"routing\""));
  EXPECT_THAT(error_of(two + R"(, "routing": [{"match": {"domain": "a"}, "to": "e"}]})"),
              HasSubstr("$.routing: the last routing rule must have no \"match\""));
  EXPECT_THAT(error_of(two + R"(, "routing": [{"to": "nope"}]})"),
              HasSubstr("$.routing[0].to: no endpoint or load balancer is named \"nope\""));
  EXPECT_THAT(error_of(two + R"(, "routing": [{"match": {"query_type": "merge"}, "to": "e"}, {"to": "f"}]})"),
              HasSubstr("$.routing[0].match.query_type: unknown query type \"merge\""));
  EXPECT_THAT(error_of(two + R"(, "routing": [{"to": "e"}, {"to": "f"}]})"),
              HasSubstr("must be the last rule"));
}

TEST(Scenario, JsonSyntaxAndDuplicateKeys) {
  EXPECT_THAT(error_of("{\"name\": \"x\",\n \"endpoints\": [}"), HasSubstr("s.json:2:"));
  EXPECT_THAT(error_of(R"({"name": "x", "name": "y", "endpoints": []})"),
              HasSubstr("duplicate key \"name\""));
}

TEST(Scenario, ShippedScenariosLoad) {
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(testing::source_dir()) + "/models/scenarios")) {
    if (entry.path().extension() != ".json") continue;
    EXPECT_NO_THROW(load_scenario(entry.path())) << entry.path();
  }
}

}  // namespace
}  // namespace rsim
