// Warnings (sim/run/warnings.h): each condition that would otherwise decide a result silently is reported in
// report.json, on the console and in report.html; and a clean run reports none.
#include "sim/run/warnings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/plot/html_report.h"
#include "sim/run/report.h"
#include "sim/run/run_command.h"
#include "tests/support/temp_dir.h"

namespace rsim {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// `n` queries of `exec_ms` each, one every `gap_s` from 2026-03-03 00:00, with an extra column (",name")
// whose values (",value") take turns row by row.
std::string trace(int n, double gap_s, double exec_ms, const std::string& extra_header = "",
                  const std::vector<std::string>& extra_values = {""}) {
  std::string csv = "query_id,arrival,exec_ms,session_id" + extra_header + "\n";
  for (int i = 0; i < n; ++i) {
    csv += "q" + std::to_string(i) + "," + std::to_string(1772496000.0 + i * gap_s) + "," +
           std::to_string(exec_ms) + ",s" + std::to_string(i % 20) +
           extra_values[static_cast<std::size_t>(i) % extra_values.size()] + "\n";
  }
  return csv;
}

json run(const testing::TempDir& dir, const std::string& scenario, const std::string& csv,
         std::vector<std::string> overrides = {}) {
  RunRequest r;
  r.scenario = dir.write("scenario.json", scenario);
  r.trace = dir.write("trace.csv", csv);
  r.overrides = std::move(overrides);
  return execute_run(r);
}

std::vector<std::string> codes(const json& report) {
  std::vector<std::string> out;
  for (const json& w : report["warnings"]) out.push_back(w["code"].get<std::string>());
  return out;
}

const json* find(const json& report, const std::string& code) {
  for (const json& w : report["warnings"])
    if (w["code"] == code) return &w;
  return nullptr;
}

const char* kCluster = R"({"name": "c", "endpoints": [{"name": "sales", "kind": "provisioned",
  "node_type": "ra3.4xlarge", "nodes": 2}]})";

// Issue 19, item 1: without observed_capacity and without work.default_observed_capacity, a node what-if
// changed nothing and said nothing. Now the report says so; with the capture capacity named, the work scales.
TEST(Warnings, WorkReplayedUnscaledIsNamedAndTheCaptureCapacityMakesAWhatIfScale) {
  testing::TempDir dir;
  const std::string csv = trace(200, 10, 2000);
  const json two = run(dir, kCluster, csv, {"endpoints[0].nodes=2"});
  const json eight = run(dir, kCluster, csv, {"endpoints[0].nodes=8"});
  EXPECT_EQ(two["overall"]["latency_ms"], eight["overall"]["latency_ms"]);  // the trap itself
  const json* w = find(eight, "unscaled_work");
  ASSERT_NE(w, nullptr) << eight["warnings"].dump(2);
  EXPECT_THAT((*w)["message"].get<std::string>(), HasSubstr("200 of 200 queries"));
  EXPECT_THAT((*w)["message"].get<std::string>(), HasSubstr("work.default_observed_capacity"));
  EXPECT_EQ(eight["work"]["unscaled_queries"], 200);
  EXPECT_THAT(summary_table(eight), HasSubstr("warning [unscaled_work]: 200 of 200 queries"));
  EXPECT_THAT(html_report(eight, {}), HasSubstr("<h2>Warnings</h2>"));
  EXPECT_THAT(html_report(eight, {}), HasSubstr("<b>unscaled_work</b>"));

  // Captured on two nodes: eight nodes run it faster, and nothing is left unscaled.
  const std::string captured = "work.default_observed_capacity=\"ra3.4xlarge:2\"";
  const json two_c = run(dir, kCluster, csv, {captured, "endpoints[0].nodes=2"});
  const json eight_c = run(dir, kCluster, csv, {captured, "endpoints[0].nodes=8"});
  EXPECT_LT(eight_c["overall"]["latency_ms"]["p50"].get<double>(),
            two_c["overall"]["latency_ms"]["p50"].get<double>());
  EXPECT_TRUE(eight_c["warnings"].empty()) << eight_c["warnings"].dump(2);
  EXPECT_EQ(eight_c["work"]["unscaled_queries"], 0);

  // A trace that carries observed_capacity on every row needs no default.
  const json carried = run(dir, kCluster, trace(200, 10, 2000, ",observed_capacity", {",ra3.4xlarge:2"}));
  EXPECT_TRUE(carried["warnings"].empty()) << carried["warnings"].dump(2);
}

// Issue 19, item 7: a rule on a column the trace lacks matched nothing, and its endpoint reported "0 queries"
// without a word.
TEST(Warnings, ARuleOnAMissingColumnAndTheEndpointItStarvesAreNamed) {
  testing::TempDir dir;
  const std::string scenario = R"({"name": "routed", "work": {"default_observed_capacity": "ra3.4xlarge:2"},
    "endpoints": [
      {"name": "sales", "kind": "provisioned", "node_type": "ra3.4xlarge", "nodes": 2},
      {"name": "operations", "kind": "provisioned", "node_type": "ra3.4xlarge", "nodes": 2}],
    "routing": [{"match": {"domain": "operations"}, "to": "operations"}, {"to": "sales"}]})";
  const json report = run(dir, scenario, trace(100, 10, 500));
  EXPECT_THAT(codes(report), ::testing::ElementsAre("missing_column", "endpoint_idle"));
  EXPECT_THAT((*find(report, "missing_column"))["message"].get<std::string>(),
              HasSubstr("routing rule 0 (to operations) matches on the trace column \"domain\""));
  EXPECT_EQ((*find(report, "endpoint_idle"))["affects"], json::array({"operations"}));

  // With the column, the rule routes and both warnings go.
  const json routed = run(dir, scenario, trace(100, 10, 500, ",domain", {",operations", ",sales"}));
  EXPECT_TRUE(routed["warnings"].empty()) << routed["warnings"].dump(2);
}

