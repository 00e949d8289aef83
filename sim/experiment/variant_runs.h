// Runs many scenario variants, each with its replications: every (variant, replication) pair is a task,
// spread over the ranks of the launch (task i on rank i mod size) and, within a rank, over a TBB arena of
// `jobs` threads. Each task is independent and seeded from its own (seed, replication), so the outcomes are
// the same whatever the thread or rank count. Every rank gets every outcome (callers such as the optimiser
// decide what to run next from them, and all ranks must decide alike).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "sim/experiment/rank_group.h"
#include "sim/run/run_command.h"

namespace rsim {

struct VariantOutcome {
  nlohmann::json report;                     // as `rsim run` writes it, without the "run" block
  std::vector<nlohmann::json> replications;  // each replication's metrics (replication_metrics), in order
  double busy_s = 0;  // wall time its replications took, summed (varies from run to run)
};

struct ExecutionOptions {
  int jobs = 0;                // threads per rank; 0: one per core
  RankGroup* ranks = nullptr;  // null: this process alone
};

// Throws InputError (on every rank alike) when a variant is rejected; `labels[i]` names variant i in the
// message. REQUIRES: labels.size() == runs.size().
std::vector<VariantOutcome> run_variants(const std::vector<RunRequest>& runs,
                                         const std::vector<std::string>& labels,
                                         const ExecutionOptions& options);

}  // namespace rsim
