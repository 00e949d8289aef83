// `rsim sweep SWEEP.json`: many variants of one scenario, each replicated, run in parallel; one row per
// variant with its knobs, latency percentiles with confidence half-widths, and cost per day; the
// cost-vs-p95 Pareto front marked. The sweep file:
//   {"schema_version": 1, "name": "golden-capacity", "description": "...",
//    "scenario": "../scenarios/golden.json", "trace": ..., "set": {...}, "seed": 1, "replications": 3,
//    "design": "grid",                                    (design.h: grid, list, or random samples)
//    "dimensions": [...],                                 (dimension.h)
//    "metrics": {"sales_p99_ms": "domains[sales].latency_ms.p99"}}   extra columns (report_metric.h)
// (run_target.h has the run keys; "replications" applies to every variant, with the seeds `rsim run` uses,
// so a row equals `rsim run SCENARIO --set ... --seed S --replications R`.)
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "sim/experiment/design.h"
#include "sim/experiment/dimension.h"
#include "sim/experiment/measure.h"
#include "sim/experiment/variant_runs.h"
#include "sim/run/run_command.h"

namespace rsim {

// A column of results: its name and the report path it reads.
struct MetricColumn {
  std::string name;
  std::string path;
};

// The columns every sweep has: latency mean and percentiles, queue wait, failure rate, cost per day.
const std::vector<MetricColumn>& standard_metric_columns();
inline constexpr const char* kParetoCost = "cost_per_day_usd";
inline constexpr const char* kParetoLatency = "latency_p95_ms";

struct SweepSpec {
  std::filesystem::path file;
  std::string name;
  std::string description;
  RunRequest base;
  Design design;
  std::vector<Dimension> dimensions;
  std::vector<MetricColumn> metrics;  // standard, then the file's own
};

// Throws InputError naming the file and key.
SweepSpec load_sweep(const std::filesystem::path& file);

struct SweepRow {
  Variant variant;
  std::string label;
  std::vector<Measured> values;  // by spec.metrics
  bool pareto = false;
};

struct SweepResult {
  std::vector<SweepRow> rows;
  std::vector<VariantOutcome> outcomes;  // by variant
  double wall_s = 0;
  int threads = 0;
  int ranks = 1;
};

SweepResult execute_sweep(const SweepSpec& spec, const ExecutionOptions& options);

// Outputs. CSV and JSON depend only on the spec and its inputs (the JSON's "run" block aside).
std::string sweep_csv(const SweepSpec& spec, const SweepResult& result);
nlohmann::json sweep_json(const SweepSpec& spec, const SweepResult& result);
std::string sweep_table(const SweepSpec& spec, const SweepResult& result);

}  // namespace rsim