TEST(Warnings, AWlmQueueThatReceivesNothingIsNamed) {
  testing::TempDir dir;
  const std::string scenario = R"({"name": "wlm", "work": {"default_observed_capacity": "ra3.4xlarge:2"},
    "endpoints": [{"name": "c", "kind": "provisioned", "node_type": "ra3.4xlarge", "nodes": 2,
      "wlm": {"queues": [{"name": "etl", "slots": 2, "memory_percent": 40, "user_groups": ["etl_loader"]},
                         {"name": "default", "slots": 3, "memory_percent": 60}]}}]})";
  const json report = run(dir, scenario, trace(100, 10, 500, ",user", {",analyst"}));
  EXPECT_THAT(codes(report), ::testing::ElementsAre("queue_idle"));
  EXPECT_THAT((*find(report, "queue_idle"))["message"].get<std::string>(),
              HasSubstr("WLM queue \"etl\" of c received no query"));
  // A trace without a user column at all: the queue's user_groups match on nothing there either.
  const json no_users = run(dir, scenario, trace(100, 10, 500));
  EXPECT_THAT(codes(no_users), ::testing::ElementsAre("missing_column", "queue_idle"));
}

// Issue 19, item 8: at several times the load a cluster can carry, p95 ran into hours with no flag.
TEST(Warnings, AnEndpointWhoseBacklogGrowsIsSaturatedAndAStableOneIsNot) {
  testing::TempDir dir;
  const std::string one_slot = R"({"name": "one", "work": {"default_observed_capacity": "ra3.4xlarge:2"},
    "endpoints": [{"name": "c", "kind": "provisioned", "node_type": "ra3.4xlarge", "nodes": 2,
      "sqa": {"enabled": false}, "result_cache": "off",
      "wlm": {"queues": [{"name": "default", "slots": 1, "memory_percent": 100}]}}]})";
  // A 10 s query every 5 s for four hours: twice what one slot serves.
  const json over = run(dir, one_slot, trace(2880, 5, 10000));
  const json* w = find(over, "saturated");
  ASSERT_NE(w, nullptr) << over["warnings"].dump(2);
  EXPECT_THAT((*w)["message"].get<std::string>(), HasSubstr("endpoint c is saturated"));
  EXPECT_THAT(summary_table(over), HasSubstr("warning [saturated]"));
  // A 4 s query every 5 s: busy 80% of the time, but the backlog rises and falls.
  const json busy = run(dir, one_slot, trace(2880, 5, 4000));
  EXPECT_EQ(find(busy, "saturated"), nullptr) << busy["warnings"].dump(2);
}

// Issue 19, item 10: replications that differ in nothing printed half-widths of 0, read as false precision.
TEST(Warnings, ReplicationsThatDifferInNothingSaySo) {
  testing::TempDir dir;
  const std::string two = R"({"name": "two", "work": {"default_observed_capacity": "ra3.4xlarge:2"},
    "endpoints": [
      {"name": "a", "kind": "provisioned", "node_type": "ra3.4xlarge", "nodes": 2, "sqa": {"enabled": false}},
      {"name": "b", "kind": "provisioned", "node_type": "ra3.4xlarge", "nodes": 2, "sqa": {"enabled": false}}],
    "load_balancers": [{"name": "nlb", "targets": ["a", "b"], "policy": "round_robin"}],
    "routing": [{"to": "nlb"}]})";
  RunRequest r;
  r.scenario = dir.write("two.json", two);
  r.trace = dir.write("trace.csv", trace(600, 0.5, 4000));
  r.replications = 3;
  const json same = execute_run(r);
  const json* w = find(same, "identical_replications");
  ASSERT_NE(w, nullptr) << same["warnings"].dump(2);
  EXPECT_THAT((*w)["message"].get<std::string>(), HasSubstr("the 3 replications are identical"));
  EXPECT_EQ(same["overall"]["latency_ms"]["ci95"]["p95"], 0.0);
  // Placed at random, each replication spreads the sessions differently: intervals mean something, no
  // warning.
  r.overrides = {"load_balancers[0].policy=\"random\""};
  const json varied = execute_run(r);
  EXPECT_EQ(find(varied, "identical_replications"), nullptr) << varied["warnings"].dump(2);
  EXPECT_GT(varied["overall"]["latency_ms"]["ci95"]["p95"].get<double>(), 0.0);
}

TEST(Warnings, AreTextLinesWithAPrefix) {
  const json w = json::array({{{"code", "saturated"}, {"message", "m"}, {"affects", {"c"}}}});
  EXPECT_EQ(warnings_text(w, "golden: "), "golden: warning [saturated]: m\n");
  EXPECT_EQ(warnings_text(json::array()), "");
}

}  // namespace
}  // namespace rsim
