// Manual WLM on a provisioned cluster: queue routing, timeouts with hop/restart/cancel per statement type
// (models/catalog/facts.md 3.2), query monitoring rules (3.4), the result cache (3.6) and slot counts.
#include <gtest/gtest.h>

#include "sim/io/input_error.h"
#include "sim/run/replication.h"
#include "tests/support/query_log.h"
#include "tests/support/run_helpers.h"
#include "tests/support/sources.h"

namespace rsim {
namespace {

using testing::make_query;

constexpr SimTime kS = 1'000'000;  // one second in µs

// A 2 x ra3.4xlarge cluster with M(n) = n (running queries do not slow each other), so each query's timing
// follows from its own work: the queue discipline is all that is tested.
std::string cluster(const std::string& queues, const std::string& extra = "") {
  return R"({"name": "t", "endpoints": [{"name": "c", "kind": "provisioned", "node_type": "ra3.4xlarge",
             "nodes": 2, "concurrency_exponent": 1.0, "sqa": {"enabled": false})" +
         extra + R"(, "wlm": {"queues": [)" + queues + "]}}]}";
}

struct Run {
  ReplicationResult result;
  testing::QueryLog log;
};

std::unique_ptr<Run> run(const std::string& scenario_json, std::vector<Query> qs, SymbolTable& symbols) {
  auto out = std::make_unique<Run>();
  const Scenario s = testing::scenario_from(scenario_json);
  testing::ListSource src(std::move(qs));
  out->result = run_replication(s, src, symbols, 1, &out->log);
  return out;
}

Query grouped(SymbolTable& symbols, const std::string& id, SimTime at, double exec_ms,
              const std::string& group, QueryType type = QueryType::kSelect) {
  Query q = make_query(id, at, exec_ms, type);
  q.query_group = symbols.intern(group);
  return q;
}

// q1 takes "dash" with a 10 s timeout; q2 takes "dash" and "blk"; the default queue takes the rest.
const std::string kHopQueues = R"(
  {"name": "q1", "slots": 1, "memory_percent": 20, "query_groups": ["dash", "only1"], "timeout_ms": 10000},
  {"name": "q2", "slots": 1, "memory_percent": 20, "query_groups": ["dash", "blk"]},
  {"name": "default", "slots": 1, "memory_percent": 60})";

TEST(Wlm, RoutesByQueryGroupThenDefault) {
  SymbolTable symbols;
  const auto r = run(cluster(kHopQueues),
                     {grouped(symbols, "a", 0, 1000, "dash"), grouped(symbols, "b", 0, 1000, "blk"),
                      grouped(symbols, "c", 0, 1000, "other"), make_query("d", 0, 1000)},
                     symbols);
  EXPECT_EQ(r->log.queries.at("a").queue, 0u);
  EXPECT_EQ(r->log.queries.at("b").queue, 1u);
  EXPECT_EQ(r->log.queries.at("c").queue, 2u);
  EXPECT_EQ(r->log.queries.at("d").queue, 2u);
}

TEST(Wlm, TimeoutHopsASelectAndRestartsItWhenTheNextQueueIsBusy) {
  SymbolTable symbols;
  // The blocker holds q2's only slot until 30 s; the SELECT times out in q1 at 10 s, hops to q2, waits there
  // and runs its whole 25 s again: the 10 s it had done are lost.
  const auto r =
      run(cluster(kHopQueues),
          {grouped(symbols, "blocker", 0, 30'000, "blk"), grouped(symbols, "s", 0, 25'000, "dash")}, symbols);
  const auto& s = r->log.queries.at("s");
  EXPECT_EQ(s.how, QueryEnd::kCompleted);
  EXPECT_EQ(s.hops, 1u);
  EXPECT_EQ(s.queue, 1u);
  EXPECT_EQ(s.end, 55 * kS);
  EXPECT_EQ(s.queue_us, 20 * kS);
  EXPECT_EQ(r->result.recorder->overall().hopped, 1u);
}

