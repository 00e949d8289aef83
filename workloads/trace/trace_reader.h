// Reads a canonical trace file (sim/cli/interfaces.md) lazily, one row per next() call, into Query records.
//
// Columns may come in any order; unknown columns are ignored; missing optional columns take their defaults.
// Every malformed input is an InputError that names the file, line and column: a missing required column,
// a bad number or timestamp, an unknown query type, rows out of arrival order (unless sorting is asked for),
// a repeated query_id, a wrong field count, CSV syntax and encoding errors (see CsvReader), an empty file.
//
// Memory does not grow with the file: repeated ids are found with a fixed-size filter (DuplicateIdFilter);
// if it flags any id, the file is read a second time at the end to confirm, so a duplicate is reported when
// the last row has been read (before any output is written). With `sort`, the whole file is read and sorted
// by arrival in memory first.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/symbol_table.h"
#include "workloads/csv/csv_reader.h"
#include "workloads/query.h"
#include "workloads/trace/duplicate_ids.h"
#include "workloads/trace/trace_columns.h"

namespace rsim {

struct TraceReaderOptions {
  // Accept rows in any order by sorting the whole trace in memory (stable: ties keep file order).
  bool sort = false;
  // exec_ms must be present in every row (false when a profile predicts work from features).
  bool require_exec_ms = true;
  // The columns the caller reads. A free-text column outside the set (user, query_group, database, domain,
  // client, read_tables, write_tables, observed_endpoint) is skipped: not interned, its field left as if the
  // header lacked the column. Interning a column of thousands of distinct users costs more than the rest of a
  // row. Columns with rules (ids, times, numbers, types) are always decoded, so bad input is reported
  // whatever the set.
  TraceColumnSet columns = all_trace_columns();
};

class TraceReader final : public QuerySource {
 public:
  // Opens the file and reads its header. Throws InputError.
  TraceReader(std::filesystem::path path, SymbolTable& symbols, TraceReaderOptions options = {});
  ~TraceReader() override;

  bool next(Query& q) override;

  bool has_column(TraceColumn c) const { return position_[static_cast<std::size_t>(c)] >= 0; }
  // The header has the column and the reader decodes it (see TraceReaderOptions::columns).
  bool decoded(TraceColumn c) const {
    return has_column(c) && layout_[static_cast<std::size_t>(position_[static_cast<std::size_t>(c)])] == c;
  }
  const std::filesystem::path& path() const { return path_; }
  std::uint64_t rows() const { return rows_; }

 private:
  bool read_row(Query& q);
  void parse_header();
  void confirm_duplicates();
  [[noreturn]] void fail(std::size_t field, std::string_view what) const;
  double number(std::size_t field, bool non_negative) const;
  Symbol intern(TraceColumn c, std::string_view text);

  static constexpr Symbol kNoSymbol = UINT32_MAX;

  std::filesystem::path path_;
  std::string name_;
  SymbolTable& symbols_;
  TraceReaderOptions options_;
  std::unique_ptr<CsvReader> csv_;
  // For each CSV field position, which canonical column it holds (kCount: ignored).
  std::vector<TraceColumn> layout_;
  std::array<int, static_cast<std::size_t>(TraceColumn::kCount)> position_{};
  std::uint64_t rows_ = 0;
  Symbol default_user_ = 0;
  Symbol default_database_ = 0;
  bool default_user_column_ = false;  // rows take default_user_: no user column decoded
  bool default_database_column_ = false;
  // A text's length and up to 24 of its bytes (the first 16 and the last 8, zero-padded when shorter): for
  // texts of up to 24 bytes (user names) these decide equality alone, with no pointer to follow (a cache miss
  // per row on a busy user column).
  struct InternSlot {
    std::uint64_t w0 = 0, w1 = 0, w2 = 0;
    std::uint32_t size = 0;
    Symbol symbol = kNoSymbol;
  };
  // A direct-mapped cache per interned column, allocated on first use. It starts small and grows while it
  // misses often, so that a column with thousands of distinct values (users of a busy trace) still hits.
  struct InternCache {
    std::vector<InternSlot> slots;
    std::uint32_t lookups = 0;
    std::uint32_t misses = 0;
  };
  static constexpr std::size_t kInternCacheFirst = 1024;
  static constexpr std::size_t kInternCacheMax = 1 << 16;
  static constexpr std::uint32_t kInternCacheWindow = 1 << 16;
  std::array<InternCache, static_cast<std::size_t>(TraceColumn::kCount)> intern_cache_;
  SimTime last_arrival_ = INT64_MIN;
  std::uint64_t last_line_ = 0;
  std::unique_ptr<DuplicateIdFilter> ids_;
  bool confirmed_ = false;
  // Sorted mode: all rows, served from memory.
  std::vector<Query> sorted_;
  std::size_t sorted_next_ = 0;
  bool sorted_mode_ = false;
};

}  // namespace rsim
