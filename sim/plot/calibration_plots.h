// A calibration's check on held-out data (the profile's `validation`): predicted against observed
// percentiles of latency, queue wait and execution time, with the line where they would be equal.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "sim/plot/plot.h"

namespace rsim {

std::vector<Plot> calibration_plots(const nlohmann::json& profile);

}  // namespace rsim
