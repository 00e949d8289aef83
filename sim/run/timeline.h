// What the plots over time draw, per endpoint: arrivals, completions and their queue wait, time-averaged
// running and queued queries, capacity (RPU), capacity while busy (what serverless bills), and
// concurrency-scaling clusters; in clock-minute bins from the first arrival's minute that widen (doubling)
// past kMaxBins, so memory stays bounded whatever the span.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/measurements.h"
#include "sim/stats/binned_series.h"

namespace rsim {

class Timeline {
 public:
  enum Channel : std::size_t {
    kArrivals,     // queries that arrived at the endpoint (counted when they leave, by arrival time)
    kCompletions,  // queries that completed
    kQueueWait,    // their queue waits (µs), summed
    kRunning,      // integrals (level x µs) of running queries,
    kQueued,       //   queued queries,
    kRpu,          //   capacity,
    kBusyRpu,      //   capacity while anything runs,
    kClusters,     //   and concurrency-scaling clusters (starting or attached)
    kChannels
  };
  static constexpr std::size_t kMaxBins = 720;  // a day in two-minute bins

  // `initial_rpu[i]`: endpoint i's capacity at the start.
  Timeline(SimTime first_minute, const std::vector<double>& initial_rpu, SimTime start);

  void query_finished(const QueryInFlight& q, SimTime now, QueryEnd end);
  void endpoint_state(std::uint32_t endpoint, SimTime now, std::uint32_t running, std::uint32_t queued);
  void capacity_changed(std::uint32_t endpoint, SimTime now, double rpu);
  void clusters_changed(std::uint32_t endpoint, SimTime now, std::uint32_t clusters);
  // Integrates every level up to `end`, or to the latest change if later. REQUIRES: called once, after the
  // run.
  void finish(SimTime end);

  const BinnedSeries& series() const { return series_; }
  static std::size_t channel(std::size_t endpoint, Channel c) { return endpoint * kChannels + c; }
  // The bins from the first minute to the end.
  std::size_t bins() const { return series_.bins_through(std::max(end_ - 1, series_.origin())); }
  SimTime start() const { return start_; }
  SimTime end() const { return end_; }

 private:
  struct Levels {
    SimTime since = 0;
    double running = 0, queued = 0, rpu = 0, busy_rpu = 0, clusters = 0;
  };
  void advance(std::uint32_t endpoint, SimTime now);

  BinnedSeries series_;
  std::vector<Levels> levels_;
  SimTime start_ = 0;
  SimTime end_ = 0;
};

}  // namespace rsim
