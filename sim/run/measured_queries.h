// Queries that share something (a label, a user), counted, with their latency, queue wait and execution
// distributions (D: Distribution, or CompactDistribution where there are many).
#pragma once

#include <cstdint>

#include "models/measurements.h"
#include "sim/stats/distribution.h"

namespace rsim {

template <typename D>
struct MeasuredQueriesOf {
  std::uint64_t completed = 0;
  std::uint64_t aborted = 0;
  D latency, queue, exec;

  std::uint64_t queries() const { return completed + aborted; }
  void add(const QueryInFlight& q, SimTime now, QueryEnd end) {
    if (end == QueryEnd::kAborted) {
      ++aborted;
      return;
    }
    ++completed;
    latency.add(now - q.query.arrival);
    // Queue wait over all attempts; execution is the rest, including work a restarted hop lost.
    queue.add(q.queue_us);
    exec.add(now - q.query.arrival - q.queue_us);
  }
  void merge(const MeasuredQueriesOf& o) {
    completed += o.completed;
    aborted += o.aborted;
    latency.merge(o.latency);
    queue.merge(o.queue);
    exec.merge(o.exec);
  }
};

using MeasuredQueries = MeasuredQueriesOf<CompactDistribution>;

}  // namespace rsim
