// Poisson arrivals with i.i.d. work, generated in process: the open-queue workload behind the analytic tests
// (M/M/c, M/G/1-PS) and the engine benchmarks.
#pragma once

#include <cstdint>

#include "sim/core/random.h"
#include "workloads/query.h"

namespace rsim {

enum class WorkDistribution { kExponential, kDeterministic, kLognormal };

struct PoissonWorkload {
  double rate_per_s = 1.0;
  WorkDistribution work = WorkDistribution::kExponential;
  double mean_work_ms = 1000.0;
  double lognormal_sigma = 1.0;  // kLognormal only; mu is set so that the mean is mean_work_ms
  std::uint64_t queries = 0;
  SimTime start = 0;
};

class PoissonSource final : public QuerySource {
 public:
  PoissonSource(const PoissonWorkload& w, RandomStream arrivals, RandomStream work)
      : w_(w), arrivals_(std::move(arrivals)), work_(std::move(work)), t_(static_cast<double>(w.start)) {}

  bool next(Query& q) override;

 private:
  PoissonWorkload w_;
  RandomStream arrivals_;
  RandomStream work_;
  double t_;  // µs; kept in floating point so rounding does not accumulate
  std::uint64_t n_ = 0;
};

}  // namespace rsim
