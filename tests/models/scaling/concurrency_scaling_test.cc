// Concurrency scaling (models/catalog/facts.md 2.3): scaling clusters take eligible queries that wait, and
// their bill follows the credit rules. The scripted case is checked against a hand computation to the cent.
#include <gtest/gtest.h>

#include "models/cost/bill.h"
#include "models/scaling/scaling_credit.h"
#include "sim/io/input_error.h"
#include "sim/run/replication.h"
#include "tests/support/query_log.h"
#include "tests/support/run_helpers.h"
#include "tests/support/sources.h"

namespace rsim {
namespace {

using testing::make_query;
constexpr SimTime kS = 1'000'000;

TEST(ScalingCredit, EarnedHourlyCappedAndSpentBeforeCharging) {
  ScalingCredit credit;
  // After 1 h of running: 150 s banked. A 200 s activation uses it and is charged 50 s.
  EXPECT_DOUBLE_EQ(credit.activation(200, 3600 + 10), 50);
  // A 30 s activation is billed the 60 s minimum; no credit is left.
  EXPECT_DOUBLE_EQ(credit.activation(30, 3700), 60);
  // 30 days later the bank is full at 30 h, not 31.
  EXPECT_DOUBLE_EQ(credit.activation(0, 31 * 86400.0), 0);
  EXPECT_DOUBLE_EQ(credit.balance_s(), 30 * 3600.0 - 60);
  EXPECT_EQ(credit.activations(), 3u);
}

std::string scaling_cluster(const std::string& type = "ra3.4xlarge") {
  return R"({"name": "cs", "endpoints": [{"name": "main", "kind": "provisioned", "node_type": ")" + type +
         R"(", "nodes": 2, "concurrency_exponent": 1.0, "sqa": {"enabled": false},
    "wlm": {"queues": [{"slots": 1, "memory_percent": 100, "concurrency_scaling": "auto"}]},
    "concurrency_scaling": {"max_clusters": 1, "startup_s": 10, "idle_stop_s": 300, "initial_credit_hours": 0}}]})";
}

TEST(ConcurrencyScaling, ScriptedBillMatchesTheHandComputationToTheCent) {
  SymbolTable symbols;
  testing::QueryLog log;
  // A holds the main cluster's only slot for 2 h. B (200 s) arrives at 1 h and C (30 s) at 5000 s: each
  // waits, a scaling cluster starts (10 s) and runs it, then stops after 300 s idle.
  testing::ListSource src({make_query("A", 0, 7'200'000), make_query("B", 3600 * kS, 200'000),
                           make_query("C", 5000 * kS, 30'000)});
  const Scenario s = testing::scenario_from(scaling_cluster());
  const auto r = run_replication(s, src, symbols, 1, &log);
  EXPECT_EQ(log.queries.at("B").queue_us, 10 * kS);
  EXPECT_EQ(log.queries.at("B").end, 3810 * kS);
  EXPECT_EQ(log.queries.at("C").end, 5040 * kS);
  EXPECT_EQ(r.recorder->overall().concurrency_scaling, 2u);

  const EndpointMeters& m = r.meters[0];
  EXPECT_EQ(m.scaling_activations, 2u);
  EXPECT_DOUBLE_EQ(m.scaling_busy_s, 230);
  // Activation 1 ends at 4110 s: one full hour of main-cluster running has earned 150 s of credit; 200 s
  // billable, 50 s charged. Activation 2: 30 s served, billed the 60 s minimum, no credit left: 60 s charged.
  EXPECT_DOUBLE_EQ(m.scaling_credit_used_s, 150);
  EXPECT_DOUBLE_EQ(m.scaling_charged_s, 110);

  Bill bill;
  add_provisioned_items(bill, s.endpoints[0], m, NodeCatalog::builtin(), RateCard::builtin(), "us-east-1",
                        7200);
  ASSERT_EQ(bill.items.size(), 2u);
  // By hand: 2 nodes x 2 h x $3.26 = $13.04; 110 s x 2 x $3.26 / 3600 = $0.1992.
  EXPECT_EQ(bill.items[0].meter, "node_hours");
  EXPECT_NEAR(bill.items[0].usd, 13.04, 0.005);
  EXPECT_EQ(bill.items[1].meter, "concurrency_scaling_seconds");
  EXPECT_NEAR(bill.items[1].usd, 0.20, 0.005);
  EXPECT_NEAR(bill.total_usd(), 13.24, 0.005);
}

TEST(ConcurrencyScaling, IneligibleStatementsWaitForTheMainCluster) {
  SymbolTable symbols;
  testing::QueryLog log;
  testing::ListSource src({make_query("A", 0, 100'000), make_query("ctas", 1 * kS, 10'000, QueryType::kCtas),
                           make_query("sel", 2 * kS, 10'000)});
  const auto r = run_replication(testing::scenario_from(scaling_cluster()), src, symbols, 1, &log);
  EXPECT_EQ(log.queries.at("ctas").end, 110 * kS);  // CTAS never goes to a scaling cluster
  EXPECT_EQ(log.queries.at("sel").end, 22 * kS);    // ready at 12 s, 10 s of work
  EXPECT_EQ(r.recorder->overall().concurrency_scaling, 1u);
}

TEST(ConcurrencyScaling, AClusterThatServedNoQueryIsNotBilled) {
  SymbolTable symbols;
  testing::QueryLog log;
  // B waits at 1 s and a scaling cluster starts, but the main cluster frees at 5 s and takes B first.
  testing::ListSource src({make_query("A", 0, 5'000), make_query("B", 1 * kS, 2'000)});
  const auto r = run_replication(testing::scenario_from(scaling_cluster()), src, symbols, 1, &log);
  EXPECT_EQ(log.queries.at("B").end, 7 * kS);
  EXPECT_EQ(r.meters[0].scaling_activations, 0u);
  EXPECT_DOUBLE_EQ(r.meters[0].scaling_charged_s, 0);
}

TEST(ConcurrencyScaling, WritesScaleOnlyOnRa3) {
  SymbolTable symbols;
  testing::QueryLog log;
  testing::ListSource src(
      {make_query("A", 0, 100'000), make_query("ins", 1 * kS, 10'000, QueryType::kInsert)});
  run_replication(testing::scenario_from(scaling_cluster("dc2.8xlarge")), src, symbols, 1, &log);
  EXPECT_EQ(log.queries.at("ins").end, 110 * kS);
}

TEST(ConcurrencyScaling, RejectsClustersThatCannotScale) {
  EXPECT_THROW(testing::scenario_from(scaling_cluster("ra3.large")), InputError);
  const std::string bad = R"({"name": "x", "endpoints": [{"name": "m", "kind": "provisioned", "node_type":
      "ra3.4xlarge", "nodes": 2, "concurrency_scaling": {"max_clusters": 11},
      "wlm": {"queues": [{"memory_percent": 100, "concurrency_scaling": "auto"}]}}]})";
  try {
    testing::scenario_from(bad);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(
        std::string(e.what()).find("$.endpoints[0].concurrency_scaling.max_clusters: 11 is out of range"),
        std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace rsim
