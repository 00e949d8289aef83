// `rsim compare`: the same trace through several scenarios, side by side (sim/cli/interfaces.md). Each row is
// one measure (latency percentiles, queue wait, execution, per-domain p95, balance, cost), with each
// scenario's value, the winner (lower is better) and the winner's margin over the runner-up.
//
// When provisioned clusters meet serverless workgroups, the verdict rests on the node-to-RPU exchange rate,
// an assumption (models/model.md section 2): every scenario is run again with it halved and doubled, and each
// row says whether its winner changes.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace rsim {

struct CompareRequest {
  std::vector<std::filesystem::path> scenarios;  // at least two
  std::optional<std::filesystem::path> trace;    // default: each scenario's own
  std::uint64_t seed = 1;
  int replications = 1;
  bool sort = false;
};

struct Comparison {
  std::vector<std::string> names;       // unique labels, in request order (the scenario names)
  std::vector<nlohmann::json> reports;  // as `rsim run` writes them
  nlohmann::json comparison;            // rows, winners, the assumption check
};

// Throws InputError on bad input (fewer than two scenarios, and whatever a run rejects).
Comparison execute_compare(const CompareRequest& request);

// The rows of `comparison` as a fixed-width table.
std::string comparison_table(const nlohmann::json& comparison);

// The comparison rows of reports already made (labels `names`), without the assumption check.
nlohmann::json compare_reports(const std::vector<std::string>& names,
                               const std::vector<nlohmann::json>& reports);

}  // namespace rsim
