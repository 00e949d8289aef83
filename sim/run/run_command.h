// `rsim run`: one scenario, one workload, R replications, one report.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "models/catalog/node_catalog.h"
#include "models/scenario/scenario.h"
#include "sim/core/time.h"
#include "sim/run/progress.h"

namespace rsim {

struct RunRequest {
  std::filesystem::path scenario;
  std::optional<std::filesystem::path> trace;  // defaults to the scenario's "trace"
  std::uint64_t seed = 1;
  int replications = 1;
  bool sort = false;  // accept an unsorted trace by sorting it in memory
  // Multiplies every node type's rpu_equivalent (the node-to-RPU exchange rate, an assumption:
  // models/model.md 2).
  double rpu_per_node_factor = 1.0;
  // PATH=VALUE settings applied to the scenario file (json_overrides.h), e.g. "work.source=predicted".
  std::vector<std::string> overrides;
  // A calibration profile (rsim calibrate) applied after the overrides: its fitted parameters replace the
  // scenario's (models/scenario/profile_settings.h).
  std::optional<std::filesystem::path> profile;
  // Show progress on stderr (sim/run/progress.h): rsim run sets it unless --quiet.
  bool progress = false;
};

// Runs and returns the report (nothing is written). Throws InputError on bad input.
nlohmann::json execute_run(const RunRequest& request);

// The same run in parts, for callers that spread replications over threads or machines (rsim sweep):
// prepare once, run each replication (any order, concurrently: a PreparedRun is only read), then assemble.
// The report equals execute_run's whatever the order.
struct PreparedRun {
  RunRequest request;
  NodeCatalog catalog;
  Scenario scenario;
  std::filesystem::path trace;
};

// What one replication contributes to the report.
struct ReplicationSummary {
  nlohmann::json metrics;  // replication_metrics()
  std::uint64_t queries = 0;
  SimTime first_arrival = 0;
  SimTime last_arrival = 0;
  std::uint64_t events = 0;
  TraceColumnSet trace_columns;  // the columns the trace's header holds
};

// Loads the scenario (with overrides and profile) and finds the trace. Throws InputError on bad input.
PreparedRun prepare_run(const RunRequest& request);
// Replication `index` (0-based) of the run: seed derive_seed(request.seed, "replication", index).
ReplicationSummary run_prepared_replication(const PreparedRun& run, int index,
                                            RunProgress* progress = nullptr);
// REQUIRES: `replications` holds request.replications entries, in index order.
nlohmann::json assemble_report(const PreparedRun& run, const std::vector<ReplicationSummary>& replications,
                               double wall_s);

}  // namespace rsim
