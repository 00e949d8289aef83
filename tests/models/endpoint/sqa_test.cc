// Short query acceleration (models/catalog/facts.md 3.3).
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

// One queue of one slot; SQA with a fixed 5 s maximum and exact predictions (sigma 0).
std::string cluster(double exponent,
                    const std::string& sqa = R"("max_runtime_s": 5, "prediction_sigma": 0)") {
  return R"({"name": "sqa", "endpoints": [{"name": "c", "kind": "provisioned", "node_type": "ra3.4xlarge",
    "nodes": 2, "concurrency_exponent": )" +
         std::to_string(exponent) + R"(, "sqa": {)" + sqa + R"(},
    "wlm": {"queues": [{"slots": 1, "memory_percent": 100}]}}]})";
}

struct Outcome {
  ReplicationResult result;
  testing::QueryLog log;
};

std::unique_ptr<Outcome> run(const std::string& scenario, std::vector<Query> qs) {
  auto out = std::make_unique<Outcome>();
  SymbolTable symbols;
  testing::ListSource src(std::move(qs));
  out->result = run_replication(testing::scenario_from(scenario), src, symbols, 1, &out->log);
  return out;
}

TEST(Sqa, AShortSelectThatWouldWaitRunsInTheLane) {
  const auto o = run(cluster(1.0), {make_query("long", 0, 100'000), make_query("short", 1 * kS, 2'000),
                                    make_query("ctas", 1 * kS, 3'000, QueryType::kCtas),
                                    make_query("insert", 1 * kS, 2'000, QueryType::kInsert),
                                    make_query("long2", 1 * kS, 8'000)});
  EXPECT_EQ(o->log.queries.at("short").end, 3 * kS);
  EXPECT_EQ(o->log.queries.at("short").queue, 1u);  // the lane comes after the WLM queues
  EXPECT_EQ(o->log.queries.at("ctas").end, 4 * kS);
  EXPECT_EQ(o->log.queries.at("insert").end, 102 * kS);  // not eligible: waits for the slot
  EXPECT_EQ(o->log.queries.at("long2").end, 110 * kS);   // predicted past the maximum: waits too
  const auto& lane = o->result.recorder->endpoint(0).queues[1];
  EXPECT_EQ(lane.completed, 2u);
}

TEST(Sqa, AQueryThatOverrunsTheMaximumMovesToItsQueue) {
  // M(n) = 1: the short query shares the cluster with the long one, so its 4 s of work would take 8 s. It
  // passes the 5 s maximum at 6 s, leaves the lane, and waits for the queue's slot (work lost).
  const auto o = run(cluster(0.0), {make_query("long", 0, 100'000), make_query("short", 1 * kS, 4'000)});
  const auto& s = o->log.queries.at("short");
  EXPECT_EQ(s.queue, 0u);
  // long had 100 s alone minus the shared stretch: from 1 s to 6 s it got half speed (2.5 s of work lost to
  // sharing), so it finishes at 102.5 s; short then runs its 4 s again.
  EXPECT_EQ(s.end, 106'500'000);
}

TEST(Sqa, DynamicMaximumFollowsTheSeventiethPercentilePlusTwoSeconds) {
  std::vector<Query> qs;
  // An hour of 1 s selects, one every 10 s, then one more after the hour closes.
  for (int i = 0; i <= 370; ++i) qs.push_back(make_query("q" + std::to_string(i), i * 10 * kS, 1'000));
  const auto o = run(cluster(1.0, R"("prediction_sigma": 0)"), qs);
  EXPECT_NEAR(o->result.meters[0].sqa_max_runtime_s, 3.0, 0.02);  // p70 = 1 s, + 2 s
}

TEST(Sqa, FixedMaximumOutsideOneToTwentySecondsIsRejected) {
  EXPECT_THROW(testing::scenario_from(cluster(1.0, R"("max_runtime_s": 25)")), InputError);
}

}  // namespace
}  // namespace rsim
