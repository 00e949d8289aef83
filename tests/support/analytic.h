// Closed-form results of queueing theory: the independent truths the analytic tests check the engine against.
#pragma once

#include <cmath>

namespace rsim::testing {

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
