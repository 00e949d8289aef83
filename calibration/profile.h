// A calibration profile: the fitted model parameters, what each rests on (queries used, calibrated or left
// at its default), and the validation on held-out data. `rsim calibrate` writes it; `rsim run --profile`
// applies it to a scenario (models/scenario/profile_settings.h).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "calibration/fit/scaling_fit.h"
#include "calibration/fit/service_time_fit.h"
#include "calibration/validate/holdout_replay.h"
#include "models/scenario/profile_settings.h"

namespace rsim {

struct Profile {
  std::vector<std::string> traces;
  std::size_t fit_queries = 0;
  std::map<std::string, std::uint64_t> excluded;
  ServiceTimeFit service;
  std::optional<ScalingFit> scaling;  // a workgroup's
  HoldoutValidation validation;
};

// The JSON `rsim run --profile` reads (models/scenario/profile_settings.h).
nlohmann::ordered_json profile_to_json(const Profile& profile);

}  // namespace rsim
