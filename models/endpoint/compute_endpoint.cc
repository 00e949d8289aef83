#include "models/endpoint/compute_endpoint.h"

#include <algorithm>

#include "models/wlm/qmr.h"
#include "models/wlm/statement_rules.h"

namespace rsim {

namespace {
enum EventKind : std::uint32_t {
  kCacheAnswer = 1,
  kTimeout,
  kRuleTick,
  kScalingReady,
  kScalingIdle,
  kPause,
  kResume,
  kResumed,
};
}

std::uint32_t ComputeEndpointConfig::total_slots() const {
  std::uint32_t n = 0;
  for (const auto& q : wlm.queues) {
    if (q.slots == 0) return 0;
    n += q.slots;
  }
  return n;
}

double ComputeEndpointConfig::total_memory_mb() const {
  double m = 0;
  for (const auto& q : wlm.queues) m += q.memory_mb;
  return m;
}

ComputeEndpoint::ComputeEndpoint(Simulation& sim, std::uint32_t index, ComputeEndpointConfig config,
                                 QueryPool& pool, WorkModel& work, TableLists& tables,
                                 const SymbolTable& symbols, MeasurementSink& sink)
    : sim_(sim),
      index_(index),
      config_(std::move(config)),
      pool_(pool),
      work_(work),
      sink_(sink),
      self_(sim.add_handler(*this)),
      executor_(sim, ConcurrencyCurve(config_.concurrency_exponent), *this),
      queues_(config_.wlm.queues.size()),
      matcher_(config_.wlm, config_.groups, symbols),
      compiled_(config_.compile_cache_entries),
      result_cache_(config_.result_cache_entries, tables),
      start_(sim.now()),
      credit_(config_.scaling.credit),
      sqa_noise_(sim.stream(config_.name, "sqa_prediction")),
      work_noise_(sim.stream(config_.name, "work_noise")) {
  for (std::size_t i = 0; i < queues_.size(); ++i) {
    const WlmQueueConfig& c = config_.wlm.queues[i];
    Queue& q = queues_[i];
    q.slots = c.slots;
    if (c.slots > 0 && c.memory_mb > 0) q.slot_memory_mb = c.memory_mb / c.slots;
    for (const QmrRule& r : c.rules) {
      q.rules.push_back(static_cast<std::uint32_t>(rules_.size()));
      rules_.push_back(&r);
    }
    q.scaling = c.concurrency_scaling && config_.scaling.max_clusters > 0;
  }
  if (config_.sqa.enabled) {
    sqa_lane_ = static_cast<std::uint32_t>(queues_.size());
    Queue lane;
    lane.slots = config_.sqa.slots;
    queues_.push_back(std::move(lane));
    sqa_max_s_ = config_.sqa.max_runtime_s > 0 ? config_.sqa.max_runtime_s : config_.sqa.dynamic_initial_s;
    sqa_window_end_ = start_ + from_seconds(3600);
  }
  schedule_next_pause();
  if (config_.kind == EndpointKind::kServerless) {
    WorkgroupScaling::Listener& listener = *this;
    workgroup_.emplace(sim, config_.serverless, ConcurrencyCurve(config_.concurrency_exponent), listener);
  }
  bool any_scaling = false;
  for (const Queue& q : queues_) any_scaling |= q.scaling;
  if (any_scaling) {
    scaling_.resize(config_.scaling.max_clusters);
    for (ScalingCluster& c : scaling_) {
      ProcessorSharing::Listener& listener = *this;
      c.executor =
          std::make_unique<ProcessorSharing>(sim, ConcurrencyCurve(config_.concurrency_exponent), listener);
      c.used.assign(queues_.size(), 0);
    }
  }
}

void ComputeEndpoint::submit(QueryHandle h) {
  QueryInFlight& q = pool_[h];
  q.endpoint = index_;
  q.queued_at = sim_.now();
  if (failed_ || (paused_ && config_.fail_while_paused)) {
    finish(h, QueryEnd::kAborted);  // a paused or failed endpoint accepts no connections
    return;
  }
  const bool hit = !paused_ && config_.result_cache != ResultCacheMode::kOff &&
                   (q.query.result_cache_hit ||
                    (config_.result_cache == ResultCacheMode::kModel && result_cache_.hit(q.query)));
  if (hit) {
    if (workgroup_) workgroup_->touch();  // a statement all the same: it wakes a serverless workgroup
    q.result_cache_hit = true;
    q.admitted = sim_.now();
    sim_.schedule_after(from_millis(config_.result_cache_ms), self_, kCacheAnswer, h);
    return;
  }
  const std::uint32_t queue = matcher_.route(q.query);
  q.queue = static_cast<std::uint16_t>(queue);
  q.priority = static_cast<std::uint8_t>(config_.wlm.queues[queue].priority);
  if (can_start_now(q, queue)) {
    admit(h, queue);
  } else if (sqa_candidate(q)) {
    enqueue(h, sqa_lane_);
  } else {
    wait_in(h, queue);
  }
  report_state();
}

bool ComputeEndpoint::sqa_candidate(const QueryInFlight& q) {
  if (sqa_lane_ == UINT32_MAX) return false;
  if (q.query.type != QueryType::kSelect && q.query.type != QueryType::kCtas) return false;
  const double predicted_s = work_.exec_us(q.query, config_.capacity_rpu) / 1e6 *
                             sqa_noise_.lognormal(0.0, config_.sqa.prediction_sigma);
  return predicted_s < sqa_max_s_;
}

void ComputeEndpoint::sqa_overrun(QueryHandle h) {
  // Past the SQA maximum: to its WLM queue, with its progress when the queue can take it now, else afresh.
  QueryInFlight& q = pool_[h];
  const std::uint32_t to = matcher_.route(q.query);
  const double attained = leave_processor(h);
  const bool reassign = can_start_now(q, to);
  if (reassign) {
    q.prior_us += attained;
    q.memory_mb =
        is_auto(to) ? memory_estimate_mb(q) : queues_[to].slot_memory_mb * slots_needed(q, queues_[to]);
    start_running(h, to, std::max(0.0, q.work_us - attained));
  } else {
    q.prior_us = 0;
    enqueue(h, to);
  }
  drain(sqa_lane_);
  report_state();
}

void ComputeEndpoint::sqa_learn(const QueryInFlight& q) {
  if (sqa_lane_ == UINT32_MAX || config_.sqa.max_runtime_s > 0) return;
  if (q.query.type != QueryType::kSelect && q.query.type != QueryType::kCtas) return;
  while (sim_.now() >= sqa_window_end_) {
    if (sqa_window_.count() > 0) {
      sqa_max_s_ = std::clamp(sqa_window_.quantile(0.70) / 1e6 + 2.0, 2.0, 20.0);
      sqa_window_ = LogLinearHistogram();
    }
    sqa_window_end_ += from_seconds(3600);
  }
  sqa_window_.record(static_cast<std::uint64_t>(sim_.now() - q.admitted));
}

std::uint32_t ComputeEndpoint::slots_needed(const QueryInFlight& q, const Queue& queue) const {
  // A query cannot claim more slots than its queue has (WLM would reject the setting; the model clamps).
  return queue.slots == 0 ? 1 : std::min<std::uint32_t>(q.query.slot_count, queue.slots);
}

bool ComputeEndpoint::fits_slots(const QueryInFlight& q, const Queue& queue) const {
  return queue.slots == 0 || queue.used + slots_needed(q, queue) <= queue.slots;
}

double ComputeEndpoint::memory_estimate_mb(const QueryInFlight& q) const {
  return present(q.query.peak_mem_mb) ? q.query.peak_mem_mb : config_.wlm.default_memory_estimate_mb;
}

bool ComputeEndpoint::fits_memory(const QueryInFlight& q, std::uint32_t running, double used_mb) const {
  if (config_.wlm.max_concurrency > 0 && running >= config_.wlm.max_concurrency) return false;
  return running == 0 || used_mb + memory_estimate_mb(q) <= config_.wlm.memory_mb;
}

bool ComputeEndpoint::fits(const QueryInFlight& q, std::uint32_t queue) const {
  if (paused_ || failed_) return false;
  return is_auto(queue) ? fits_memory(q, auto_running_, memory_used_mb_) : fits_slots(q, queues_[queue]);
}

bool ComputeEndpoint::can_start_now(const QueryInFlight& q, std::uint32_t queue) const {
  if (!is_auto(queue)) return queues_[queue].empty() && fits(q, queue);
  // Automatic WLM admits across its queues by priority: nobody may be waiting ahead.
  for (std::uint32_t i = 0; i < config_.wlm.queues.size(); ++i) {
    if (!queues_[i].empty()) return false;
  }
  return fits(q, queue);
}

int ComputeEndpoint::effective_priority(const QueryInFlight& q) const {
  int p = q.priority;
  if (config_.wlm.aging && config_.wlm.aging_s > 0) {
    p += static_cast<int>(static_cast<double>(sim_.now() - q.queued_at) / 1e6 / config_.wlm.aging_s);
  }
  return std::min(p, kPriorityCount - 1);
}

const QueryHandle* ComputeEndpoint::oldest(const Queue& queue) const {
  if (queue.empty()) return nullptr;
  const bool eligible_first =
      queue.waiting[0].empty() || (!queue.waiting[1].empty() &&
                                   pool_[queue.waiting[1].front()].seq < pool_[queue.waiting[0].front()].seq);
  return &queue.waiting[eligible_first].front();
}

bool ComputeEndpoint::scaling_eligible(const QueryInFlight& q) const {
  return queues_[q.queue].scaling && concurrency_scaling_eligible(q.query.type, config_.scaling.writes);
}

void ComputeEndpoint::enqueue(QueryHandle h, std::uint32_t queue) {
  QueryInFlight& q = pool_[h];
  q.queue = static_cast<std::uint16_t>(queue);
  q.queued_at = sim_.now();
  if (can_start_now(q, queue)) {
    admit(h, queue);
  } else {
    wait_in(h, queue);
  }
}

void ComputeEndpoint::wait_in(QueryHandle h, std::uint32_t queue) {
  QueryInFlight& q = pool_[h];
  q.queue = static_cast<std::uint16_t>(queue);
  q.queued_at = sim_.now();
  Queue& target = queues_[queue];
  q.seq = seq_++;
  const bool eligible = scaling_eligible(q);
  target.waiting[eligible].push_back(h);
  ++queued_;
  sim_.hold(1);
  if (eligible) {
    feed_scaling(queue);
    maybe_start_scaling();
  }
}

QueryHandle ComputeEndpoint::pop_oldest(Queue& queue) {
  const QueryHandle h = *oldest(queue);
  --queued_;
  sim_.hold(-1);
  auto& list = queue.waiting[!queue.waiting[1].empty() && queue.waiting[1].front() == h];
  list.pop_front();
  return h;
}

double ComputeEndpoint::work_for(QueryInFlight& q, double memory_mb) {
  double work_us = work_.exec_us(q.query, config_.capacity_rpu);
  if (const double sd = work_.noise_log_sd(); sd > 0) work_us *= work_noise_.lognormal(0.0, sd);
  q.spill_mb = 0;
  if (memory_mb > 0 && present(q.query.peak_mem_mb) && q.query.peak_mem_mb > memory_mb) {
    const double overflow = (q.query.peak_mem_mb - memory_mb) / q.query.peak_mem_mb;
    work_us *= 1.0 + config_.spill_penalty * overflow;
    q.spill_mb = q.query.peak_mem_mb - memory_mb;
    q.spilled = true;
  }
  if (q.query.compile_ms > 0 && config_.compile != CompileMode::kNever) {
    const bool first = config_.compile == CompileMode::kAlways || q.query.fingerprint == 0 ||
                       compiled_.miss(q.query.fingerprint);
    if (first) work_us += q.query.compile_ms * 1000.0;
  }
  return work_us;
}

void ComputeEndpoint::admit(QueryHandle h, std::uint32_t queue) {
  QueryInFlight& q = pool_[h];
  const Queue& target = queues_[queue];
  q.queue_us += sim_.now() - q.queued_at;
  q.prior_us = 0;
  q.memory_mb = is_auto(queue) ? memory_estimate_mb(q) : target.slot_memory_mb * slots_needed(q, target);
  start_running(h, queue, work_for(q, q.memory_mb));
}

void ComputeEndpoint::start_running(QueryHandle h, std::uint32_t queue, double work_us) {
  QueryInFlight& q = pool_[h];
  Queue& target = queues_[queue];
  q.queue = static_cast<std::uint16_t>(queue);
  q.cluster = 0;
  q.slots = static_cast<std::uint16_t>(slots_needed(q, target));
  target.used += q.slots;
  if (is_auto(queue)) {
    ++auto_running_;
    memory_used_mb_ += q.memory_mb;
  }
  q.admitted = sim_.now();
  q.work_us = work_us;
  q.running_index = static_cast<std::uint32_t>(running_.size());
  running_.push_back(h);
  if (queue == sqa_lane_) {
    q.timeout = sim_.schedule_after(from_seconds(sqa_max_s_), self_, kTimeout, h);
  } else if (const double timeout_ms = config_.wlm.queues[queue].timeout_ms;
             timeout_ms > 0 && on_wlm_timeout(q.query.type) != TimeoutOutcome::kIgnore) {
    q.timeout = sim_.schedule_after(from_millis(timeout_ms), self_, kTimeout, h);
  }
  executor_.start(h, work_us, weight(q));
  if (!target.rules.empty()) ensure_rule_tick();
}

double ComputeEndpoint::leave_processor(QueryHandle h) {
  QueryInFlight& q = pool_[h];
  if (q.cluster > 0) {
    ScalingCluster& c = scaling_[q.cluster - 1];
    c.used[q.queue] -= q.slots;
    c.memory_used_mb -= q.memory_mb;
    q.slots = 0;
    if (--c.running == 0) {
      c.busy_s += static_cast<double>(sim_.now() - c.busy_since) / 1e6;
      c.idle_stop = sim_.schedule_daemon_after(from_seconds(config_.scaling.idle_stop_s), self_, kScalingIdle,
                                               q.cluster - 1);
    }
    return c.executor->running(h) ? c.executor->remove(h) : q.work_us;
  }
  if (q.timeout.valid()) {
    sim_.cancel(q.timeout);
    q.timeout = EventId{};
  }
  queues_[q.queue].used -= q.slots;
  q.slots = 0;
  if (is_auto(q.queue)) {
    --auto_running_;
    memory_used_mb_ -= q.memory_mb;
  }
  const QueryHandle last = running_.back();
  running_[q.running_index] = last;
  pool_[last].running_index = q.running_index;
  running_.pop_back();
  return executor_.running(h) ? executor_.remove(h) : q.work_us;
}

void ComputeEndpoint::drain(std::uint32_t queue) {
  if (is_auto(queue)) {
    drain_auto();
    return;
  }
  Queue& from = queues_[queue];
  while (!from.empty() && fits(pool_[*oldest(from)], queue)) admit(pop_oldest(from), queue);
}

void ComputeEndpoint::drain_auto() {
  for (;;) {
    // The next query: highest effective priority over the queues' heads (each head waited longest in its
    // queue, so it has aged most), the older one on a tie. Strict order: if it does not fit, nobody goes.
    std::uint32_t best = UINT32_MAX;
    int best_priority = -1;
    std::uint64_t best_seq = 0;
    for (std::uint32_t i = 0; i < config_.wlm.queues.size(); ++i) {
      const QueryHandle* h = oldest(queues_[i]);
      if (!h) continue;
      const QueryInFlight& q = pool_[*h];
      const int p = effective_priority(q);
      if (p > best_priority || (p == best_priority && q.seq < best_seq)) {
        best = i;
        best_priority = p;
        best_seq = q.seq;
      }
    }
    if (best == UINT32_MAX || !fits(pool_[*oldest(queues_[best])], best)) return;
    admit(pop_oldest(queues_[best]), best);
  }
}

double ComputeEndpoint::weight(const QueryInFlight& q) const {
  return config_.wlm.mode == WlmMode::kAuto ? config_.wlm.priority_weights[q.priority] : 1.0;
}

void ComputeEndpoint::change_priority(QueryHandle h, Priority p) {
  QueryInFlight& q = pool_[h];
  q.priority = static_cast<std::uint8_t>(p);
  const double attained = executor_.remove(h);
  q.prior_us += attained;
  q.work_us = std::max(0.0, q.work_us - attained);
  executor_.start(h, q.work_us, weight(q));
}

void ComputeEndpoint::feed_scaling(std::uint32_t queue) {
  Queue& from = queues_[queue];
  if (!from.scaling || paused_) return;
  for (std::uint32_t k = 0; k < scaling_.size() && !from.waiting[1].empty(); ++k) {
    ScalingCluster& c = scaling_[k];
    if (c.state != ScalingCluster::State::kReady) continue;
    while (!from.waiting[1].empty()) {
      const QueryHandle h = from.waiting[1].front();
      const bool room = is_auto(queue) ? fits_memory(pool_[h], c.running, c.memory_used_mb)
                                       : c.used[queue] + slots_needed(pool_[h], from) <= from.slots;
      if (!room) break;
      from.waiting[1].pop_front();
      --queued_;
      sim_.hold(-1);
      start_on_scaling(h, k, queue);
    }
  }
}

void ComputeEndpoint::start_on_scaling(QueryHandle h, std::uint32_t cluster, std::uint32_t queue) {
  QueryInFlight& q = pool_[h];
  ScalingCluster& c = scaling_[cluster];
  const Queue& target = queues_[queue];
  q.queue_us += sim_.now() - q.queued_at;
  q.cluster = static_cast<std::uint8_t>(cluster + 1);
  q.queue = static_cast<std::uint16_t>(queue);
  q.slots = static_cast<std::uint16_t>(slots_needed(q, target));
  c.used[queue] += q.slots;
  q.memory_mb = is_auto(queue) ? memory_estimate_mb(q) : target.slot_memory_mb * q.slots;
  c.memory_used_mb += q.memory_mb;
  if (c.idle_stop.valid()) {
    sim_.cancel(c.idle_stop);
    c.idle_stop = EventId{};
  }
  if (c.running++ == 0) c.busy_since = sim_.now();
  q.admitted = sim_.now();
  q.prior_us = 0;
  q.work_us = work_for(q, q.memory_mb);
  c.executor->start(h, q.work_us, weight(q));
}

void ComputeEndpoint::maybe_start_scaling() {
  // One cluster starts at a time, and only while eligible queries still wait after the ready ones took
  // theirs.
  bool waiting = false;
  for (const Queue& q : queues_) waiting |= q.scaling && !q.waiting[1].empty();
  if (!waiting || paused_) return;
  for (const ScalingCluster& c : scaling_) {
    if (c.state == ScalingCluster::State::kStarting) return;
  }
  for (std::uint32_t k = 0; k < scaling_.size(); ++k) {
    ScalingCluster& c = scaling_[k];
    if (c.state != ScalingCluster::State::kStopped) continue;
    c.state = ScalingCluster::State::kStarting;
    c.busy_s = 0;
    scaling_peak_ = std::max(scaling_peak_, ++scaling_active_);
    sink_.scaling_clusters_changed(index_, sim_.now(), scaling_active_);
    sim_.schedule_after(from_seconds(config_.scaling.startup_s), self_, kScalingReady, k);
    return;
  }
}

void ComputeEndpoint::scaling_ready(std::uint32_t cluster) {
  ScalingCluster& c = scaling_[cluster];
  if (paused_) {
    // The main cluster paused while this one started: it never attaches (and is never billed).
    c.state = ScalingCluster::State::kStopped;
    --scaling_active_;
    sink_.scaling_clusters_changed(index_, sim_.now(), scaling_active_);
    return;
  }
  c.state = ScalingCluster::State::kReady;
  for (std::uint32_t q = 0; q < queues_.size(); ++q) feed_scaling(q);
  if (c.running == 0) {
    c.idle_stop =
        sim_.schedule_daemon_after(from_seconds(config_.scaling.idle_stop_s), self_, kScalingIdle, cluster);
  }
  maybe_start_scaling();
  report_state();
}

void ComputeEndpoint::scaling_idle(std::uint32_t cluster) {
  ScalingCluster& c = scaling_[cluster];
  c.idle_stop = EventId{};
  if (c.running > 0 || c.state != ScalingCluster::State::kReady) return;
  c.state = ScalingCluster::State::kStopped;
  --scaling_active_;
  sink_.scaling_clusters_changed(index_, sim_.now(), scaling_active_);
  scaling_busy_total_s_ += c.busy_s;
  // Billed only when it served queries; credit accrues only while the main cluster runs (not paused).
  if (c.busy_s > 0) credit_.activation(c.busy_s, running_seconds(sim_.now()));
}

double ComputeEndpoint::running_seconds(SimTime t) const {
  const double paused = paused_s_ + (billing_paused_ ? static_cast<double>(t - paused_since_) / 1e6 : 0.0);
  return static_cast<double>(t - start_) / 1e6 - paused;
}

void ComputeEndpoint::schedule_next_pause() {
  if (config_.pause.empty()) return;
  const auto w = config_.pause.next(sim_.now());
  if (!w) return;
  window_ = *w;
  sim_.schedule_daemon_at(std::max(w->from, sim_.now()), self_, kPause);
}

void ComputeEndpoint::abort_all(bool waiting_too) {
  while (!running_.empty()) abort(running_.back());
  if (!waiting_too) return;
  for (Queue& q : queues_) {
    while (!q.empty()) finish(pop_oldest(q), QueryEnd::kAborted);
  }
}

void ComputeEndpoint::pause() {
  paused_ = true;
  billing_paused_ = true;
  paused_since_ = sim_.now();
  ++pauses_;
  // Pausing terminates the queries running on the cluster; queued ones wait for the resume, or fail.
  abort_all(config_.fail_while_paused);
  sim_.schedule_daemon_at(window_.to, self_, kResume);
  report_state();
}

void ComputeEndpoint::refuse(QueryHandle h) {
  pool_[h].endpoint = index_;
  pool_[h].queued_at = sim_.now();
  finish(h, QueryEnd::kAborted);
}

void ComputeEndpoint::fail() {
  // Failure windows may overlap (or come from two balancers): the endpoint is up again when the last ends.
  if (fail_depth_++ > 0) return;
  failed_ = true;
  abort_all(true);
  report_state();
}

void ComputeEndpoint::restore() {
  if (fail_depth_ == 0 || --fail_depth_ > 0) return;
  failed_ = false;
  report_state();
}

void ComputeEndpoint::resume() {
  paused_ = false;
  for (std::uint32_t q = 0; q < queues_.size(); ++q) {
    drain(q);
    feed_scaling(q);
  }
  maybe_start_scaling();
  schedule_next_pause();
  report_state();
}

EndpointMeters ComputeEndpoint::meters(SimTime end) const {
  EndpointMeters m;
  m.running_s = running_seconds(end);
  m.paused_s = static_cast<double>(end - start_) / 1e6 - m.running_s;
  m.pauses = pauses_;
  // Scaling clusters still up when the run ends close their activation there (their idle time is free).
  ScalingCredit credit = credit_;
  double busy_s = scaling_busy_total_s_;
  for (const ScalingCluster& c : scaling_) {
    if (c.state != ScalingCluster::State::kReady || c.busy_s + static_cast<double>(c.running) <= 0) continue;
    credit.activation(c.busy_s, m.running_s);
    busy_s += c.busy_s;
  }
  m.scaling_activations = credit.activations();
  m.scaling_billable_s = credit.billable_s();
  m.scaling_credit_used_s = credit.credit_used_s();
  m.scaling_charged_s = credit.charged_s();
  m.scaling_peak_clusters = scaling_peak_;
  m.scaling_busy_s = busy_s;
  m.sqa_max_runtime_s = sqa_max_s_;
  if (workgroup_) m.workgroup = workgroup_->meters(end);
  return m;
}

void ComputeEndpoint::on_job_done(Simulation&, ProcessorSharing::JobId job) {
  const QueryHandle h = job;
  const std::uint32_t queue = pool_[h].queue;
  const bool on_scaling = pool_[h].cluster > 0;
  leave_processor(h);
  const QueryInFlight& q = pool_[h];
  sqa_learn(q);
  if (config_.result_cache == ResultCacheMode::kModel) {
    result_cache_.store(q.query, q.admitted);
    if (q.query.write_tables) result_cache_.wrote(q.query.write_tables, sim_.now());
  }
  finish(h, QueryEnd::kCompleted);
  if (on_scaling) {
    // Under automatic WLM a scaling cluster's room is shared by every queue.
    if (config_.wlm.mode == WlmMode::kAuto) {
      for (std::uint32_t i = 0; i < queues_.size(); ++i) feed_scaling(i);
    } else {
      feed_scaling(queue);
    }
    maybe_start_scaling();
  } else {
    drain(queue);
  }
  report_state();
}

void ComputeEndpoint::hop(QueryHandle h, bool restart_if_busy) {
  QueryInFlight& q = pool_[h];
  const std::uint32_t from = q.queue;
  const auto to = matcher_.next_after(q.query, from);
  if (!to) {
    abort(h);  // no queue to go to: cancelled
    return;
  }
  Queue& target = queues_[*to];
  const double held_mb = queues_[from].slot_memory_mb * q.slots;
  const bool reassign =
      target.empty() && fits(q, *to) && target.slot_memory_mb * slots_needed(q, target) >= held_mb;
  if (!reassign && !restart_if_busy) return;  // stays in its queue
  const double attained = leave_processor(h);
  ++q.hops;
  if (reassign) {
    q.prior_us += attained;
    q.memory_mb = target.slot_memory_mb * slots_needed(q, target);
    start_running(h, *to, std::max(0.0, q.work_us - attained));  // progress kept
  } else {
    q.prior_us = 0;
    enqueue(h, *to);  // restart: the work done so far is lost
  }
  drain(from);
  report_state();
}

void ComputeEndpoint::abort(QueryHandle h) {
  const std::uint32_t queue = pool_[h].queue;
  leave_processor(h);
  finish(h, QueryEnd::kAborted);
  drain(queue);
  report_state();
}

void ComputeEndpoint::on_timeout(QueryHandle h) {
  QueryInFlight& q = pool_[h];
  q.timeout = EventId{};
  if (q.queue == sqa_lane_) {
    sqa_overrun(h);
    return;
  }
  switch (on_wlm_timeout(q.query.type)) {
    case TimeoutOutcome::kHop:
      hop(h, true);
      break;
    case TimeoutOutcome::kCancel:
      abort(h);
      break;
    case TimeoutOutcome::kIgnore:
      break;
  }
}

void ComputeEndpoint::ensure_rule_tick() {
  if (rule_tick_pending_) return;
  const SimDuration every = config_.wlm.qmr_interval_us;
  const SimTime next = (sim_.now() / every + 1) * every;
  sim_.schedule_daemon_at(next, self_, kRuleTick);
  rule_tick_pending_ = true;
}

void ComputeEndpoint::evaluate_rules() {
  rule_tick_pending_ = false;
  const SimTime now = sim_.now();
  // Actions change running_, so decide on a snapshot.
  rule_scratch_ = running_;
  for (const QueryHandle h : rule_scratch_) {
    QueryInFlight& q = pool_[h];
    const Queue& queue = queues_[q.queue];
    if (queue.rules.empty()) continue;
    const double attained = q.prior_us + executor_.attained(h);
    const double total = q.prior_us + q.work_us;
    const double fraction = total > 0 ? std::min(1.0, attained / total) : 1.0;
    QmrSample s{};
    s[static_cast<std::size_t>(QmrMetric::kExecutionTime)] = static_cast<double>(now - q.admitted) / 1e6;
    s[static_cast<std::size_t>(QmrMetric::kQueueTime)] = static_cast<double>(q.queue_us) / 1e6;
    s[static_cast<std::size_t>(QmrMetric::kCpuTime)] =
        attained / 1e6 * config_.wlm.cpu_seconds_per_work_second;
    s[static_cast<std::size_t>(QmrMetric::kSpill)] = fraction * q.spill_mb;
    s[static_cast<std::size_t>(QmrMetric::kBlocksRead)] =
        present(q.query.mbytes_scanned) ? fraction * q.query.mbytes_scanned : 0.0;
    s[static_cast<std::size_t>(QmrMetric::kRowsReturned)] =
        q.query.rows_returned > 0 ? fraction * static_cast<double>(q.query.rows_returned) : 0.0;
    // The most severe action that applies to this statement wins; rules whose action does not apply only log.
    const QueryType type = q.query.type;
    std::optional<QmrAction> action;
    const QmrRule* reprioritise = nullptr;  // of equal-severity rules, the last by name is applied last
    for (const std::uint32_t r : queue.rules) {
      const std::uint32_t bit = 1u << r;
      if ((q.rules_fired & bit) || !qmr_rule_holds(*rules_[r], s)) continue;
      q.rules_fired |= bit;  // each rule acts at most once per query
      sink_.rule_fired(index_, r, now);
      QmrAction a = effective_action(*rules_[r]);
      if ((a == QmrAction::kAbort && !qmr_abortable(type)) ||
          (a == QmrAction::kHop && !qmr_hops(type, config_.wlm.qmr_hop_moves_dml))) {
        a = QmrAction::kLog;
      }
      if (!action || a > *action) action = a;
      if (a == QmrAction::kChangePriority && (!reprioritise || rules_[r]->name > reprioritise->name)) {
        reprioritise = rules_[r];
      }
    }
    if (!action) continue;
    if (*action == QmrAction::kAbort) {
      abort(h);
    } else if (*action == QmrAction::kHop) {
      hop(h, qmr_hop_restarts(type));
    } else if (*action == QmrAction::kChangePriority) {
      change_priority(h, reprioritise->priority);
    }
  }
  // Keep evaluating while a query that some rule watches is running; stop ticking when none is.
  for (const QueryHandle h : running_) {
    if (!queues_[pool_[h].queue].rules.empty()) {
      ensure_rule_tick();
      break;
    }
  }
}

void ComputeEndpoint::finish(QueryHandle h, QueryEnd end) {
  sink_.query_finished(pool_[h], sim_.now(), end);
  pool_.release(h);
}

void ComputeEndpoint::handle(Simulation&, const Event& event) {
  switch (event.kind) {
    case kCacheAnswer:
      finish(static_cast<QueryHandle>(event.payload), QueryEnd::kCompleted);
      break;
    case kTimeout:
      on_timeout(static_cast<QueryHandle>(event.payload));
      break;
    case kRuleTick:
      evaluate_rules();
      break;
    case kScalingReady:
      scaling_ready(static_cast<std::uint32_t>(event.payload));
      break;
    case kScalingIdle:
      scaling_idle(static_cast<std::uint32_t>(event.payload));
      break;
    case kPause:
      pause();
      break;
    case kResume:
      // The resume request: billing restarts now, queries run after the start-up delay.
      billing_paused_ = false;
      paused_s_ += static_cast<double>(sim_.now() - paused_since_) / 1e6;
      sim_.schedule_daemon_after(from_seconds(config_.resume_delay_s), self_, kResumed);
      break;
    case kResumed:
      resume();
      break;
    default:
      break;
  }
}

void ComputeEndpoint::report_state() {
  if (workgroup_) workgroup_->observe(executor_.count(), queued_);
  sink_.endpoint_state(index_, sim_.now(), executor_.count(), queued_);
}

void ComputeEndpoint::capacity_changed(double rpu) {
  executor_.set_speed(workgroup_->speed_at(rpu));
  sink_.capacity_changed(index_, sim_.now(), rpu);
}

}  // namespace rsim
