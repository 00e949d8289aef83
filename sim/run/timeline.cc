#include "sim/run/timeline.h"

#include <algorithm>

namespace rsim {

Timeline::Timeline(SimTime first_minute, const std::vector<double>& initial_rpu, SimTime start)
    : series_(first_minute, 60'000'000, kMaxBins, initial_rpu.size() * kChannels),
      levels_(initial_rpu.size()),
      start_(start),
      end_(start) {
  for (std::size_t i = 0; i < levels_.size(); ++i) {
    levels_[i].since = start;
    levels_[i].rpu = initial_rpu[i];
  }
}

void Timeline::advance(std::uint32_t endpoint, SimTime now) {
  Levels& l = levels_[endpoint];
  if (now <= l.since) return;
  // Channel order kRunning, kQueued, kRpu, kBusyRpu, kClusters: one pass over the bins for all five.
  const double levels[5] = {l.running, l.queued, l.rpu, l.busy_rpu, l.clusters};
  series_.integrate(channel(endpoint, kRunning), levels, 5, l.since, now);
  l.since = now;
}

void Timeline::query_finished(const QueryInFlight& q, SimTime now, QueryEnd end) {
  series_.add(channel(q.endpoint, kArrivals), q.query.arrival, 1.0);
  if (end == QueryEnd::kAborted) return;
  series_.add(channel(q.endpoint, kCompletions), now, 1.0);
  series_.add(channel(q.endpoint, kQueueWait), now, static_cast<double>(q.queue_us));
}

void Timeline::endpoint_state(std::uint32_t endpoint, SimTime now, std::uint32_t running,
                              std::uint32_t queued) {
  advance(endpoint, now);
  Levels& l = levels_[endpoint];
  l.running = running;
  l.queued = queued;
  l.busy_rpu = running > 0 ? l.rpu : 0.0;
}

void Timeline::capacity_changed(std::uint32_t endpoint, SimTime now, double rpu) {
  advance(endpoint, now);
  Levels& l = levels_[endpoint];
  l.rpu = rpu;
  l.busy_rpu = l.running > 0 ? rpu : 0.0;
}

void Timeline::clusters_changed(std::uint32_t endpoint, SimTime now, std::uint32_t clusters) {
  advance(endpoint, now);
  levels_[endpoint].clusters = clusters;
}

void Timeline::finish(SimTime end) {
  // Housekeeping after the last departure (a scaling cluster that finishes starting) may have moved a level
  // past `end`: the series then ends there, so that every bin's mean divides by the time it holds.
  for (const Levels& l : levels_) end = std::max(end, l.since);
  for (std::uint32_t e = 0; e < levels_.size(); ++e) advance(e, end);
  end_ = end;
}

}  // namespace rsim
