#include "models/endpoint/compute_endpoint.h"

#include <algorithm>

namespace rsim {

namespace {
enum EventKind : std::uint32_t { kCacheAnswer = 1 };
}

ComputeEndpoint::ComputeEndpoint(Simulation& sim, std::uint32_t index, ComputeEndpointConfig config, QueryPool& pool,
                                 WorkModel& work, MeasurementSink& sink)
    : sim_(sim),
      index_(index),
      config_(std::move(config)),
      pool_(pool),
      work_(work),
      sink_(sink),
      self_(sim.add_handler(*this)),
      executor_(sim, ConcurrencyCurve(config_.concurrency_exponent), *this),
      compiled_(config_.compile_cache_entries) {
  if (config_.slots > 0 && config_.memory_mb > 0) slot_memory_mb_ = config_.memory_mb / config_.slots;
}

void ComputeEndpoint::submit(QueryHandle h) {
  QueryInFlight& q = pool_[h];
  q.endpoint = index_;
  if (q.query.result_cache_hit) {
    q.result_cache_hit = true;
    q.admitted = sim_.now();
    sim_.schedule_after(from_millis(config_.result_cache_ms), self_, kCacheAnswer, h);
    return;
  }
  if (config_.slots == 0 || executor_.count() < config_.slots) {
    admit(h);
  } else {
    queue_.push_back(h);
  }
  report_state();
}

void ComputeEndpoint::admit(QueryHandle h) {
  QueryInFlight& q = pool_[h];
  q.admitted = sim_.now();
  double work_us = work_.exec_us(q.query, config_.capacity_rpu);
  if (slot_memory_mb_ > 0 && present(q.query.peak_mem_mb) && q.query.peak_mem_mb > slot_memory_mb_) {
    const double overflow = (q.query.peak_mem_mb - slot_memory_mb_) / q.query.peak_mem_mb;
    work_us *= 1.0 + config_.spill_penalty * overflow;
    q.spilled = true;
  }
  if (q.query.compile_ms > 0 && config_.compile != CompileMode::kNever) {
    const bool first = config_.compile == CompileMode::kAlways || q.query.fingerprint == 0 ||
                       compiled_.miss(q.query.fingerprint);
    if (first) work_us += q.query.compile_ms * 1000.0;
  }
  executor_.start(h, work_us);
}

void ComputeEndpoint::finish(QueryHandle h, QueryEnd end) {
  sink_.query_finished(pool_[h], sim_.now(), end);
  pool_.release(h);
}

void ComputeEndpoint::on_job_done(Simulation&, ProcessorSharing::JobId job) {
  finish(job, QueryEnd::kCompleted);
  while (!queue_.empty() && (config_.slots == 0 || executor_.count() < config_.slots)) admit(queue_.pop_front());
  report_state();
}

void ComputeEndpoint::handle(Simulation&, const Event& event) {
  if (event.kind == kCacheAnswer) finish(static_cast<QueryHandle>(event.payload), QueryEnd::kCompleted);
}

void ComputeEndpoint::report_state() { sink_.endpoint_state(index_, sim_.now(), executor_.count(), queued()); }

}  // namespace rsim
