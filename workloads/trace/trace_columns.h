// The canonical trace's columns (sim/cli/interfaces.md). Names are part of the user-facing contract.
#pragma once

#include <array>
#include <bitset>
#include <string_view>

namespace rsim {

enum class TraceColumn {
  kQueryId,
  kArrival,
  kUser,
  kQueryGroup,
  kDatabase,
  kDomain,
  kSessionId,
  kClient,
  kQueryType,
  kExecMs,
  kQueueMs,
  kCompileMs,
  kMbytesScanned,
  kMbytesSpilled,
  kPeakMemMb,
  kRowsReturned,
  kResultCacheHit,
  kFingerprint,
  kReadTables,
  kWriteTables,
  kObservedEndpoint,
  kObservedCapacity,
  kSlotCount,
  kCount
};

inline constexpr std::array<std::string_view, static_cast<std::size_t>(TraceColumn::kCount)>
    kTraceColumnNames = {"query_id",
                         "arrival",
                         "user",
                         "query_group",
                         "database",
                         "domain",
                         "session_id",
                         "client",
                         "query_type",
                         "exec_ms",
                         "queue_ms",
                         "compile_ms",
                         "mbytes_scanned",
                         "mbytes_spilled",
                         "peak_mem_mb",
                         "rows_returned",
                         "result_cache_hit",
                         "fingerprint",
                         "read_tables",
                         "write_tables",
                         "observed_endpoint",
                         "observed_capacity",
                         "wlm_query_slot_count"};

inline std::string_view column_name(TraceColumn c) { return kTraceColumnNames[static_cast<std::size_t>(c)]; }

// A set of columns, indexed by TraceColumn.
using TraceColumnSet = std::bitset<static_cast<std::size_t>(TraceColumn::kCount)>;
inline TraceColumnSet all_trace_columns() { return TraceColumnSet{}.set(); }
inline void remove_column(TraceColumnSet& set, TraceColumn c) { set.reset(static_cast<std::size_t>(c)); }
inline bool has_column(const TraceColumnSet& set, TraceColumn c) {
  return set.test(static_cast<std::size_t>(c));
}

}  // namespace rsim
