// Automatic WLM against queueing theory (issue 3): one query at a time, two priority classes, aging off is
// the M/G/1 queue with non-preemptive priorities, whose mean waits are Cobham's formula:
//   W_k = W0 / ((1 - s_{k-1}) (1 - s_k)),  W0 = sum_i lambda_i E[S_i^2] / 2,  s_k = load of classes 1..k.
// 10^7 queries (analytic.h: 10^6 under the sanitizers); fixed seed; within 3% and inside the run's 99%
// confidence interval.
#include <gtest/gtest.h>

#include "sim/run/replication.h"
#include "tests/support/analytic.h"
#include "tests/support/run_helpers.h"
#include "tests/support/sources.h"

namespace rsim {
namespace {

TEST(PriorityTheory, AutomaticWlmOneAtATimeMatchesCobham) {
  SymbolTable symbols;
  const Symbol vip = symbols.intern("vip");
  const Symbol batch = symbols.intern("batch");
  PoissonWorkload high, low;
  high.rate_per_s = 0.3;  // exponential work, mean 1 s: E[S^2] = 2 s^2
  high.mean_work_ms = 1000;
  high.queries = testing::analytic_queries(3'750'000);
  low.rate_per_s = 0.5;
  low.mean_work_ms = 1000;
  low.queries = testing::analytic_queries(6'250'000);  // the two streams span the same time: 12.5e6 s
  PoissonSource ph(high, RandomStream(1, "high", "arrivals"), RandomStream(1, "high", "work"));
  PoissonSource pl(low, RandomStream(1, "low", "arrivals"), RandomStream(1, "low", "work"));
  testing::TaggedSource th(ph, "h", [&](Query& q) { q.user = vip; });
  testing::TaggedSource tl(pl, "l", [&](Query& q) { q.user = batch; });
  testing::MergedSource both(th, tl);
  const Scenario s =
      testing::scenario_from(R"({"name": "auto", "endpoints": [{"name": "c", "kind": "provisioned",
      "node_type": "ra3.4xlarge", "nodes": 2, "sqa": {"enabled": false},
      "wlm": {"mode": "auto", "max_concurrency": 1, "aging": false, "queues": [
        {"name": "vip", "priority": "high", "user_groups": ["vip"]},
        {"name": "default", "priority": "low"}]}}]})");
  const auto r = run_replication(s, both, symbols, 1);
  const auto& queues = r.recorder->endpoint(0).queues;
  const double w0 = (0.3 * 2.0 + 0.5 * 2.0) / 2.0;
  const double s1 = 0.3, s2 = 0.8;
  const double expected_high = w0 / (1.0 - s1);
  const double expected_low = w0 / ((1.0 - s1) * (1.0 - s2));
  const double got_high = queues[0].queue.summary.mean() * 1e-6;
  const double got_low = queues[1].queue.summary.mean() * 1e-6;
  RecordProperty("cobham_high_s", std::to_string(expected_high));
  RecordProperty("simulated_high_s", std::to_string(got_high));
  RecordProperty("cobham_low_s", std::to_string(expected_low));
  RecordProperty("simulated_low_s", std::to_string(got_low));
  EXPECT_NEAR(got_high, expected_high, testing::analytic_tolerance(0.03) * expected_high);
  EXPECT_NEAR(got_low, expected_low, testing::analytic_tolerance(0.03) * expected_low);
  EXPECT_NEAR(got_high, expected_high, queues[0].queue.batches.half_width(0.99) * 1e-6)
      << "outside the 99% interval";
  EXPECT_NEAR(got_low, expected_low, queues[1].queue.batches.half_width(0.99) * 1e-6)
      << "outside the 99% interval";
}

}  // namespace
}  // namespace rsim
