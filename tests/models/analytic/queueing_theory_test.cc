// The engine against queueing theory (models/model.md section 12), 10^7 queries per case (analytic.h: 10^6
// under the sanitizers) so that the statistical error is far below the 2% tolerance. Seeds are fixed, not
// chosen: each case also checks that the closed form lies inside the run's own 99% confidence interval (batch
// means).
#include <gtest/gtest.h>

#include "tests/support/analytic.h"
#include "tests/support/run_helpers.h"

namespace rsim {
namespace {

constexpr std::uint64_t kQueries = testing::analytic_queries(10'000'000);

struct MmcCase {
  int c;
  double rho;
};

class ErlangC : public ::testing::TestWithParam<MmcCase> {};

// One FIFO endpoint with c slots and M(n) = n is M/M/c: each slot an independent server.
TEST_P(ErlangC, MeanWaitMatchesErlangC) {
  const auto [c, rho] = GetParam();
  const double mean_service_s = 1.0;
  const double lambda = rho * c / mean_service_s;
  PoissonWorkload w;
  w.rate_per_s = lambda;
  w.mean_work_ms = mean_service_s * 1000;
  w.queries = kQueries;
  const auto r = testing::run_poisson(testing::single_endpoint(c, 1.0), w, 1);
  const auto& queue = r.recorder->overall().queue;
  ASSERT_EQ(queue.summary.count(), kQueries);
  const double expected_s = testing::mmc_mean_wait(c, lambda, 1.0 / mean_service_s);
  const double got_s = queue.summary.mean() * 1e-6;
  const double half_width_s = queue.batches.half_width(0.99) * 1e-6;
  RecordProperty("expected_wait_s", std::to_string(expected_s));
  RecordProperty("simulated_wait_s", std::to_string(got_s));
  EXPECT_NEAR(got_s, expected_s, testing::analytic_tolerance(0.02) * expected_s)
      << "c=" << c << " rho=" << rho;
  EXPECT_NEAR(got_s, expected_s, half_width_s) << "outside the run's 99% confidence interval";
  // Utilization is rho.
  EXPECT_NEAR(r.recorder->overall().exec.summary.mean() * 1e-6, mean_service_s,
              testing::analytic_tolerance(0.01));
}

INSTANTIATE_TEST_SUITE_P(Pairs, ErlangC, ::testing::Values(MmcCase{1, 0.8}, MmcCase{8, 0.9}),
                         [](const auto& param_info) {
                           return "c" + std::to_string(param_info.param.c) + "_rho" +
                                  std::to_string(static_cast<int>(param_info.param.rho * 100));
                         });

struct PsCase {
  WorkDistribution work;
  const char* name;
};

class ProcessorSharingTheory : public ::testing::TestWithParam<PsCase> {};

// No slot limit and M(n) = 1 is M/G/1 processor sharing: mean response E[S] / (1 - rho), whatever the
// distribution of work.
TEST_P(ProcessorSharingTheory, MeanResponseMatches) {
  const double rho = 0.8;
  const double mean_service_s = 0.5;
  PoissonWorkload w;
  w.rate_per_s = rho / mean_service_s;
  w.work = GetParam().work;
  w.mean_work_ms = mean_service_s * 1000;
  w.queries = kQueries;
  const auto r = testing::run_poisson(testing::single_endpoint(0, 0.0), w, 1);
  const auto& latency = r.recorder->overall().latency;
  ASSERT_EQ(latency.summary.count(), kQueries);
  const double expected_s = testing::mg1_ps_mean_response(mean_service_s, rho);
  const double got_s = latency.summary.mean() * 1e-6;
  EXPECT_NEAR(got_s, expected_s, testing::analytic_tolerance(0.02) * expected_s);
  EXPECT_NEAR(got_s, expected_s, latency.batches.half_width(0.99) * 1e-6) << "outside the run's 99% interval";
  // Nobody queues without a slot limit, and the endpoint is busy a fraction rho of the time.
  EXPECT_EQ(r.recorder->overall().queue.summary.max(), 0.0);
  EXPECT_NEAR(r.recorder->endpoint(0).busy.mean(r.end), rho, testing::analytic_tolerance(0.01));
}

INSTANTIATE_TEST_SUITE_P(Work, ProcessorSharingTheory,
                         ::testing::Values(PsCase{WorkDistribution::kExponential, "exponential"},
                                           PsCase{WorkDistribution::kDeterministic, "deterministic"}),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace rsim
