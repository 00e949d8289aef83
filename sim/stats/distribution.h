// One duration metric recorded three ways: a log-linear histogram for percentiles, an exact streaming
// summary for the mean and extremes, and batch means for the mean's confidence interval (µs in).
#pragma once

#include "sim/core/time.h"
#include "sim/stats/confidence.h"
#include "sim/stats/histogram.h"
#include "sim/stats/summary.h"

namespace rsim {

struct Distribution {
  LogLinearHistogram histogram;  // µs
  Summary summary;               // µs
  BatchMeans batches;            // µs

  void add(SimDuration us) {
    const auto v = static_cast<std::uint64_t>(us < 0 ? 0 : us);
    histogram.record(v);
    summary.add(static_cast<double>(v));
    batches.add(static_cast<double>(v));
  }
};

// Percentiles (within 1.6%) and moments without the batch means, for breakdowns over many labels (users):
// a few KB per metric instead of tens.
struct CompactDistribution {
  CompactHistogram histogram;  // µs
  Summary summary;             // µs

  void add(SimDuration us) {
    const auto v = static_cast<std::uint64_t>(us < 0 ? 0 : us);
    histogram.record(v);
    summary.add(static_cast<double>(v));
  }
  void merge(const CompactDistribution& o) {
    histogram.merge(o.histogram);
    summary.merge(o.summary);
  }
};

}  // namespace rsim
