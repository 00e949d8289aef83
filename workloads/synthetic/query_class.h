// One class of a generated workload (workloads/synthetic/README.md has every key):
//   "queries"    arrivals from an arrival process, one query each, shaped by the class's distributions
//   "batch"      jobs on a schedule, each a chain of steps on one connection: a step arrives when the one
//                before it would have finished on its observed capacity (execution as drawn), plus gap_s
//   "streaming"  streaming ingestion: events arrive at events_per_s (Poisson), a materialised view is
//                refreshed every refresh_s, and each refresh scans what arrived since the last one
//   "cdc"        change-data-capture micro-batches every interval_s: rows_per_s (Poisson) rows of
//                bytes_per_row, copied into staging then merged, as a two-step job
// Queries come out in arrival order, lazily: memory is the jobs in flight, whatever the span.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/random.h"
#include "sim/core/symbol_table.h"
#include "sim/io/json_input.h"
#include "workloads/arrival_order.h"
#include "workloads/query.h"
#include "workloads/synthetic/arrival_process.h"
#include "workloads/synthetic/session_pool.h"
#include "workloads/synthetic/value_distribution.h"

namespace rsim {

enum class ClassKind : std::uint8_t { kQueries, kBatch, kStreaming, kCdc };
inline constexpr std::array<std::string_view, 4> kClassKindNames = {"queries", "batch", "streaming", "cdc"};

struct StepSpec {
  std::vector<std::pair<QueryType, double>> types;  // weights summing to 1
  ValueDistribution work_ms;
  std::optional<ValueDistribution>
      mbytes_scanned;  // none: the class's data volume (streaming, cdc) or absent
  std::string read_tables, write_tables;
};

struct ClassSpec {
  std::string name;
  ClassKind kind = ClassKind::kQueries;
  ArrivalSpec arrivals;         // job starts for batch, streaming and cdc
  std::vector<StepSpec> steps;  // one for "queries" and "streaming"
  double gap_s = 0;
  double units_per_s = 0;  // streaming events or cdc rows per second
  double mbytes_per_unit = 0;
  std::string domain, database = "dev", query_group, observed_endpoint, observed_capacity;
  std::vector<std::string> users = {"default"};
  SessionSpec sessions;
  int statements = 0;  // distinct fingerprints per step (0: every query distinct)
  double result_cache_hit_share = 0;
};

// Throws InputError naming the JSON path.
ClassSpec parse_class(const JsonValue& v, const std::filesystem::path& base_dir);

class QueryClassSource final : public QuerySource {
 public:
  QueryClassSource(const ClassSpec& spec, SimTime start, SimTime end, std::uint64_t seed,
                   SymbolTable& symbols);
  bool next(Query& q) override;
  const ClassSpec& spec() const { return spec_; }

 private:
  void start_job(SimTime at);
  void fill(Query& q, const StepSpec& step, std::size_t step_index, SimTime arrival, double volume_mb);

  ClassSpec spec_;
  SymbolTable& symbols_;
  RandomStream rng_;
  ArrivalProcess arrivals_;
  std::optional<SimTime> next_job_;
  SimTime last_job_ = 0;
  SessionAssigner sessions_;
  ArrivalOrderBuffer pending_;
  std::uint64_t count_ = 0;
  std::vector<Symbol> users_;
  Symbol domain_, database_, group_, endpoint_, capacity_;
  std::vector<Symbol> reads_, writes_;  // per step
};

}  // namespace rsim
