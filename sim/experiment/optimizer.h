// `rsim optimize SPEC.json`: the cheapest configuration over declared dimensions that meets stated service
// levels. The spec:
//   {"schema_version": 1, "name": "golden-cheapest", "description": "...",
//    "scenario": "../scenarios/golden.json", "seed": 1, "replications": 1,          (run_target.h keys)
//    "dimensions": [                                                                 (dimension.h)
//      {"name": "base_rpu", "paths": [...], "values": [8, 16, 32, 64],
//       "more_is_faster": true, "more_is_costlier": true},
//      {"name": "policy", "path": "load_balancers[0].policy", "values": ["flow_hash", "round_robin"]}],
//    "service_levels": [                                                             (threshold.h, max/min)
//      {"metric": "overall.latency_ms.p95", "max": 60000},
//      {"metric": "domains[sales].latency_ms.p99", "max": 300000},
//      {"metric": "query_groups[dashboard].latency_ms.p95", "max": 20000},
//      {"metric": "overall.queue_ms.max", "max": 600000},
//      {"metric": "overall.failure_rate", "max": 0.001}],
//    "cost": "cost.per_day_usd",                                                     (default)
//    "runners_up": 3,                                                                (default)
//    "parallel_candidates": 2}      candidates simulated together each round (default 2; raise it for more
//                                   threads or ranks: the answer stays, only the simulation count changes)
//
// The search. Candidates are the grid of levels. Candidate b is at least as strong as a when it is at the
// same or a later level in every "more_is_faster" dimension and at the same level in every other one. Then
//   - a candidate that misses a service level rules out every weaker one (monotone: they miss it too);
//   - a feasible candidate rules out every stronger one whose differing dimensions are all
//     "more_is_costlier" (it costs at least as much, and ties go to the earlier candidate).
// Each round simulates the undecided candidates that split the rest most evenly (a binary search along
// each chain), "parallel_candidates" of them at once (pairwise incomparable), until none is undecided; the
// rounds do not depend on the thread count, so neither does the output. Without declarations every
// candidate is simulated. The grid may hold at most kMaxCandidates (the search is quadratic in it). Ties in
// cost go to the earlier candidate in grid order, so the answer equals an exhaustive search's.
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/experiment/design.h"
#include "sim/experiment/dimension.h"
#include "sim/experiment/threshold.h"
#include "sim/experiment/variant_runs.h"

namespace rsim {

inline constexpr std::size_t kMaxCandidates = 10000;

struct OptimizeSpec {
  std::filesystem::path file;
  std::string name;
  std::string description;
  RunRequest base;
  std::vector<Dimension> dimensions;
  std::vector<Threshold> service_levels;
  std::string cost_metric = "cost.per_day_usd";
  std::size_t runners_up = 3;
  std::size_t parallel_candidates = 2;
};

// Throws InputError naming the file and key.
OptimizeSpec load_optimize_spec(const std::filesystem::path& file);

struct Candidate {
  Variant variant;
  std::string label;
  enum class State { kUndecided, kSimulated, kRuledOutByWeakness, kRuledOutByCost } state = State::kUndecided;
  // Simulated:
  bool feasible = false;
  double cost = 0;
  std::vector<double> levels;       // by service level
  std::vector<std::string> missed;  // messages of the levels missed
  // Ruled out without simulation: by which simulated candidate.
  std::size_t because_of = 0;
  std::size_t round = 0;  // when simulated or ruled out (1-based)
};

struct OptimizeResult {
  std::vector<Candidate> candidates;  // in grid order
  std::optional<std::size_t> winner;
  std::vector<std::size_t> runners_up;  // feasible simulated candidates after the winner, cheapest first
  std::size_t simulated = 0;
  std::size_t rounds = 0;
  double wall_s = 0;
};

// `exhaustive` simulates every candidate (to check the search against).
OptimizeResult execute_optimize(const OptimizeSpec& spec, const ExecutionOptions& options,
                                bool exhaustive = false);

// The search alone, over spec.dimensions and spec.service_levels: `simulate` gets the candidates (grid
// indices) to run together and returns each one's cost and service-level values, in the same order.
struct Evaluation {
  double cost = 0;
  std::vector<double> levels;  // by service level
};
using Simulate = std::function<std::vector<Evaluation>(const std::vector<std::size_t>& candidates)>;
OptimizeResult search_cheapest(const OptimizeSpec& spec, const Simulate& simulate, bool exhaustive);

nlohmann::json optimize_json(const OptimizeSpec& spec, const OptimizeResult& result);
std::string optimize_summary(const OptimizeSpec& spec, const OptimizeResult& result);

}  // namespace rsim
