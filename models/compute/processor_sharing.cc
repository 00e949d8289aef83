#include "models/compute/processor_sharing.h"

#include <cassert>
#include <cmath>

namespace rsim {

ProcessorSharing::ProcessorSharing(Simulation& sim, ConcurrencyCurve curve, Listener& listener)
    : sim_(sim),
      curve_(std::move(curve)),
      listener_(listener),
      self_(sim.add_handler(*this)),
      last_(sim.now()) {}

void ProcessorSharing::advance() {
  const SimTime now = sim_.now();
  if (count_ > 0) v_ += static_cast<double>(now - last_) * speed_ * curve_(count_) / total_weight_;
  last_ = now;
}

void ProcessorSharing::drop_stale_tags() {
  while (!tags_.empty()) {
    const Tag& t = tags_.top();
    const Job& j = jobs_[t.job];
    if (j.running && j.generation == t.generation) return;
    tags_.pop();
  }
}

void ProcessorSharing::reschedule() {
  if (count_ == 0) {
    // Idle: restart the virtual clock at zero so that it never loses precision over a long run.
    v_ = 0.0;
    total_weight_ = 0.0;
    while (!tags_.empty()) tags_.pop();
    if (completion_.valid()) sim_.cancel(completion_);
    return;
  }
  drop_stale_tags();
  const double dv = std::max(0.0, tags_.top().finish_v - v_);
  // Round up to whole microseconds: the job is never reported done before it has all its work.
  const double dt = std::ceil(dv * total_weight_ / (speed_ * curve_(count_)) - 1e-9);
  const SimTime at = sim_.now() + static_cast<SimTime>(dt);
  if (sim_.pending(completion_)) {
    sim_.reschedule(completion_, at);
  } else {
    completion_ = sim_.schedule_at(at, self_, 0);
  }
}

void ProcessorSharing::set_speed(double speed) {
  assert(speed > 0);
  advance();
  speed_ = speed;
  if (count_ > 0) reschedule();
}

void ProcessorSharing::start(JobId job, double work_us, double weight) {
  assert(weight > 0 && work_us >= 0);
  if (job >= jobs_.size()) jobs_.resize(job + 1);
  advance();
  Job& j = jobs_[job];
  assert(!j.running);
  j.running = true;
  ++j.generation;
  j.weight = weight;
  j.start_v = v_;
  j.finish_v = v_ + work_us / weight;
  tags_.push(Tag{j.finish_v, order_++, job, j.generation});
  total_weight_ += weight;
  ++count_;
  reschedule();
}

double ProcessorSharing::attained(JobId job) {
  advance();
  const Job& j = jobs_[job];
  return std::min(j.finish_v, v_) * j.weight - j.start_v * j.weight;
}

double ProcessorSharing::remove(JobId job) {
  assert(running(job));
  advance();
  Job& j = jobs_[job];
  const double got = (std::min(j.finish_v, v_) - j.start_v) * j.weight;
  j.running = false;
  ++j.generation;
  total_weight_ -= j.weight;
  --count_;
  reschedule();
  return got;
}

void ProcessorSharing::handle(Simulation& sim, const Event&) {
  advance();
  drop_stale_tags();
  done_.clear();
  // The event was scheduled for the earliest tag; jobs whose tags are equal within rounding finish too.
  const double eps = 1e-6 * std::max(1.0, std::abs(v_));
  bool first = true;
  while (!tags_.empty()) {
    const Tag t = tags_.top();
    const Job& j = jobs_[t.job];
    if (!j.running || j.generation != t.generation) {
      tags_.pop();
      continue;
    }
    if (!first && t.finish_v > v_ + eps) break;
    first = false;
    tags_.pop();
    done_.push_back(t.job);
  }
  for (const JobId id : done_) {
    Job& j = jobs_[id];
    j.running = false;
    ++j.generation;
    total_weight_ -= j.weight;
    --count_;
  }
  reschedule();
  // Listeners may start new jobs; the executor is consistent before they are told.
  for (const JobId id : done_) listener_.on_job_done(sim, id);
}

}  // namespace rsim
