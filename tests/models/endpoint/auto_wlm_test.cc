// Automatic WLM (models/catalog/facts.md 3.5): memory-based admission, priority order with aging,
// priority-weighted sharing and the change_priority rule action.
#include <gtest/gtest.h>

#include "sim/io/input_error.h"
#include "sim/run/replication.h"
#include "tests/support/query_log.h"
#include "tests/support/run_helpers.h"
#include "tests/support/sources.h"

namespace rsim {
namespace {

using testing::make_query;
constexpr SimTime kS = 1'000'000;

std::string cluster(double exponent, const std::string& wlm) {
  return R"({"name": "auto", "endpoints": [{"name": "c", "kind": "provisioned", "node_type": "ra3.4xlarge",
    "nodes": 2, "sqa": {"enabled": false}, "concurrency_exponent": )" +
         std::to_string(exponent) + R"(, "wlm": {"mode": "auto", )" + wlm + "}}]}";
}

struct Outcome {
  ReplicationResult result;
  testing::QueryLog log;
};

std::unique_ptr<Outcome> run(const std::string& scenario, std::vector<Query> qs, SymbolTable& symbols) {
  auto out = std::make_unique<Outcome>();
  testing::ListSource src(std::move(qs));
  out->result = run_replication(testing::scenario_from(scenario), src, symbols, 1, &out->log);
  return out;
}

Query by(SymbolTable& symbols, const std::string& user, const std::string& id, SimTime at, double exec_ms) {
  Query q = make_query(id, at, exec_ms);
  q.user = symbols.intern(user);
  return q;
}

TEST(AutoWlm, AdmitsWhileMemoryEstimatesFitInOrder) {
  SymbolTable symbols;
  // 2 x 96 GiB = 196,608 MB. A and B (100,000 MB each) cannot run together; C (50,000) waits behind B.
  auto with_memory = [](Query q, double mb) {
    q.peak_mem_mb = mb;
    return q;
  };
  const auto o =
      run(cluster(1.0, R"("queues": [{"name": "default"}])"),
          {with_memory(make_query("A", 0, 10'000), 100'000), with_memory(make_query("B", 0, 10'000), 100'000),
           with_memory(make_query("C", 0, 10'000), 50'000)},
          symbols);
  EXPECT_EQ(o->log.queries.at("A").end, 10 * kS);
  EXPECT_EQ(o->log.queries.at("B").end, 20 * kS);
  EXPECT_EQ(o->log.queries.at("C").end, 20 * kS);  // admitted with B at 10 s: 150,000 MB fits
  EXPECT_FALSE(o->log.queries.at("B").spilled);    // its memory is its own estimate
}

std::vector<Query> aging_workload(SymbolTable& symbols) {
  // X holds the only place for 1000 s. L (low) waits from 1 s, H (normal) from 500 s.
  return {by(symbols, "ops", "X", 0, 1'000'000), by(symbols, "batch", "L", 1 * kS, 10'000),
          by(symbols, "ops", "H", 500 * kS, 10'000)};
}

const std::string kAgingQueues = R"("queues": [{"name": "batch", "priority": "low", "user_groups": ["batch"]},
                                               {"name": "default", "priority": "normal"}])";

TEST(AutoWlm, WithoutAgingHigherPriorityGoesFirst) {
  SymbolTable symbols;
  const auto o = run(cluster(1.0, R"("max_concurrency": 1, "aging": false, )" + kAgingQueues),
                     aging_workload(symbols), symbols);
  EXPECT_EQ(o->log.queries.at("H").end, 1010 * kS);
  EXPECT_EQ(o->log.queries.at("L").end, 1020 * kS);
}

TEST(AutoWlm, AgingLetsALowPriorityQueryThatWaitedLongerGoFirst) {
  SymbolTable symbols;
  // With one level per 100 s, both have reached the top level by 1000 s; L waited longer.
  const auto o = run(cluster(1.0, R"("max_concurrency": 1, "aging": true, "aging_s": 100, )" + kAgingQueues),
                     aging_workload(symbols), symbols);
  EXPECT_EQ(o->log.queries.at("L").end, 1010 * kS);
  EXPECT_EQ(o->log.queries.at("H").end, 1020 * kS);
}

TEST(AutoWlm, ChangePriorityRuleReweightsARunningQuery) {
  SymbolTable symbols;
  // M(n) = 1: A and B share the cluster by weight (normal 4 each). At the 10 s evaluation A is demoted to
  // lowest (weight 1): B then gets 4/5. By hand: B ends at 10 + 15 / 0.8 = 28.75 s, A at 40 s.
  const auto o = run(cluster(0.0, R"("queues": [
      {"name": "watched", "user_groups": ["a"], "rules": [{"name": "demote", "action": "change_priority",
       "priority": "lowest", "predicates": [{"metric": "query_execution_time", "op": ">", "value": 5}]}]},
      {"name": "default"}])"),
                     {by(symbols, "a", "A", 0, 20'000), by(symbols, "b", "B", 0, 20'000)}, symbols);
  EXPECT_EQ(o->log.queries.at("B").end, 28'750'000);
  EXPECT_EQ(o->log.queries.at("A").end, 40 * kS);
  EXPECT_EQ(o->log.fired.size(), 1u);
}

TEST(AutoWlm, RejectsManualOnlySettings) {
  EXPECT_THROW(testing::scenario_from(cluster(1.0, R"("queues": [{"name": "default", "slots": 5}])")),
               InputError);
  EXPECT_THROW(testing::scenario_from(cluster(1.0, R"("queues": [{"name": "default", "rules": [{"name": "h",
      "action": "hop", "predicates": [{"metric": "query_execution_time", "op": ">", "value": 5}]}]}])")),
               InputError);
  EXPECT_THROW(
      testing::scenario_from(cluster(1.0, R"("queues": [{"name": "default", "priority": "urgent"}])")),
      InputError);
}

}  // namespace
}  // namespace rsim
