// What each observed execution went through: how many queries ran beside it, and at what capacity, for how
// long. The fit needs this because under limited processor sharing (models/model.md section 3) a query's
// progress rate at any instant depends on both:
//   work done = integral over its execution of  M(n(t)) / n(t) * speed(C(t)) dt
// so the observed execution intervals of all queries on an endpoint, with its capacity series, determine the
// work each query must have had for any candidate M and serial fraction.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/core/time.h"

namespace rsim {

// One execution on one endpoint.
struct ExecutionInterval {
  SimTime start = 0;
  SimTime end = 0;  // REQUIRES: end > start
  std::uint32_t endpoint = 0;
};

// A stretch of one execution during which the number running and the capacity stayed the same.
struct ExecutionSegment {
  std::uint32_t running = 1;   // n, this query included
  std::uint32_t capacity = 0;  // index into ExecutionTimeline::capacities()
  double seconds = 0;
};

class ExecutionTimeline {
 public:
  // `capacity_changes[e]`: endpoint e's capacity steps (time, RPU), sorted, the first at or before its first
  // execution; an endpoint of constant capacity has one step.
  ExecutionTimeline(const std::vector<ExecutionInterval>& executions,
                    const std::vector<std::vector<std::pair<SimTime, double>>>& capacity_changes);

  // Segments of execution i, in time order.
  std::pair<const ExecutionSegment*, const ExecutionSegment*> segments(std::size_t i) const {
    return {segments_.data() + offsets_[i], segments_.data() + offsets_[i + 1]};
  }
  // Distinct capacities, RPU.
  const std::vector<double>& capacities() const { return capacities_; }
  std::uint32_t max_running() const { return max_running_; }
  std::size_t size() const { return offsets_.size() - 1; }

 private:
  std::vector<ExecutionSegment> segments_;
  std::vector<std::size_t> offsets_;
  std::vector<double> capacities_;
  std::uint32_t max_running_ = 1;
};

}  // namespace rsim
