// Queries in flight, addressed by small integer handles. Slots are recycled, so the pool's size follows the
// number of queries in the system at once, never the length of the workload.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/event.h"
#include "sim/core/time.h"
#include "workloads/query.h"

namespace rsim {

using QueryHandle = std::uint32_t;

struct QueryInFlight {
  Query query;
  SimTime admitted = 0;               // when its current run started (or it was answered from cache)
  SimTime queued_at = 0;              // when it last entered a wait queue
  SimDuration queue_us = 0;           // time waited in queues, over all its attempts
  double work_us = 0;                 // solo work of the current run
  double spill_mb = 0;                // spilled by the current run (model)
  double prior_us = 0;                // work done before the current run started, when progress was kept
  double memory_mb = 0;               // memory it holds while running (automatic WLM's estimate)
  EventId timeout;                    // pending WLM timeout of the current run
  std::uint32_t endpoint = 0;         // index of the endpoint it runs on
  std::uint32_t running_index = 0;    // the endpoint's bookkeeping
  std::uint32_t rules_fired = 0;      // bit per endpoint rule that has fired for this query
  std::uint16_t queue = 0;            // WLM queue it is in (or finished in)
  std::uint16_t slots = 0;            // slots it holds while running
  std::uint16_t hops = 0;             // times it hopped to another queue
  std::uint8_t cluster = 0;           // 0: the endpoint itself; k > 0: its k-th concurrency-scaling cluster
  std::uint8_t priority = 2;          // automatic WLM priority (Priority)
  std::uint8_t balancer = 0;          // 1 + the load balancer that placed it; 0: none
  std::uint16_t balancer_target = 0;  // its target index there
  std::uint32_t ingest = 0;           // 1 + the dual-write attempt it carries (DualWrite); 0: none
  std::uint64_t seq = 0;              // arrival order in its wait queue
  bool spilled = false;
  bool result_cache_hit = false;
};

class QueryPool {
 public:
  QueryHandle add(const Query& q) {
    const QueryHandle h = acquire();
    slots_[h].query = q;
    return h;
  }
  // A slot in its initial state, for the caller to fill its query in place (a reader writes straight into
  // it: no copy of the query per arrival).
  QueryHandle acquire() {
    QueryHandle h;
    if (!free_.empty()) {
      h = free_.back();
      free_.pop_back();
    } else {
      h = static_cast<QueryHandle>(slots_.size());
      slots_.emplace_back();
    }
    QueryInFlight& s = slots_[h];
    s.admitted = s.queued_at = 0;
    s.queue_us = 0;
    s.work_us = s.spill_mb = s.prior_us = s.memory_mb = 0;
    s.timeout = EventId{};
    s.endpoint = s.running_index = s.rules_fired = 0;
    s.queue = s.slots = s.hops = 0;
    s.cluster = 0;
    s.priority = 2;
    s.balancer = 0;
    s.balancer_target = 0;
    s.ingest = 0;
    s.seq = 0;
    s.spilled = false;
    s.result_cache_hit = false;
    ++live_;
    return h;
  }
  void release(QueryHandle h) {
    free_.push_back(h);
    --live_;
  }
  QueryInFlight& operator[](QueryHandle h) { return slots_[h]; }
  const QueryInFlight& operator[](QueryHandle h) const { return slots_[h]; }
  std::size_t live() const { return live_; }
  std::size_t capacity() const { return slots_.size(); }

 private:
  std::vector<QueryInFlight> slots_;
  std::vector<QueryHandle> free_;
  std::size_t live_ = 0;
};

}  // namespace rsim
