#include "sim/run/recorder.h"

#include <algorithm>

namespace rsim {

Recorder::Recorder(const std::vector<std::size_t>& queues, const std::vector<std::size_t>& rules,
                   const std::vector<double>& initial_rpu, SimTime start)
    : start_(start),
      last_departure_(start),
      endpoints_(queues.size()),
      throughput_(first_minute(), 60'000'000, kMaxThroughputBins, 2),
      timeline_(first_minute(), initial_rpu, start) {
  for (std::size_t i = 0; i < endpoints_.size(); ++i) {
    EndpointRecord& e = endpoints_[i];
    e.running.start(start);
    e.queued.start(start);
    e.busy.start(start);
    e.queues.resize(queues[i]);
    e.rule_fired.resize(rules[i]);
  }
}

void QueryRecord::add(const QueryInFlight& q, SimTime now, QueryEnd end) {
  hopped += q.hops > 0;
  spilled += q.spilled;
  concurrency_scaling += q.cluster > 0;
  result_cache_hits += end == QueryEnd::kCompleted && q.result_cache_hit;
  MeasuredQueriesOf::add(q, now, end);
}

void Recorder::query_finished(const QueryInFlight& q, SimTime now, QueryEnd end) {
  if (now > last_departure_) last_departure_ = now;
  EndpointRecord& e = endpoints_[q.endpoint];
  e.add(q, now, end);
  if (!q.result_cache_hit && !e.queues.empty()) e.queues[q.queue].add(q, now, end);
  overall_.add(q, now, end);
  domains_.at(q.query.domain).add(q, now, end);
  query_groups_.at(q.query.query_group).add(q, now, end);
  users_.add(q.query.user, q, now, end);
  query_types_[static_cast<std::size_t>(q.query.type)].add(q, now, end);
  timeline_.query_finished(q, now, end);
  throughput_.add(kArrivals, q.query.arrival, 1.0);
  if (end == QueryEnd::kAborted) return;
  throughput_.add(kCompletions, now, 1.0);
  // The longest queries: a min-heap whose top is the shortest kept (the latest on equal latency).
  const SimDuration latency = now - q.query.arrival;
  const auto shorter = [](const LongQuery& a, const LongQuery& b) {
    return a.latency != b.latency ? a.latency > b.latency : a.ordinal < b.ordinal;
  };
  if (longest_.size() == kLongest) {
    const LongQuery& top = longest_.front();
    if (latency < top.latency || (latency == top.latency && q.query.ordinal > top.ordinal)) return;
    std::pop_heap(longest_.begin(), longest_.end(), shorter);
    longest_.pop_back();
  }
  longest_.push_back(LongQuery{latency, q.query.ordinal, q.query.id, q.query.arrival, q.queue_us,
                               q.query.user, q.query.query_group, q.query.domain, q.query.type, q.endpoint});
  std::push_heap(longest_.begin(), longest_.end(), shorter);
}

std::vector<LongQuery> Recorder::longest() const {
  std::vector<LongQuery> out = longest_;
  std::sort(out.begin(), out.end(), [](const LongQuery& a, const LongQuery& b) {
    return a.latency != b.latency ? a.latency > b.latency : a.ordinal < b.ordinal;
  });
  return out;
}

void Recorder::rule_fired(std::uint32_t endpoint, std::uint32_t rule, SimTime) {
  ++endpoints_[endpoint].rule_fired[rule];
}

void Recorder::endpoint_state(std::uint32_t endpoint, SimTime now, std::uint32_t running,
                              std::uint32_t queued) {
  EndpointRecord& e = endpoints_[endpoint];
  e.running.set(now, running);
  e.queued.set(now, queued);
  e.busy.set(now, running > 0 ? 1.0 : 0.0);
  timeline_.endpoint_state(endpoint, now, running, queued);
}

void Recorder::capacity_changed(std::uint32_t endpoint, SimTime now, double rpu) {
  timeline_.capacity_changed(endpoint, now, rpu);
}

void Recorder::scaling_clusters_changed(std::uint32_t endpoint, SimTime now, std::uint32_t clusters) {
  timeline_.clusters_changed(endpoint, now, clusters);
}

}  // namespace rsim
