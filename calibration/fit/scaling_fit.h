// A workgroup's scaling behaviour read off its capacity series (SYS_SERVERLESS_USAGE minutes) and its
// executions: base and max capacity, the step, the delay from a scale-up trigger to the capacity rising, and
// the quiet time before it falls (models/model.md section 5; defaults in models/scenarios/README.md).
//
// The series gives each minute's average capacity, so a step inside a minute shows as a value between two
// levels; with one step in the minute, where the value lies between the levels says when in the minute it
// happened. The trigger (queries waiting, or the running ones slowed below `slow_speed_fraction` of their
// solo speed, M(n)/n with the fitted exponent) comes from the observed executions. Delays are medians over
// the rises and falls seen; with none seen, they stay unset (the defaults apply).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "calibration/fit/execution_timeline.h"
#include "sim/core/time.h"

namespace rsim {

struct ScalingFit {
  double base_rpu = 0;
  double max_rpu = 0;
  double step_rpu = 0;
  std::optional<double> up_delay_s;
  std::optional<double> down_quiet_s;
  std::size_t rises = 0;  // steps up seen
  std::size_t falls = 0;  // steps down seen
};

// `capacity`: the minute series as steps (start of minute, average RPU). `executions` and `waits` (intervals
// from arrival to execution start) of this workgroup only. `slow_speed_fraction` as the scenario's.
ScalingFit fit_scaling(const std::vector<std::pair<SimTime, double>>& capacity, double base_rpu,
                       const std::vector<ExecutionInterval>& executions,
                       const std::vector<ExecutionInterval>& waits, double exponent,
                       double slow_speed_fraction);

}  // namespace rsim
