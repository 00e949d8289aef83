// `rsim run`: one scenario, one workload, R replications, one report.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace rsim {

struct RunRequest {
  std::filesystem::path scenario;
  std::optional<std::filesystem::path> trace;  // defaults to the scenario's "trace"
  std::uint64_t seed = 1;
  int replications = 1;
  bool sort = false;  // accept an unsorted trace by sorting it in memory
};

// Runs and returns the report (nothing is written). Throws InputError on bad input.
nlohmann::json execute_run(const RunRequest& request);

}  // namespace rsim
