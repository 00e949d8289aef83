#include "workloads/synthetic/poisson_source.h"

#include <charconv>
#include <cmath>

namespace rsim {

bool PoissonSource::next(Query& q) {
  if (n_ >= w_.queries) return false;
  t_ += arrivals_.exponential(1e6 / w_.rate_per_s);
  q.ordinal = n_;
  char buf[24] = {'q'};
  const auto end = std::to_chars(buf + 1, buf + sizeof buf, n_).ptr;
  q.id.assign(buf, end);
  q.arrival = static_cast<SimTime>(std::llround(t_));
  q.session = n_;
  switch (w_.work) {
    case WorkDistribution::kExponential:
      q.exec_ms = work_.exponential(w_.mean_work_ms);
      break;
    case WorkDistribution::kDeterministic:
      q.exec_ms = w_.mean_work_ms;
      break;
    case WorkDistribution::kLognormal: {
      const double s = w_.lognormal_sigma;
      q.exec_ms = work_.lognormal(std::log(w_.mean_work_ms) - s * s / 2, s);
      break;
    }
  }
  ++n_;
  return true;
}

}  // namespace rsim
