// The observations calibration works from: pulled traces (one per cluster or workgroup, each with the
// sidecars `rsim pull` wrote beside it), split by time into a fit window and a hold-out window.
//
// Each trace is one endpoint. Its base capacity comes from the queries' observed_capacity (rsim pull
// --capacity), else, for a workgroup, from the lowest capacity of its series. TRACE.capacity.csv (from
// SYS_SERVERLESS_USAGE) makes it a workgroup whose capacity steps each minute; TRACE.wlm.json gives a
// cluster's WLM queues. Every execution on the endpoint counts for concurrency; the fit itself leaves out
// what would mislead it, counted by reason: result-cache answers, concurrency-scaling runs, rows without an
// execution time.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "calibration/fit/execution_timeline.h"
#include "calibration/fit/service_time_fit.h"
#include "models/catalog/node_catalog.h"
#include "sim/core/symbol_table.h"
#include "workloads/query.h"

namespace rsim {

struct ObservedEndpoint {
  std::filesystem::path trace;
  std::string observed_capacity;  // "ra3.4xlarge:2", "rpu:8"
  double base_rpu = 0;
  bool serverless = false;
  std::vector<std::pair<SimTime, double>> capacity;  // steps; one step for a cluster
  std::optional<nlohmann::json> wlm;                 // TRACE.wlm.json
  SimTime first = 0, split = 0, last = 0;  // arrivals: fit window [first, split), hold-out [split, last]
};

struct CalibrationData {
  SymbolTable symbols;
  std::vector<ObservedEndpoint> endpoints;
  std::vector<ExecutionInterval> executions;
  std::vector<ExecutionInterval> waits;     // arrival to execution start, where a query waited
  std::vector<ObservedQuery> fit;           // queries of the fit windows the fit uses
  std::vector<std::vector<Query>> holdout;  // per endpoint, its hold-out window's queries in arrival order
  std::map<std::string, std::uint64_t> excluded;  // fit-window queries left out, by reason
};

// Reads `traces`; `holdout_fraction` of each trace's span (by time, at the end) is held out.
// Throws InputError (unreadable trace, no capacity known, too few queries).
CalibrationData load_calibration_data(const std::vector<std::filesystem::path>& traces,
                                      double holdout_fraction, const NodeCatalog& catalog);

}  // namespace rsim
