// Pieces that the foreign trace readers share: unit-checked durations, the arrival-order rule, and the
// mapping of ids and labels to canonical values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "sim/core/symbol_table.h"
#include "sim/core/time.h"
#include "workloads/csv/csv_table.h"

namespace rsim {

std::string ascii_lower(std::string_view s);

// Duration columns of one table, checked against a plausible maximum: a value beyond it is reported as the
// unit mix-up it nearly always is.
class DurationColumns {
 public:
  DurationColumns(const CsvTable& table, double max_duration_s) : table_(table), max_s_(max_duration_s) {}
  // A column in microseconds (system tables). nullopt when NULL or the column is absent, unless `required`.
  std::optional<std::int64_t> micros(int col, bool required) const;
  // A column in milliseconds (Redset).
  std::optional<double> millis(int col, bool required) const;

 private:
  const CsvTable& table_;
  double max_s_;
};

// Fails on `col` when `inner_us` (durations summed) exceeds `span_us` (end - start of the same row) by more
// than a millisecond and 1%: the sign of durations exported in other units than µs.
void check_within_span(const CsvTable& table, int col, std::int64_t inner_us, std::int64_t span_us,
                       std::string_view inner_name);

// Arrivals must not go backwards, unless the input is to be sorted.
class ArrivalOrder {
 public:
  void check(const CsvTable& table, int col, SimTime arrival, bool sorting);

 private:
  SimTime last_ = INT64_MIN;
  std::uint64_t last_line_ = 0;
};

// Symbols of a low-cardinality column (users, databases, labels), cached by the field's raw text, so that
// the canonical name ("user_12") is built and interned only the first time a value is seen.
class ColumnSymbols {
 public:
  explicit ColumnSymbols(SymbolTable& symbols) : symbols_(symbols) {}

  // `make(raw)` gives the canonical name of a value not seen before.
  template <typename MakeName>
  Symbol get(std::string_view raw, MakeName make) {
    if (const auto it = cache_.find(raw); it != cache_.end()) return it->second;
    if (cache_.size() >= kMaxCached) cache_.clear();  // a column of unbounded values: bounded memory
    const Symbol s = symbols_.intern(make(raw));
    cache_.emplace(std::string(raw), s);
    return s;
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  static constexpr std::size_t kMaxCached = 1 << 16;
  SymbolTable& symbols_;
  std::unordered_map<std::string, Symbol, Hash, std::equal_to<>> cache_;
};

// The user's name from a name column, else "user_<id>" from an id column, else "default".
std::string user_name(const CsvTable& table, int name_col, int id_col);
// Redshift labels a query without a query group "default": that is the canonical empty group.
std::string_view query_group_of_label(std::string_view label);
// The canonical 64-bit session key of a session id; a distinct key per query when there is none.
std::uint64_t session_key(std::string_view session_id, std::uint64_t ordinal);
// A nonzero 64-bit key for a text id (hashes, fingerprints).
std::uint64_t text_key(std::string_view text);
// "base/own", or whichever is non-empty.
std::string join_endpoint(std::string_view base, std::string_view own);

}  // namespace rsim
