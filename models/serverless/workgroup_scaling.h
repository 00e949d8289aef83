// A serverless workgroup's capacity over time and its compute meter (models/model.md section 5).
//
// The workgroup runs at its base capacity. While a trigger holds (queries wait for admission, or the running
// ones get less than `slow_speed_fraction` of their solo speed), it steps up by `step_rpu` every
// `up_delay_s`, up to the max; once no trigger has held for `down_quiet_s`, it steps down, one step per quiet
// period, never below the base. Checks are daemon events: they never keep a run alive.
//
// The endpoint reports every change of its running and waiting counts (observe) and each statement answered
// without compute (touch); the listener learns each new capacity, to speed up or slow down running work.
#pragma once

#include <cstdint>
#include <map>

#include "models/compute/concurrency_curve.h"
#include "models/serverless/serverless_billing.h"
#include "models/serverless/serverless_config.h"
#include "sim/core/event.h"
#include "sim/core/simulation.h"

namespace rsim {

struct WorkgroupMeters {
  ServerlessUsage usage;
  double mean_rpu = 0;  // time-weighted over the run
  double peak_rpu = 0;
  std::uint64_t scale_ups = 0;
  std::uint64_t scale_downs = 0;
  std::map<double, double> seconds_at_rpu;  // capacity -> seconds spent at it
};

class WorkgroupScaling final : public EventHandler {
 public:
  class Listener {
   public:
    virtual ~Listener() = default;
    virtual void capacity_changed(double rpu) = 0;
  };

  WorkgroupScaling(Simulation& sim, const ServerlessConfig& config, ConcurrencyCurve curve,
                   Listener& listener);

  // The workgroup's state changed at now(): `running` queries run, `waiting` wait for admission.
  void observe(std::uint32_t running, std::uint32_t waiting);
  // A statement answered at now() without compute time (a result-cache hit): activity for billing.
  void touch() { billing_.touch(sim_.now()); }

  double capacity() const { return capacity_; }
  // Amdahl speed at `rpu` relative to the base: what running work is multiplied by.
  double speed_at(double rpu) const;
  WorkgroupMeters meters(SimTime end) const;

  void handle(Simulation& sim, const Event& event) override;

 private:
  void set_capacity(double rpu);
  double step() const;

  Simulation& sim_;
  const ServerlessConfig& config_;
  ConcurrencyCurve curve_;
  Listener& listener_;
  HandlerId self_;
  ServerlessBilling billing_;
  double capacity_;
  bool pressure_ = false;              // a trigger holds
  std::uint64_t up_generation_ = 0;    // a pending step-up check is stale when this moved on
  std::uint64_t down_generation_ = 0;  // likewise for step-down checks
  SimTime start_;
  SimTime last_change_;
  double rpu_integral_ = 0;  // RPU x µs up to last_change_
  double peak_ = 0;
  std::uint64_t ups_ = 0;
  std::uint64_t downs_ = 0;
  std::map<double, double> seconds_at_;
};

}  // namespace rsim
