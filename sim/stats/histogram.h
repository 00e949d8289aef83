// A log-linear histogram of non-negative integers (durations in microseconds) with bounded memory.
//
// Values below 2^(kSubBits+1) are kept exactly. Above that, each power of two is split into 2^kSubBits equal
// buckets, so a bucket spans at most 1/2^kSubBits of its lower bound. A quantile is reported as its bucket's
// midpoint (clamped to the exact min and max), so its relative error is at most 2^-(kSubBits+1) = 0.2%.
// Memory: at most ~14,600 counters (for values up to 2^63), allocated only up to the largest value seen.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

namespace rsim {

class LogLinearHistogram {
 public:
  static constexpr int kSubBits = 8;
  static constexpr double kMaxRelativeError = 1.0 / (1 << (kSubBits + 1));

  void record(std::uint64_t value, std::uint64_t count = 1) {
    const std::size_t i = index_of(value);
    if (i >= counts_.size()) counts_.resize(i + 1, 0);
    counts_[i] += count;
    total_ += count;
    if (value < min_) min_ = value;
    if (value > max_) max_ = value;
  }

  void merge(const LogLinearHistogram& other);

  std::uint64_t count() const { return total_; }
  std::uint64_t min() const { return total_ ? min_ : 0; }
  std::uint64_t max() const { return max_; }

  // The q-quantile (0 <= q <= 1) by the nearest-rank rule: the smallest recorded value v such that at least
  // ceil(q * count) values are <= v, reported within kMaxRelativeError. Returns 0 when empty.
  double quantile(double q) const;

  // Number of recorded values <= v (exact at bucket boundaries, so approximate within a bucket).
  std::uint64_t count_at_or_below(std::uint64_t v) const;

  static std::size_t index_of(std::uint64_t v) {
    const int width = std::bit_width(v);
    const int shift = width > kSubBits + 1 ? width - (kSubBits + 1) : 0;
    return (static_cast<std::size_t>(shift) << kSubBits) + static_cast<std::size_t>(v >> shift);
  }
  // Smallest value that falls in bucket i.
  static std::uint64_t lower_bound_of(std::size_t i);
  // Number of values that fall in bucket i.
  static std::uint64_t width_of(std::size_t i);

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t total_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t max_ = 0;
};

}  // namespace rsim
