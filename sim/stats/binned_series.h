// Several quantities per time bin from an origin (per-minute counts, plots over time): sums of values
// (counts, queue waits)
// and integrals of piecewise-constant levels (running queries, capacity), in bounded memory. When time passes
// the last bin allowed, every bin doubles in width (neighbours add), so a series over any span keeps at
// most `max_bins` bins. A level's mean over a bin is its integral over the bin's width.
#pragma once

#include <algorithm>
#include <cassert>
#include <vector>

#include "sim/core/time.h"

namespace rsim {

class BinnedSeries {
 public:
  // REQUIRES: width > 0, max_bins >= 2, channels >= 1.
  BinnedSeries(SimTime origin, SimDuration width, std::size_t max_bins, std::size_t channels)
      : origin_(origin), width_(width), max_bins_(max_bins), values_(channels) {
    assert(width > 0 && max_bins >= 2 && channels >= 1);
  }

  // Adds x to the bin holding time t (times before the origin: the first bin).
  void add(std::size_t channel, SimTime t, double x) { at(channel, bin_of(t)) += x; }

  // Adds the integral of constant levels over [from, to) (level x µs), spread over the bins it covers:
  // levels[k] to channel first + k.
  void integrate(std::size_t first, const double* levels, std::size_t n, SimTime from, SimTime to) {
    from = std::max(from, origin_);
    if (to <= from) return;
    bin_of(to - 1);  // widens first, so the bins below are final
    std::size_t b = bin_of(from);
    while (from < to) {
      const SimTime bin_end = origin_ + static_cast<SimDuration>(b + 1) * width_;
      const SimTime upto = std::min(to, bin_end);
      const auto span = static_cast<double>(upto - from);
      for (std::size_t k = 0; k < n; ++k) {
        if (levels[k] != 0) at(first + k, b) += levels[k] * span;
      }
      from = upto;
      ++b;
    }
  }

  SimTime origin() const { return origin_; }
  SimDuration width() const { return width_; }  // µs: the initial width times a power of two
  // The number of bins up to and including the one holding t.
  std::size_t bins_through(SimTime t) const {
    return t <= origin_ ? 1 : static_cast<std::size_t>((t - origin_) / width_) + 1;
  }
  // How much of [from, to) falls in each of bins [0, n) (µs).
  std::vector<double> overlap(SimTime from, SimTime to, std::size_t n) const {
    std::vector<double> out(n, 0.0);
    for (std::size_t b = 0; b < n; ++b) {
      const SimTime lo = std::max(origin_ + static_cast<SimDuration>(b) * width_, from);
      const SimTime hi = std::min(origin_ + static_cast<SimDuration>(b + 1) * width_, to);
      if (hi > lo) out[b] = static_cast<double>(hi - lo);
    }
    return out;
  }
  // The number of bins up to one channel's last value added.
  std::size_t size(std::size_t channel) const { return values_[channel].size(); }
  // One channel's values for bins [0, n): zeros past the last value added.
  std::vector<double> values(std::size_t channel, std::size_t n) const {
    std::vector<double> out(
        values_[channel].begin(),
        values_[channel].begin() + static_cast<std::ptrdiff_t>(std::min(n, values_[channel].size())));
    out.resize(n, 0.0);
    return out;
  }

 private:
  std::size_t bin_of(SimTime t) {
    const SimDuration since = t > origin_ ? t - origin_ : 0;
    while (static_cast<std::size_t>(since / width_) >= max_bins_) coarsen();
    return static_cast<std::size_t>(since / width_);
  }
  double& at(std::size_t channel, std::size_t bin) {
    std::vector<double>& v = values_[channel];
    if (bin >= v.size()) v.resize(bin + 1, 0.0);
    return v[bin];
  }
  void coarsen() {
    width_ *= 2;
    for (auto& v : values_) {
      for (std::size_t i = 0; i < v.size(); ++i) v[i / 2] = (i % 2 ? v[i / 2] : 0.0) + v[i];
      v.resize((v.size() + 1) / 2);
    }
  }

  SimTime origin_;
  SimDuration width_;
  std::size_t max_bins_;
  std::vector<std::vector<double>> values_;
};

}  // namespace rsim
