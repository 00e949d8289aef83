#include "sim/stats/confidence.h"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>

#include "sim/stats/summary.h"

namespace rsim {

double t_half_width(std::span<const double> values, double level) {
  if (values.size() < 2) return 0.0;
  Summary s;
  for (const double v : values) s.add(v);
  const boost::math::students_t dist(static_cast<double>(values.size() - 1));
  const double t = boost::math::quantile(dist, 0.5 + level / 2.0);
  return t * s.stddev() / std::sqrt(static_cast<double>(values.size()));
}

void BatchMeans::add(double x) {
  ++n_;
  total_ += x;
  if (current_count_ == 0) sums_.push_back(0.0);
  sums_.back() += x;
  if (++current_count_ < batch_size_) return;
  current_count_ = 0;
  if (sums_.size() == kMaxBatches) {
    for (std::size_t i = 0; i < kMaxBatches / 2; ++i) sums_[i] = sums_[2 * i] + sums_[2 * i + 1];
    sums_.resize(kMaxBatches / 2);
    batch_size_ *= 2;
  }
}

double BatchMeans::half_width(double level) const {
  const std::size_t complete = batches();
  if (complete < 2) return 0.0;
  std::vector<double> means(complete);
  for (std::size_t i = 0; i < complete; ++i) means[i] = sums_[i] / static_cast<double>(batch_size_);
  return t_half_width(means, level);
}

}  // namespace rsim
