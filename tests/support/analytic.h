// Closed-form results of queueing theory: the independent truths the analytic tests check the engine against.
#pragma once

#include <cmath>
#include <cstdint>

namespace rsim::testing {

// How large an analytic run is. The optimised build checks accuracy at full size, where the statistical
// error is far below each test's tolerance. Under the sanitizers (RSIM_TESTS_SANITIZED), where a query costs
// about ten times as much, the same tests run at 1/10 of the size: every path still runs under ASan and
// UBSan, each figure is held to its tolerance times sqrt(10) (the statistical error grows as 1/sqrt(n)), and
// the closed form must still lie inside the run's own 99% confidence interval.
#ifdef RSIM_TESTS_SANITIZED
inline constexpr std::uint64_t kAnalyticShrink = 10;
#else
inline constexpr std::uint64_t kAnalyticShrink = 1;
#endif
inline constexpr std::uint64_t analytic_queries(std::uint64_t full_size) {
  return full_size / kAnalyticShrink;
}
inline double analytic_tolerance(double full_size_tolerance) {
  return full_size_tolerance * std::sqrt(static_cast<double>(kAnalyticShrink));
}

// Erlang C: probability that an arrival waits in M/M/c with offered load a = lambda / mu (a < c).
inline double erlang_c(int c, double a) {
  // Erlang B by its stable recursion, then C = B / (1 - rho (1 - B)).
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  const double rho = a / c;
  return b / (1.0 - rho * (1.0 - b));
}

// Mean wait in queue of M/M/c.
inline double mmc_mean_wait(int c, double lambda, double mu) {
  return erlang_c(c, lambda / mu) / (c * mu - lambda);
}

// Mean response time of M/G/1 processor sharing (insensitive to the work distribution).
inline double mg1_ps_mean_response(double mean_service, double rho) { return mean_service / (1.0 - rho); }

}  // namespace rsim::testing
