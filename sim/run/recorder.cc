#include "sim/run/recorder.h"

namespace rsim {

Recorder::Recorder(const std::vector<std::size_t>& queues, const std::vector<std::size_t>& rules,
                   SimTime start)
    : start_(start), last_departure_(start), endpoints_(queues.size()) {
  for (std::size_t i = 0; i < endpoints_.size(); ++i) {
    EndpointRecord& e = endpoints_[i];
    e.running.start(start);
    e.queued.start(start);
    e.busy.start(start);
    e.queues.resize(queues[i]);
    e.rule_fired.resize(rules[i]);
  }
}

LabelRecord& LabelRecords::at(Symbol label) {
  if (last_ < records_.size() && records_[last_].label == label) return records_[last_];
  const auto [it, inserted] = index_.try_emplace(label, records_.size());
  if (inserted) records_.push_back(LabelRecord{label, 0, 0, {}});
  last_ = it->second;
  return records_[last_];
}

void QueryRecord::add(const QueryInFlight& q, SimTime now, QueryEnd end) {
  hopped += q.hops > 0;
  spilled += q.spilled;
  concurrency_scaling += q.cluster > 0;
  if (end == QueryEnd::kAborted) {
    ++aborted;
    return;
  }
  ++completed;
  result_cache_hits += q.result_cache_hit;
  latency.add(now - q.query.arrival);
  // Queue wait over all attempts; execution is the rest, including work a restarted hop lost.
  queue.add(q.queue_us);
  exec.add(now - q.query.arrival - q.queue_us);
}

void Recorder::query_finished(const QueryInFlight& q, SimTime now, QueryEnd end) {
  if (now > last_departure_) last_departure_ = now;
  EndpointRecord& e = endpoints_[q.endpoint];
  e.add(q, now, end);
  if (!q.result_cache_hit && !e.queues.empty()) e.queues[q.queue].add(q, now, end);
  overall_.add(q, now, end);
  for (LabelRecord* d : {&domains_.at(q.query.domain), &query_groups_.at(q.query.query_group)}) {
    if (end == QueryEnd::kAborted) {
      ++d->aborted;
    } else {
      ++d->completed;
      d->latency.add(now - q.query.arrival);
    }
  }
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
}

}  // namespace rsim
