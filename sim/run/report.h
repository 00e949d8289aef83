// The report (sim/cli/interfaces.md, "The report"): metrics of each replication as JSON, their combination
// across replications (means with 95% confidence half-widths), and the summary table printed by `rsim run`.
//
// Determinism: every value here depends only on the scenario, the workload and the seed; the "run" block
// (wall time, memory, version) is the only part that differs between identical runs.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/scenario/scenario.h"
#include "sim/run/replication.h"

namespace rsim {

inline constexpr const char* kReportSchemaVersion = "1.0";

// {"overall": {...}, "endpoints": [...]} for one replication.
nlohmann::json replication_metrics(const ReplicationResult& r, const Scenario& scenario);

// Element-wise mean of replications' metrics; every distribution object ({mean, p50, ...}) gains "ci95" with
// the half-width of each of its fields. With one replication, returns it unchanged.
nlohmann::json combine_replications(const std::vector<nlohmann::json>& replications);

// The table printed after a run.
std::string summary_table(const nlohmann::json& report);

// Peak resident set size of this process, in MiB.
double peak_rss_mb();

}  // namespace rsim
