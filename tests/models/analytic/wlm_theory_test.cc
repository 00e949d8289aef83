// Manual WLM queues against queueing theory (issue 3): a queue of c slots with M(n) = n is M/M/c, and two
// queues with disjoint routing are two independent M/M/c systems, even though they share the cluster.
// 10^7 queries per queue (analytic.h: 10^6 under the sanitizers); fixed seeds; each result must also lie
// inside the run's 99% confidence interval.
#include <gtest/gtest.h>

#include "sim/run/replication.h"
#include "tests/support/analytic.h"
#include "tests/support/run_helpers.h"
#include "tests/support/sources.h"

namespace rsim {
namespace {

std::string cluster(const std::string& queues) {
  return R"({"name": "wlm", "endpoints": [{"name": "c", "kind": "provisioned", "node_type": "ra3.4xlarge",
             "nodes": 2, "concurrency_exponent": 1.0, "sqa": {"enabled": false}, "wlm": {"queues": [)" +
         queues + "]}}]}";
}

void expect_mmc(const Distribution& queue, int c, double lambda, double mu, const std::string& what) {
  const double expected_s = testing::mmc_mean_wait(c, lambda, mu);
  const double got_s = queue.summary.mean() * 1e-6;
  ::testing::Test::RecordProperty(what + ": Erlang C wait s", std::to_string(expected_s));
  ::testing::Test::RecordProperty(what + ": simulated wait s", std::to_string(got_s));
  EXPECT_NEAR(got_s, expected_s, testing::analytic_tolerance(0.02) * expected_s) << what;
  EXPECT_NEAR(got_s, expected_s, queue.batches.half_width(0.99) * 1e-6)
      << what << ": outside the 99% interval";
}

TEST(WlmTheory, OneQueueOfCSlotsIsErlangC) {
  const int c = 5;
  const double rho = 0.85;
  PoissonWorkload w;
  w.rate_per_s = rho * c;  // mean work 1 s
  w.mean_work_ms = 1000;
  w.queries = testing::analytic_queries(10'000'000);
  const auto r =
      testing::run_poisson(testing::scenario_from(cluster(R"({"slots": 5, "memory_percent": 100})")), w, 1);
  ASSERT_EQ(r.recorder->endpoint(0).queues[0].queue.summary.count(), w.queries);
  expect_mmc(r.recorder->endpoint(0).queues[0].queue, c, w.rate_per_s, 1.0, "one queue, c=5, rho=0.85");
}

TEST(WlmTheory, DisjointQueuesAreIndependentMmcSystems) {
  SymbolTable symbols;
  const Symbol alice = symbols.intern("alice");
  const Symbol bob = symbols.intern("bob");
  PoissonWorkload wa, wb;
  wa.rate_per_s = 0.8 * 2 / 0.5;  // queue a: c = 2, mean work 0.5 s, rho 0.8
  wa.mean_work_ms = 500;
  wa.queries = testing::analytic_queries(10'000'000);
  wb.rate_per_s = 0.85 * 3 / 2.0;  // default queue: c = 3, mean work 2 s, rho 0.85
  wb.mean_work_ms = 2000;
  wb.queries = testing::analytic_queries(10'000'000);
  PoissonSource pa(wa, RandomStream(1, "a", "arrivals"), RandomStream(1, "a", "work"));
  PoissonSource pb(wb, RandomStream(1, "b", "arrivals"), RandomStream(1, "b", "work"));
  testing::TaggedSource ta(pa, "a", [&](Query& q) { q.user = alice; });
  testing::TaggedSource tb(pb, "b", [&](Query& q) { q.user = bob; });
  testing::MergedSource both(ta, tb);
  const Scenario s = testing::scenario_from(cluster(R"(
      {"name": "a", "slots": 2, "memory_percent": 40, "user_groups": ["alice"]},
      {"name": "default", "slots": 3, "memory_percent": 60})"));
  const auto r = run_replication(s, both, symbols, 1);
  const auto& queues = r.recorder->endpoint(0).queues;
  ASSERT_EQ(queues[0].completed, wa.queries);
  ASSERT_EQ(queues[1].completed, wb.queries);
  expect_mmc(queues[0].queue, 2, wa.rate_per_s, 2.0, "queue a, c=2, rho=0.8");
  expect_mmc(queues[1].queue, 3, wb.rate_per_s, 0.5, "default queue, c=3, rho=0.85");
}

}  // namespace
}  // namespace rsim
