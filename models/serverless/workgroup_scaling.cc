#include "models/serverless/workgroup_scaling.h"

#include <algorithm>

#include "models/serverless/rpu_grid.h"

namespace rsim {

namespace {
enum EventKind : std::uint32_t { kStepUp = 1, kStepDown };
}

WorkgroupScaling::WorkgroupScaling(Simulation& sim, const ServerlessConfig& config, ConcurrencyCurve curve,
                                   Listener& listener)
    : sim_(sim),
      config_(config),
      curve_(std::move(curve)),
      listener_(listener),
      self_(sim.add_handler(*this)),
      billing_(config.billing, config.base_rpu),
      capacity_(config.base_rpu),
      start_(sim.now()),
      last_change_(sim.now()),
      peak_(config.base_rpu) {}

double WorkgroupScaling::step() const {
  return config_.scaling.step_rpu > 0 ? config_.scaling.step_rpu : config_.base_rpu;
}

double WorkgroupScaling::speed_at(double rpu) const {
  const double s = config_.serial_fraction;
  return 1.0 / (s + (1.0 - s) * config_.base_rpu / rpu);
}

void WorkgroupScaling::observe(std::uint32_t running, std::uint32_t waiting) {
  const SimTime now = sim_.now();
  if (running > 0 && !billing_.active()) billing_.start(now);
  if (running == 0 && billing_.active()) billing_.stop(now);
  if (!config_.scales()) return;
  const double slow = config_.scaling.slow_speed_fraction;
  const bool pressure =
      waiting > 0 || (slow > 0 && running > 0 && curve_(running) / static_cast<double>(running) < slow);
  if (pressure == pressure_) return;
  pressure_ = pressure;
  if (pressure) {
    ++down_generation_;
    if (capacity_ < config_.max_rpu) {
      sim_.schedule_daemon_after(from_seconds(config_.scaling.up_delay_s), self_, kStepUp, ++up_generation_);
    }
  } else {
    ++up_generation_;
    if (capacity_ > config_.base_rpu) {
      sim_.schedule_daemon_after(from_seconds(config_.scaling.down_quiet_s), self_, kStepDown,
                                 ++down_generation_);
    }
  }
}

void WorkgroupScaling::handle(Simulation&, const Event& event) {
  if (event.kind == kStepUp) {
    if (event.payload != up_generation_ || !pressure_) return;
    set_capacity(std::min(config_.max_rpu, round_up_to_grid(capacity_ + step())));
    ++ups_;
    if (capacity_ < config_.max_rpu) {
      sim_.schedule_daemon_after(from_seconds(config_.scaling.up_delay_s), self_, kStepUp, ++up_generation_);
    }
  } else if (event.kind == kStepDown) {
    if (event.payload != down_generation_ || pressure_) return;
    set_capacity(std::max(config_.base_rpu, round_down_to_grid(capacity_ - step())));
    ++downs_;
    if (capacity_ > config_.base_rpu) {
      sim_.schedule_daemon_after(from_seconds(config_.scaling.down_quiet_s), self_, kStepDown,
                                 ++down_generation_);
    }
  }
}

void WorkgroupScaling::set_capacity(double rpu) {
  const SimTime now = sim_.now();
  rpu_integral_ += capacity_ * static_cast<double>(now - last_change_);
  seconds_at_[capacity_] += static_cast<double>(now - last_change_) / 1e6;
  last_change_ = now;
  capacity_ = rpu;
  peak_ = std::max(peak_, rpu);
  billing_.set_capacity(now, rpu);
  listener_.capacity_changed(rpu);
}

WorkgroupMeters WorkgroupScaling::meters(SimTime end) const {
  WorkgroupMeters m;
  m.usage = billing_.usage(end);
  const SimTime until = std::max(end, last_change_);
  const double integral = rpu_integral_ + capacity_ * static_cast<double>(until - last_change_);
  m.mean_rpu = until > start_ ? integral / static_cast<double>(until - start_) : capacity_;
  m.peak_rpu = peak_;
  m.scale_ups = ups_;
  m.scale_downs = downs_;
  m.seconds_at_rpu = seconds_at_;
  m.seconds_at_rpu[capacity_] += static_cast<double>(until - last_change_) / 1e6;
  return m;
}

}  // namespace rsim
