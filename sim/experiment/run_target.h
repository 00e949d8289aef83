// What sweeps, optimiser specs and gates share: the run they start from, read from their JSON file.
//   "scenario":     path of the scenario file, relative to the spec's folder (required)
//   "trace":        path of the trace (default: the scenario's own)
//   "set":          {"PATH": VALUE, ...} changes to the scenario, as `rsim run --set PATH=VALUE`
//   "seed":         seed of the run's random streams (default 1)
//   "replications": replications per run (default 1; confidence half-widths when > 1)
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/io/json_input.h"
#include "sim/run/run_command.h"

namespace rsim {

// Reads the keys above from `spec`, resolving paths against the folder of the spec's file.
RunRequest read_run_target(JsonObject& spec);

// "PATH=VALUE" as json_overrides.h takes it: VALUE as compact JSON.
std::string override_of(const std::string& path, const nlohmann::json& value);

// A value as a short label: strings unquoted, everything else as compact JSON.
std::string label_of_value(const nlohmann::json& value);

}  // namespace rsim
