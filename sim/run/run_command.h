// `rsim run`: one scenario, one workload, R replications, one report.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace rsim {

struct RunRequest {
  std::filesystem::path scenario;
  std::optional<std::filesystem::path> trace;  // defaults to the scenario's "trace"
  std::uint64_t seed = 1;
  int replications = 1;
  bool sort = false;  // accept an unsorted trace by sorting it in memory
  // Multiplies every node type's rpu_equivalent (the node-to-RPU exchange rate, an assumption: model.md 2).
  double rpu_per_node_factor = 1.0;
  // PATH=VALUE settings applied to the scenario file (json_overrides.h), e.g. "work.source=predicted".
  std::vector<std::string> overrides;
  // A calibration profile (rsim calibrate) applied after the overrides: its fitted parameters replace the
  // scenario's (models/scenario/profile_settings.h).
  std::optional<std::filesystem::path> profile;
};

// Runs and returns the report (nothing is written). Throws InputError on bad input.
nlohmann::json execute_run(const RunRequest& request);

}  // namespace rsim
