// The sweep's cost against p95 latency (sweep.json): every variant as a point, the Pareto front as a line
// from the cheapest to the fastest.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "sim/plot/plot.h"

namespace rsim {

// Empty when no variant has a cost (an unpriced scenario has no front).
std::vector<Plot> sweep_plots(const nlohmann::json& sweep);

}  // namespace rsim
