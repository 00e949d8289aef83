#include "sim/stats/histogram.h"

#include <algorithm>
#include <cmath>

namespace rsim {

namespace {
constexpr std::size_t kExactLimit = std::size_t{1} << (LogLinearHistogram::kSubBits + 1);
}

std::uint64_t LogLinearHistogram::lower_bound_of(std::size_t i) {
  if (i < kExactLimit) return i;
  const std::size_t shift = (i >> kSubBits) - 1;
  const std::uint64_t mantissa = (i & ((std::size_t{1} << kSubBits) - 1)) | (std::size_t{1} << kSubBits);
  return mantissa << shift;
}

std::uint64_t LogLinearHistogram::width_of(std::size_t i) {
  if (i < kExactLimit) return 1;
  return std::uint64_t{1} << ((i >> kSubBits) - 1);
}

void LogLinearHistogram::merge(const LogLinearHistogram& other) {
  if (other.counts_.size() > counts_.size()) counts_.resize(other.counts_.size(), 0);
  for (std::size_t i = 0; i < other.counts_.size(); ++i) counts_[i] += other.counts_[i];
  total_ += other.total_;
  if (other.total_) {
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }
}

double LogLinearHistogram::quantile(double q) const {
  if (total_ == 0) return 0.0;
  q = std::clamp(q, 0.0, 1.0);
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * total_)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      const double lo = static_cast<double>(lower_bound_of(i));
      const double mid = lo + (static_cast<double>(width_of(i)) - 1.0) / 2.0;
      return std::clamp(mid, static_cast<double>(min_), static_cast<double>(max_));
    }
  }
  return static_cast<double>(max_);
}

std::uint64_t LogLinearHistogram::count_at_or_below(std::uint64_t v) const {
  const std::size_t last = index_of(v);
  std::uint64_t n = 0;
  for (std::size_t i = 0; i <= last && i < counts_.size(); ++i) n += counts_[i];
  return n;
}

}  // namespace rsim
