// A calibration profile applied to a scenario (`rsim run --profile`): the parameters calibration fitted
// replace the scenario's, and the assumptions they stood for leave Scenario::defaulted. The profile is
// written by `rsim calibrate` (calibration/profile.h); models only read its parameters.
#pragma once

#include <filesystem>

#include "models/scenario/scenario.h"

namespace rsim {

inline constexpr int kProfileSchemaVersion = 1;

// Applies the profile in `file` to `scenario`: overheads and scan rates of calibrated types, the serial
// fraction, every endpoint's concurrency exponent and spill penalty, and a workgroup's scaling delays and
// step. Throws InputError naming the file and key.
void apply_profile(const std::filesystem::path& file, Scenario& scenario);

}  // namespace rsim
