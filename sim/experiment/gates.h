// `rsim check GATES.json`: a CI gate. Pinned runs (scenario, trace, settings, seed, replications), each with
// thresholds on report values; any value past its threshold fails the check (exit 1). The gates file:
//   {"schema_version": 1, "name": "golden-balancing", "description": "...",
//    "baseline": "golden_balancing_baseline.json",          (for relative thresholds; next to this file)
//    "gates": [
//      {"name": "golden-day", "scenario": "../scenarios/golden.json", "seed": 1,     (run_target.h keys)
//       "thresholds": [
//         {"metric": "load_balancers[nlb].imbalance", "max": 1.25},                  absolute
//         {"metric": "overall.failure_rate", "max": 0},
//         {"metric": "overall.latency_ms.p95", "max_increase_pct": 3},               relative to the baseline
//         {"metric": "cost.per_day_usd", "max_increase_pct": 5, "baseline": 710.96}  ... given inline
//       ]}]}
// "min" and "max_decrease_pct" bound from below. Metrics are report paths (report_metric.h). The baseline
// file holds {"schema_version": 1, "gates": {"GATE": {"METRIC": value}}}; `--update-baseline` writes it.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/experiment/threshold.h"
#include "sim/experiment/variant_runs.h"
#include "sim/run/run_command.h"

namespace rsim {

struct Gate {
  std::string name;
  RunRequest run;
  std::vector<Threshold> thresholds;
};

struct GatesSpec {
  std::filesystem::path file;
  std::string name;
  std::string description;
  std::optional<std::filesystem::path> baseline_file;
  std::vector<Gate> gates;
};

// Throws InputError naming the file and key. `overrides` (PATH=VALUE) are applied to every gate's scenario
// after its own "set".
GatesSpec load_gates(const std::filesystem::path& file, const std::vector<std::string>& overrides = {});

// Fills every relative threshold without an inline baseline from spec.baseline_file. Throws InputError when
// the file or a value is missing (saying how to record one).
void read_baseline(GatesSpec& spec);

struct Verdict {
  std::size_t gate = 0;
  std::size_t threshold = 0;
  double value = 0;
  bool passed = false;
  std::string message;  // "GATE: METRIC = VALUE, ..." naming the value and the threshold
};

struct CheckResult {
  std::vector<VariantOutcome> outcomes;  // by gate
  std::vector<Verdict> verdicts;         // gate by gate, threshold by threshold
  bool passed() const;
};

// Runs every gate (in parallel, as a sweep does) and judges its thresholds. When `recording` a new baseline,
// relative thresholds are only measured (absolute ones are still judged). REQUIRES: relative thresholds
// have a baseline unless `recording`.
CheckResult execute_check(const GatesSpec& spec, const ExecutionOptions& options, bool recording = false);

// The baseline file's content for the values just measured (every threshold's metric).
nlohmann::json baseline_of(const GatesSpec& spec, const CheckResult& result);

// JUnit XML: one test suite per gate, one test case per threshold, a <failure> with the message.
std::string junit_xml(const GatesSpec& spec, const CheckResult& result);

// The verdicts as text, one line each (only the failed ones with `failures_only`), and a summary line.
std::string check_summary(const GatesSpec& spec, const CheckResult& result, bool failures_only = false);

}  // namespace rsim
