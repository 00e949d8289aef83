// What models report as they run. Models emit; the run decides what to record (sim/run/recorder.h).
#pragma once

#include <cstdint>

#include "models/query_pool.h"
#include "sim/core/time.h"

namespace rsim {

enum class QueryEnd : std::uint8_t { kCompleted, kAborted };

class MeasurementSink {
 public:
  virtual ~MeasurementSink() = default;
  // A query has left the system (done or aborted) at `now`. The record is valid only during the call.
  virtual void query_finished(const QueryInFlight& q, SimTime now, QueryEnd end) = 0;
  // An endpoint's occupancy changed at `now`.
  virtual void endpoint_state(std::uint32_t endpoint, SimTime now, std::uint32_t running,
                              std::uint32_t queued) = 0;
  // A query monitoring rule (index in the endpoint's rule list) fired for a query at `now`.
  virtual void rule_fired(std::uint32_t endpoint, std::uint32_t rule, SimTime now) = 0;
  // A serverless workgroup's capacity changed to `rpu` at `now` (not called for its initial base capacity).
  virtual void capacity_changed(std::uint32_t /*endpoint*/, SimTime /*now*/, double /*rpu*/) {}
  // A provisioned cluster's concurrency-scaling clusters (starting or attached) changed to `clusters`.
  virtual void scaling_clusters_changed(std::uint32_t /*endpoint*/, SimTime /*now*/,
                                        std::uint32_t /*clusters*/) {}
};

}  // namespace rsim
