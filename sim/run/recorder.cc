#include "sim/run/recorder.h"

namespace rsim {

Recorder::Recorder(std::size_t endpoints, SimTime start) : start_(start), endpoints_(endpoints) {
  for (auto& e : endpoints_) {
    e.running.start(start);
    e.queued.start(start);
    e.busy.start(start);
  }
}

void Recorder::add(EndpointRecord& r, const QueryInFlight& q, SimTime now, QueryEnd end) {
  if (end == QueryEnd::kAborted) {
    ++r.aborted;
    return;
  }
  ++r.completed;
  r.spilled += q.spilled;
  r.result_cache_hits += q.result_cache_hit;
  r.latency.add(now - q.query.arrival);
  r.queue.add(q.admitted - q.query.arrival);
  r.exec.add(now - q.admitted);
}

void Recorder::query_finished(const QueryInFlight& q, SimTime now, QueryEnd end) {
  add(endpoints_[q.endpoint], q, now, end);
  add(overall_, q, now, end);
}

void Recorder::endpoint_state(std::uint32_t endpoint, SimTime now, std::uint32_t running, std::uint32_t queued) {
  EndpointRecord& e = endpoints_[endpoint];
  e.running.set(now, running);
  e.queued.set(now, queued);
  e.busy.set(now, running > 0 ? 1.0 : 0.0);
}

}  // namespace rsim
