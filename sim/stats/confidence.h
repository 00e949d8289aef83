// Confidence intervals for a mean: across independent replications, or within one long run by batch means.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace rsim {

// Half-width of the two-sided Student-t interval for the mean of `values` at `level` (e.g. 0.95).
// Returns 0 for fewer than two values.
double t_half_width(std::span<const double> values, double level);

// Batch means over a stream of observations with O(1) memory: observations fill batches of equal size;
// when kMaxBatches are full, neighbours are merged pairwise and the batch size doubles. The batch means of a
// long run are then nearly independent, so a t interval over them is valid for the run's mean even though
// the observations themselves are correlated (as successive waits in a queue are).
class BatchMeans {
 public:
  static constexpr std::size_t kMaxBatches = 64;

  void add(double x);

  std::uint64_t count() const { return n_; }
  // Mean of all observations (including a partial last batch).
  double mean() const { return n_ ? total_ / static_cast<double>(n_) : 0.0; }
  // Half-width at `level` from the completed batches (between kMaxBatches/2 and kMaxBatches of them once
  // the run is long). Returns 0 when fewer than two batches are complete.
  double half_width(double level) const;
  std::size_t batches() const { return sums_.size() - (current_count_ ? 1 : 0); }

 private:
  std::vector<double> sums_;  // sum per batch; the last may be partial
  std::uint64_t batch_size_ = 1;
  std::uint64_t current_count_ = 0;
  std::uint64_t n_ = 0;
  double total_ = 0.0;
};

}  // namespace rsim
