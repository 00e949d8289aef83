// `rsim pull`: reads a cluster's or workgroup's system tables over libpq into a canonical trace, plus what
// calibration needs beside it: the WLM layout (stl) or the capacity series (sys).
//
// The span [since, until) is read window by window, each window's statements streamed row by row into an
// export file shaped like the `stl` / `sys_query_history` CSV exports, which the trace reader of that format
// then converts (workloads/formats). If the connection drops, the pull reconnects with exponential backoff
// and repeats the window it was in (its partial rows are cut off the export), for up to `retry_for_s`.
// Nothing appears at the output paths unless the whole pull succeeds.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "calibration/pull/system_table_queries.h"
#include "sim/core/time.h"
#include "workloads/formats/foreign_trace.h"

namespace rsim {

struct PullRequest {
  std::string dsn;  // empty: the PG* environment and ~/.pgpass
  PullSource source = PullSource::kSys;
  SimTime since = 0;
  SimTime until = 0;
  SimDuration window = 15 * 60 * kMicrosPerSecond;   // REQUIRES: > 0
  double statement_timeout_s = 300;                  // 0: none
  double retry_for_s = 60;                           // after a dropped connection; 0: no retry
  std::filesystem::path out;                         // the canonical trace
  std::optional<std::filesystem::path> keep_export;  // also keep the raw export here
  ForeignTraceOptions convert;                       // observed endpoint and capacity, --drop-aborted, ...
};

struct PullResult {
  std::uint64_t rows = 0;     // export rows (attempts on stl)
  std::uint64_t queries = 0;  // canonical queries written
  std::uint64_t windows = 0;
  std::uint64_t reconnects = 0;
  std::filesystem::path layout;    // wlm.json (stl) when written
  std::filesystem::path capacity;  // capacity.csv (sys) when written
  ConversionTally tally;
};

// Where the sidecars of a trace go: TRACE.csv[.gz|.zst] -> TRACE.wlm.json and TRACE.capacity.csv.
std::filesystem::path sidecar_path(const std::filesystem::path& trace, std::string_view suffix);

// Runs the pull. `log` receives progress and reconnection lines. Throws InputError with a message naming the
// server (redacted), the relation or the window, and what to do.
PullResult pull(const PullRequest& request, const std::function<void(const std::string&)>& log);

}  // namespace rsim
