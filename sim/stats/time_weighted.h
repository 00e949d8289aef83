// The time average of a piecewise-constant quantity (queue length, running queries, capacity):
// call set(t, v) whenever it changes; mean(t_end) integrates up to t_end.
#pragma once

#include <algorithm>

#include "sim/core/time.h"

namespace rsim {

class TimeWeighted {
 public:
  // Starts integrating at `start` with value `v`.
  void start(SimTime start, double v = 0.0) {
    start_ = last_ = start;
    value_ = v;
    area_ = 0.0;
    peak_ = v;
  }

  // REQUIRES: t >= the time of the previous call.
  void set(SimTime t, double v) {
    area_ += value_ * static_cast<double>(t - last_);
    last_ = t;
    value_ = v;
    peak_ = std::max(peak_, v);
  }

  double value() const { return value_; }
  double peak() const { return peak_; }

  // Mean over [start, end]. REQUIRES: end >= the time of the last set().
  double mean(SimTime end) const {
    const double span = static_cast<double>(end - start_);
    if (span <= 0) return value_;
    return (area_ + value_ * static_cast<double>(end - last_)) / span;
  }
  // Integral over [start, end], in value x microseconds.
  double integral(SimTime end) const { return area_ + value_ * static_cast<double>(end - last_); }

 private:
  SimTime start_ = 0;
  SimTime last_ = 0;
  double value_ = 0.0;
  double area_ = 0.0;
  double peak_ = 0.0;
};

}  // namespace rsim
