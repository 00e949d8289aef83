// One query as a workload describes it: the canonical trace row (sim/cli/interfaces.md), with strings
// interned into Symbols and numbers in fixed units. Plain data: copied into the simulation when the query
// arrives.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "sim/core/symbol_table.h"
#include "sim/core/time.h"

namespace rsim {

enum class QueryType : std::uint8_t {
  kSelect,
  kInsert,
  kUpdate,
  kDelete,
  kCopy,
  kUnload,
  kCtas,
  kDdl,
  kOther
};
inline constexpr int kQueryTypeCount = 9;

std::string_view query_type_name(QueryType t);
// Case-insensitive; false if `s` names no type.
bool parse_query_type(std::string_view s, QueryType& out);

// Marks an optional numeric column that the row left empty.
inline constexpr double kAbsent = std::numeric_limits<double>::quiet_NaN();
inline bool present(double v) { return !std::isnan(v); }

// Queries a model makes during a run (dual-write inserts) are numbered from here in the order made, so they
// follow every trace query where ordinals break ties (the longest queries).
inline constexpr std::uint64_t kGeneratedOrdinal = std::uint64_t{1} << 63;

struct Query {
  std::string id;             // query_id, unique within the trace
  std::uint64_t ordinal = 0;  // 0-based position in the workload; see kGeneratedOrdinal
  SimTime arrival = 0;        // µs since the epoch
  double exec_ms = kAbsent;   // observed execution time on observed_capacity
  double queue_ms = kAbsent;  // observed queue wait: for validation only, never an input
  double compile_ms = 0.0;
  double mbytes_scanned = kAbsent;
  double mbytes_spilled = 0.0;
  double peak_mem_mb = kAbsent;
  std::int64_t rows_returned = -1;  // -1: absent
  std::uint64_t session = 0;        // hash of session_id; a distinct value per query when absent
  std::uint64_t fingerprint = 0;    // hash of fingerprint; 0 when absent
  Symbol user = 0;
  Symbol query_group = 0;
  Symbol database = 0;
  Symbol domain = 0;
  Symbol client = 0;
  Symbol read_tables = 0;  // the ';'-separated list, interned whole
  Symbol write_tables = 0;
  Symbol observed_endpoint = 0;
  Symbol observed_capacity = 0;  // e.g. "ra3.xlplus:2" or "rpu:32"; 0 when absent
  std::uint16_t slot_count = 1;  // wlm_query_slot_count: WLM slots the query claims (1 to 50)
  QueryType type = QueryType::kSelect;
  bool result_cache_hit = false;
};

// A stream of queries in non-decreasing arrival order, read lazily: a trace file, a generator.
class QuerySource {
 public:
  virtual ~QuerySource() = default;
  // Fills `q` with the next query; returns false at the end. Throws InputError on bad input.
  virtual bool next(Query& q) = 0;
};

}  // namespace rsim
