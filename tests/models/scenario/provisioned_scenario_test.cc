// Provisioned clusters in scenario files: node types and counts from the catalog, manual WLM limits
// (models/catalog/facts.md 3.2: at most 8 queues and 50 slots, memory at most 100%), QMR limits (3.4).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "models/scenario/scenario.h"
#include "sim/io/input_error.h"
#include "tests/support/scenario_errors.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;

std::string error_of(const std::string& json) { return testing::scenario_error(json, "p.json"); }

std::string cluster(const std::string& body) {
  return R"({"name": "x", "endpoints": [{"name": "c", "kind": "provisioned", )" + body + "}]}";
}

std::string queues(int n, int slots_each, double percent_each) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += (i ? ", " : "") + std::string(R"({"slots": )") + std::to_string(slots_each) +
           R"(, "memory_percent": )" + std::to_string(percent_each) +
           (i + 1 < n ? R"(, "query_groups": ["g)" + std::to_string(i) + "\"]" : "") + "}";
  }
  return out;
}

TEST(ProvisionedScenario, CapacityFromNodeTypeAndCount) {
  const Scenario s = parse_scenario(cluster(R"("node_type": "ra3.xlplus", "nodes": 4)"), "p.json");
  const auto& c = s.endpoints[0];
  EXPECT_EQ(c.kind, EndpointKind::kProvisioned);
  EXPECT_DOUBLE_EQ(c.capacity_rpu, 4 * 5.2);
  // No "wlm": Redshift's default manual queue, 5 slots, all the memory (4 x 32 GiB).
  ASSERT_EQ(c.wlm.queues.size(), 1u);
  EXPECT_EQ(c.wlm.queues[0].slots, 5u);
  EXPECT_DOUBLE_EQ(c.total_memory_mb(), 4 * 32 * 1024.0);
  EXPECT_THAT(s.defaulted, ::testing::Contains(HasSubstr("$.endpoints[0].wlm = one default queue")));
}

TEST(ProvisionedScenario, ThreeQueueWlm) {
  const Scenario s = parse_scenario(cluster(R"("node_type": "ra3.4xlarge", "nodes": 2, "wlm": {"queues": [
      {"name": "etl", "slots": 3, "memory_percent": 50, "user_groups": ["etl_*"], "user_group_wildcard": true},
      {"name": "analytics", "slots": 5, "memory_percent": 35, "query_groups": ["analytics"]},
      {"name": "short", "slots": 10, "memory_percent": 15, "timeout_ms": 60000}]})"),
                                    "p.json");
  const auto& q = s.endpoints[0].wlm.queues;
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(s.endpoints[0].total_slots(), 18u);
  EXPECT_DOUBLE_EQ(q[0].memory_mb, 0.5 * 2 * 96 * 1024);
  EXPECT_DOUBLE_EQ(q[2].timeout_ms, 60000);
}

TEST(ProvisionedScenario, RejectsBadConfigurationsNamingKeyAndLimit) {
  EXPECT_THAT(error_of(cluster(R"("node_type": "ra3.4xlarge", "nodes": 2, "wlm": {"queues": [)" +
                               queues(2, 50, 50) + "]}")),
              HasSubstr("$.endpoints[0].wlm.queues: 100 slots in total: manual WLM allows at most 50"));
  EXPECT_THAT(error_of(cluster(R"("node_type": "ra3.4xlarge", "nodes": 2, "wlm": {"queues": [)" +
                               queues(1, 51, 100) + "]}")),
              HasSubstr("$.endpoints[0].wlm.queues[0].slots: 51 is out of range: expected 1 to 50"));
  EXPECT_THAT(
      error_of(cluster(R"("node_type": "ra3.4xlarge", "nodes": 2, "wlm": {"queues": [)" + queues(9, 1, 10) +
                       "]}")),
      HasSubstr("$.endpoints[0].wlm.queues: manual WLM has 1 to 8 queues (the last is the default queue); "
                "got 9"));
  EXPECT_THAT(error_of(cluster(R"("node_type": "ra3.4xlarge", "nodes": 2, "wlm": {"queues": [)" +
                               queues(3, 2, 40) + "]}")),
              HasSubstr("$.endpoints[0].wlm.queues: memory_percent adds up to 120%: at most 100%"));
  EXPECT_THAT(
      error_of(cluster(R"("node_type": "ra3.8xlarge", "nodes": 2)")),
      HasSubstr("$.endpoints[0].node_type: unknown node type \"ra3.8xlarge\" (known: dc2.8xlarge, dc2.large, "
                "ra3.16xlarge, ra3.4xlarge, ra3.large, ra3.xlplus)"));
  EXPECT_THAT(error_of(cluster(R"("node_type": "ra3.4xlarge", "nodes": 1)")),
              HasSubstr("$.endpoints[0].nodes: ra3.4xlarge does not allow a single-node cluster"));
  EXPECT_THAT(error_of(cluster(R"("node_type": "ra3.4xlarge", "nodes": 2, "wlm": {"queues": [
                                  {"memory_percent": 100, "query_groups": ["x"]}]})")),
              HasSubstr("$.endpoints[0].wlm.queues[0]: the last queue is the default queue"));
  EXPECT_THAT(error_of(cluster(R"("node_type": "ra3.4xlarge", "nodes": 2, "wlm": {"queues": [
                                  {"memory_percent": 100, "slotz": 3}]})")),
              HasSubstr("$.endpoints[0].wlm.queues[0].slotz: unknown key (did you mean \"slots\"?)"));
}

TEST(ProvisionedScenario, RejectsTooManyRulesAndPredicates) {
  const std::string pred = R"({"metric": "query_execution_time", "op": ">", "value": 60})";
  auto rule = [&](int i, int predicates) {
    std::string p;
    for (int k = 0; k < predicates; ++k) p += (k ? ", " : "") + pred;
    return R"({"name": "r)" + std::to_string(i) + R"(", "action": "log", "predicates": [)" + p + "]}";
  };
  std::string many;
  for (int i = 0; i < 26; ++i) many += (i ? ", " : "") + rule(i, 1);
  EXPECT_THAT(
      error_of(cluster(R"("node_type": "ra3.4xlarge", "nodes": 2, "wlm": {"queues": [
                                  {"memory_percent": 100, "rules": [)" +
                       many + "]}]}")),
      HasSubstr("$.endpoints[0].wlm.queues[0].rules[25]: at most 25 query monitoring rules in total"));
  EXPECT_THAT(
      error_of(cluster(R"("node_type": "ra3.4xlarge", "nodes": 2, "wlm": {"queues": [
                                  {"memory_percent": 100, "rules": [)" +
                       rule(0, 4) + "]}]}")),
      HasSubstr("$.endpoints[0].wlm.queues[0].rules[0].predicates: a rule has 1 to 3 predicates; got 4"));
  EXPECT_THAT(error_of(cluster(R"("node_type": "ra3.4xlarge", "nodes": 2, "wlm": {"queues": [
                                  {"memory_percent": 100, "rules": [{"name": "p", "action": "change_priority", "priority": "low",
                                   "predicates": [)" +
                               pred + "]}]}]}")),
              HasSubstr("change_priority applies only under automatic WLM"));
}

}  // namespace
}  // namespace rsim
