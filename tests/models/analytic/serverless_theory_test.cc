// A serverless workgroup with scaling off and M(n) = n is M/M/c, like any slotted endpoint: Erlang C at 10^7
// queries (models/model.md section 12; issue 4). Seed fixed, not chosen; the closed form must also lie inside
// the run's 99% confidence interval.
#include <gtest/gtest.h>

#include "tests/support/analytic.h"
#include "tests/support/run_helpers.h"

namespace rsim {
namespace {

TEST(ServerlessTheory, WorkgroupWithoutScalingMatchesErlangC) {
  constexpr std::uint64_t kQueries = testing::analytic_queries(10'000'000);
  const int c = 4;
  const double rho = 0.85, mean_service_s = 1.0;
  const double lambda = rho * c / mean_service_s;
  const Scenario s =
      testing::scenario_from(R"({"name": "wg", "endpoints": [{"name": "w", "kind": "serverless",
      "base_rpu": 32, "slots": 4, "concurrency_exponent": 1}]})");
  ASSERT_FALSE(s.endpoints[0].serverless.scales());
  PoissonWorkload w;
  w.rate_per_s = lambda;
  w.mean_work_ms = mean_service_s * 1000;
  w.queries = kQueries;
  const auto r = testing::run_poisson(s, w, 1);
  const auto& queue = r.recorder->overall().queue;
  ASSERT_EQ(queue.summary.count(), kQueries);
  const double expected_s = testing::mmc_mean_wait(c, lambda, 1.0 / mean_service_s);
  const double got_s = queue.summary.mean() * 1e-6;
  RecordProperty("expected_wait_s", std::to_string(expected_s));
  RecordProperty("simulated_wait_s", std::to_string(got_s));
  EXPECT_NEAR(got_s, expected_s, testing::analytic_tolerance(0.02) * expected_s);
  EXPECT_NEAR(got_s, expected_s, queue.batches.half_width(0.99) * 1e-6) << "outside the run's 99% interval";
  // Busy nearly all the time at rho = 0.85 with four servers: the meter bills what ran, at 32 RPU.
  const auto& u = r.meters[0].workgroup->usage;
  EXPECT_NEAR(u.rpu_seconds, 32 * u.active_s, 1e-6 * u.rpu_seconds);
  EXPECT_GE(u.charged_rpu_seconds, u.rpu_seconds);
}

}  // namespace
}  // namespace rsim