TEST(Wlm, TimeoutHopKeepsProgressWhenTheNextQueueCanTakeItAtOnce) {
  SymbolTable symbols;
  const auto r = run(cluster(kHopQueues), {grouped(symbols, "s", 0, 25'000, "dash")}, symbols);
  const auto& s = r->log.queries.at("s");
  EXPECT_EQ(s.hops, 1u);
  EXPECT_EQ(s.queue, 1u);
  EXPECT_EQ(s.end, 25 * kS);  // reassigned with its state: no work lost
}

TEST(Wlm, TimeoutCancelsAnUpdateAndLetsCopyRunOn) {
  SymbolTable symbols;
  const auto r = run(cluster(kHopQueues),
                     {grouped(symbols, "u", 0, 25'000, "dash", QueryType::kUpdate),
                      grouped(symbols, "c", 100 * kS, 25'000, "dash", QueryType::kCopy)},
                     symbols);
  EXPECT_EQ(r->log.queries.at("u").how, QueryEnd::kAborted);
  EXPECT_EQ(r->log.queries.at("u").end, 10 * kS);
  EXPECT_EQ(r->log.queries.at("u").hops, 0u);
  EXPECT_EQ(r->log.queries.at("c").how, QueryEnd::kCompleted);
  EXPECT_EQ(r->log.queries.at("c").end, 125 * kS);
  EXPECT_EQ(r->result.recorder->overall().aborted, 1u);
}

TEST(Wlm, ATimedOutSelectWithNoOtherMatchingQueueIsCancelled) {
  SymbolTable symbols;
  // "only1" matches q1 alone, and a hop never goes to the default queue.
  const auto r = run(cluster(kHopQueues), {grouped(symbols, "s", 0, 25'000, "only1")}, symbols);
  EXPECT_EQ(r->log.queries.at("s").how, QueryEnd::kAborted);
  EXPECT_EQ(r->log.queries.at("s").end, 10 * kS);
}

TEST(Wlm, QueueAdmitsFifoWithinItsSlots) {
  SymbolTable symbols;
  const auto r =
      run(cluster(R"({"name": "only", "slots": 2, "memory_percent": 100})"),
          {make_query("a", 0, 10'000), make_query("b", 0, 10'000), make_query("c", 0, 10'000)}, symbols);
  EXPECT_EQ(r->log.queries.at("a").end, 10 * kS);
  EXPECT_EQ(r->log.queries.at("b").end, 10 * kS);
  EXPECT_EQ(r->log.queries.at("c").end, 20 * kS);
  EXPECT_EQ(r->log.queries.at("c").queue_us, 10 * kS);
}

TEST(Wlm, SlotCountClaimsSeveralSlotsAndTheirMemory) {
  SymbolTable symbols;
  // 3 slots of 96 GiB * 2 / 3 = 65,536 MB each. A query of 100,000 MB peak spills in one slot, not in two.
  Query wide = make_query("wide", 0, 10'000);
  wide.slot_count = 2;
  wide.peak_mem_mb = 100'000;
  Query narrow = make_query("narrow", 0, 10'000);
  narrow.peak_mem_mb = 100'000;
  Query third = make_query("third", 0, 10'000);
  const auto r =
      run(cluster(R"({"name": "only", "slots": 3, "memory_percent": 100})"), {wide, narrow, third}, symbols);
  EXPECT_FALSE(r->log.queries.at("wide").spilled);
  EXPECT_TRUE(r->log.queries.at("narrow").spilled);
  // wide holds 2 of 3 slots and narrow the third, so the third query waits for wide.
  EXPECT_EQ(r->log.queries.at("third").queue_us, 10 * kS);
}

TEST(Qmr, AbortFiresAtTheFirstEvaluationPastTheThreshold) {
  SymbolTable symbols;
  // Started at 3 s, the query passes 25 s of execution at 28 s; rules are evaluated every 10 s of simulated
  // time, so the abort happens at 30 s.
  const auto r = run(cluster(R"({"name": "default", "slots": 2, "memory_percent": 100, "rules": [
                         {"name": "abort_long", "predicates": [{"metric": "query_execution_time", "op": ">",
                          "value": 25}], "action": "abort"}]})"),
                     {make_query("long", 3 * kS, 100'000), make_query("short", 3 * kS, 20'000)}, symbols);
  EXPECT_EQ(r->log.queries.at("long").how, QueryEnd::kAborted);
  EXPECT_EQ(r->log.queries.at("long").end, 30 * kS);
  EXPECT_EQ(r->log.queries.at("short").how, QueryEnd::kCompleted);
  ASSERT_EQ(r->log.fired.size(), 1u);
  EXPECT_EQ(r->log.fired.begin()->first, 30 * kS);
  EXPECT_EQ(r->result.recorder->endpoint(0).rule_fired[0], 1u);
}

TEST(Qmr, AbortSparesCopyAndTheRuleOnlyLogs) {
  SymbolTable symbols;
  const auto r = run(cluster(R"({"name": "default", "slots": 2, "memory_percent": 100, "rules": [
                         {"name": "abort_long", "predicates": [{"metric": "query_execution_time", "op": ">",
                          "value": 5}], "action": "abort"}]})"),
                     {make_query("copy", 0, 30'000, QueryType::kCopy)}, symbols);
  EXPECT_EQ(r->log.queries.at("copy").how, QueryEnd::kCompleted);
  EXPECT_EQ(r->log.queries.at("copy").end, 30 * kS);
  EXPECT_EQ(r->log.fired.size(), 1u);
}

TEST(Qmr, LogRuleCountsOncePerQueryAndTheQueryRunsOn) {
  SymbolTable symbols;
  // CPU time accrues at 24 CPU s per second of solo work (2 nodes x 12 vCPU): past 100 s after 4.2 s.
  const auto r = run(cluster(R"({"name": "default", "slots": 2, "memory_percent": 100, "rules": [
                         {"name": "log_cpu", "predicates": [{"metric": "query_cpu_time", "op": ">",
                          "value": 100}], "action": "log"}]})"),
                     {make_query("a", 0, 60'000), make_query("b", 0, 3'000)}, symbols);
  EXPECT_EQ(r->log.queries.at("a").how, QueryEnd::kCompleted);
  EXPECT_EQ(r->log.queries.at("a").end, 60 * kS);
  ASSERT_EQ(r->log.fired.size(), 1u);  // a, once, at its first evaluation (10 s); b never reaches 100 CPU s
  EXPECT_EQ(r->log.fired.begin()->first, 10 * kS);
}

TEST(Qmr, MostSevereActionWinsAndHopMovesToTheNextQueue) {
  SymbolTable symbols;
  const std::string queues = R"(
    {"name": "q1", "slots": 1, "memory_percent": 49, "query_groups": ["dash"], "rules": [
      {"name": "hop_slow", "predicates": [{"metric": "query_execution_time", "op": ">", "value": 5}], "action": "hop"},
      {"name": "log_slow", "predicates": [{"metric": "query_execution_time", "op": ">", "value": 5}], "action": "log"}]},
    {"name": "q2", "slots": 1, "memory_percent": 50, "query_groups": ["dash"]},
    {"name": "default", "slots": 1, "memory_percent": 1})";
  const auto r = run(cluster(queues), {grouped(symbols, "s", 0, 30'000, "dash")}, symbols);
  const auto& s = r->log.queries.at("s");
  EXPECT_EQ(s.hops, 1u);
  EXPECT_EQ(s.queue, 1u);
  EXPECT_EQ(s.end, 30 * kS);  // reassigned at 10 s with its progress
  EXPECT_EQ(r->log.fired.size(), 2u);
}

TEST(Qmr, RejectsBadRules) {
  const auto four = R"({"name": "default", "memory_percent": 100, "rules": [{"name": "r", "action": "log",
      "predicates": [{"metric": "query_cpu_time", "op": ">", "value": 1}, {"metric": "query_cpu_time", "op": ">",
      "value": 2}, {"metric": "query_cpu_time", "op": ">", "value": 3}, {"metric": "query_cpu_time", "op": ">",
      "value": 4}]}]})";
  try {
    testing::scenario_from(cluster(four));
    FAIL() << "accepted a rule with 4 predicates";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("$.endpoints[0].wlm.queues[0].rules[0].predicates"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("1 to 3 predicates"), std::string::npos) << e.what();
  }
  const auto bad_metric =
      R"({"name": "default", "memory_percent": 100, "rules": [{"name": "r", "action": "log",
      "predicates": [{"metric": "scan_row_count", "op": ">", "value": 1}]}]})";
  EXPECT_THROW(testing::scenario_from(cluster(bad_metric)), InputError);
}

TEST(ResultCache, AHitTakesNoSlotAndAWriteInvalidatesIt) {
  SymbolTable symbols;
  const std::string queues = R"(
    {"name": "etl", "slots": 1, "memory_percent": 50, "user_groups": ["loader"]},
    {"name": "default", "slots": 1, "memory_percent": 50})";
  auto select = [&](const std::string& id, SimTime at) {
    Query q = make_query(id, at, 10'000);
    q.fingerprint = 0xF1;
    q.read_tables = symbols.intern("sales.orders;core.flights");
    return q;
  };
  Query blocker = make_query("blocker", 11 * kS, 100'000);
  Query write = make_query("write", 13 * kS, 1'000, QueryType::kInsert);
  write.user = symbols.intern("loader");
  write.write_tables = symbols.intern("core.flights");
  const auto r =
      run(cluster(queues),
          {select("first", 0), blocker, select("repeat", 12 * kS), write, select("after_write", 20 * kS)},
          symbols);
  const auto& repeat = r->log.queries.at("repeat");
  EXPECT_TRUE(repeat.cache_hit);
  EXPECT_EQ(repeat.end - repeat.arrival, 5'000);  // answered while the blocker holds the only slot
  const auto& after = r->log.queries.at("after_write");
  EXPECT_FALSE(after.cache_hit);
  EXPECT_EQ(after.end, 121 * kS);  // waited for the blocker (11 s + 100 s), then ran 10 s
  EXPECT_EQ(r->result.recorder->overall().result_cache_hits, 1u);
}

}  // namespace
}  // namespace rsim
