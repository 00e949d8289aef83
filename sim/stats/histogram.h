// A log-linear histogram of non-negative integers (durations in microseconds) with bounded memory.
//
// Values below 2^(SubBits+1) are kept exactly. Above that, each power of two is split into 2^SubBits equal
// buckets, so a bucket spans at most 1/2^SubBits of its lower bound. A quantile is reported as its bucket's
// midpoint (clamped to the exact min and max), so its relative error is at most 2^-(SubBits+1).
// LogLinearHistogram (SubBits 8: 0.2%) serves the headline figures: at most ~14,600 counters (for values up
// to 2^63), allocated only up to the largest value seen. CompactHistogram (SubBits 5: 1.6%, about 7 KB for
// values up to an hour) serves breakdowns over many labels (users). Counts are 64-bit in both: merged
// breakdowns of long traces must not wrap.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

namespace rsim {

template <int SubBits, typename Count>
class BasicLogLinearHistogram {
 public:
  static constexpr int kSubBits = SubBits;
  static constexpr double kMaxRelativeError = 1.0 / (1 << (kSubBits + 1));

  void record(std::uint64_t value, std::uint64_t count = 1) {
    const std::size_t i = index_of(value);
    if (i >= counts_.size()) counts_.resize(i + 1, 0);
    counts_[i] += static_cast<Count>(count);
    total_ += count;
    if (value < min_) min_ = value;
    if (value > max_) max_ = value;
  }

  // Counts one value known only by its bucket (index_of(value)). Until set_extremes, min() and max() hold the
  // bucket's bounds.
  void record_bucket(std::size_t i) {
    if (i >= counts_.size()) counts_.resize(i + 1, 0);
    ++counts_[i];
    ++total_;
    min_ = std::min(min_, lower_bound_of(i));
    max_ = std::max(max_, lower_bound_of(i) + width_of(i) - 1);
  }
  // Sets the exact extremes of what was recorded by bucket. REQUIRES: they fall in the extreme buckets.
  void set_extremes(std::uint64_t min, std::uint64_t max) {
    min_ = min;
    max_ = max;
  }

  void merge(const BasicLogLinearHistogram& other) {
    if (other.counts_.size() > counts_.size()) counts_.resize(other.counts_.size(), 0);
    for (std::size_t i = 0; i < other.counts_.size(); ++i) counts_[i] += other.counts_[i];
    total_ += other.total_;
    if (other.total_) {
      min_ = std::min(min_, other.min_);
      max_ = std::max(max_, other.max_);
    }
  }

  std::uint64_t count() const { return total_; }
  std::uint64_t min() const { return total_ ? min_ : 0; }
  std::uint64_t max() const { return max_; }

  // The q-quantile (0 <= q <= 1) by the nearest-rank rule: the smallest recorded value v such that at least
  // ceil(q * count) values are <= v, reported within kMaxRelativeError. Returns 0 when empty.
  double quantile(double q) const {
    if (total_ == 0) return 0.0;
    q = std::clamp(q, 0.0, 1.0);
    const auto rank =
        std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total_))));
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

  // Number of recorded values <= v (exact at bucket boundaries, so approximate within a bucket).
  std::uint64_t count_at_or_below(std::uint64_t v) const {
    const std::size_t last = index_of(v);
    std::uint64_t n = 0;
    for (std::size_t i = 0; i <= last && i < counts_.size(); ++i) n += counts_[i];
    return n;
  }

  static std::size_t index_of(std::uint64_t v) {
    const int width = std::bit_width(v);
    const int shift = width > kSubBits + 1 ? width - (kSubBits + 1) : 0;
    return (static_cast<std::size_t>(shift) << kSubBits) + static_cast<std::size_t>(v >> shift);
  }
  // Smallest value that falls in bucket i.
  static std::uint64_t lower_bound_of(std::size_t i) {
    if (i < kExactLimit) return i;
    const std::size_t shift = (i >> kSubBits) - 1;
    const std::uint64_t mantissa = (i & ((std::size_t{1} << kSubBits) - 1)) | (std::size_t{1} << kSubBits);
    return mantissa << shift;
  }
  // Number of values that fall in bucket i.
  static std::uint64_t width_of(std::size_t i) {
    if (i < kExactLimit) return 1;
    return std::uint64_t{1} << ((i >> kSubBits) - 1);
  }

 private:
  static constexpr std::size_t kExactLimit = std::size_t{1} << (kSubBits + 1);
  std::vector<Count> counts_;
  std::uint64_t total_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t max_ = 0;
};

using LogLinearHistogram = BasicLogLinearHistogram<8, std::uint64_t>;
using CompactHistogram = BasicLogLinearHistogram<5, std::uint64_t>;

}  // namespace rsim
