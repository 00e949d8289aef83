// The exact statements `rsim pull` runs, per source (models/catalog/facts.md section 6). They are plain
// SELECTs on system views, so a read-only user can run them; they use no Redshift-only functions (durations
// are computed by rsim from the timestamps), so the same text runs on Redshift and on the PostgreSQL tables
// the tests build.
//
// `:since` and `:until` stand for a time window's bounds; bind_window() replaces them with UTC timestamp
// literals that rsim formats itself (no user text reaches the SQL).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/time.h"

namespace rsim {

enum class PullSource : std::uint8_t { kStl, kSys };
inline constexpr std::array<std::string_view, 2> kPullSourceNames = {"stl", "sys"};

struct SystemTableQueries {
  // Per window: the user statements (one row per attempt on stl, per statement on sys), in arrival order,
  // with the columns the stl and sys_query_history trace readers take (workloads/formats/README.md).
  std::string statements;
  // Per window, stl only: compile segments (query, starttime, endtime) of the window's queries, summed per
  // query by rsim into the `compile_us` column.
  std::string compiles;
  // Once: the WLM layout (stl) or the capacity series (sys), over the whole span for the latter.
  std::string layout;
  std::string capacity;
};

const SystemTableQueries& system_table_queries(PullSource source);

// `sql` with :since and :until replaced by 'YYYY-MM-DD HH:MM:SS.ffffff' literals.
std::string bind_window(std::string_view sql, SimTime since, SimTime until);

// The relations each source reads, for messages and --help.
std::string_view relations_read(PullSource source);

}  // namespace rsim
