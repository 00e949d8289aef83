// A CSV file with a header row, read by column name: the common ground of the foreign trace formats (system
// table exports, Redset). Each reader asks for its columns by name, then reads typed fields row by row, and
// every error names the file, line and column.
//
// NULL is an empty field (what UNLOAD, psql --csv and DuckDB write by default). Header names are matched
// case-insensitively, ignoring surrounding blanks.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/time.h"
#include "workloads/csv/csv_reader.h"

namespace rsim {

class CsvTable {
 public:
  // Opens the file and reads the header. `what` describes the expected file for messages ("a
  // SYS_QUERY_HISTORY export"). Throws InputError (missing file, empty file, repeated column).
  CsvTable(const std::filesystem::path& path, std::string what);

  // A column's index, or -1 when the header lacks it.
  int find(std::string_view name) const;
  // Throws InputError naming the file, the column and `what` when the header lacks it.
  int require(std::string_view name) const;

  // Reads the next row, skipping blank lines. Throws InputError on a field count unlike the header's.
  bool next();

  // The field, surrounding blanks removed; "" for an absent column (col < 0).
  std::string_view text(int col) const;
  bool null(int col) const { return text(col).empty(); }
  // A decimal number; nullopt when NULL. `min` is checked.
  std::optional<double> number(int col, double min = 0.0) const;
  // A whole number; nullopt when NULL.
  std::optional<std::int64_t> integer(int col, std::int64_t min = 0) const;
  // An ISO-8601 (or "YYYY-MM-DD HH:MM:SS[.f][+zz]") timestamp in µs; nullopt when NULL.
  std::optional<SimTime> timestamp(int col) const;
  // t/f, true/false, 1/0, yes/no (any case); nullopt when NULL.
  std::optional<bool> boolean(int col) const;

  [[noreturn]] void fail(int col, std::string_view what) const;
  [[noreturn]] void fail_row(std::string_view what) const;

  std::uint64_t line() const { return csv_->line(); }
  const std::string& name() const { return csv_->name(); }
  // Data rows read so far.
  std::uint64_t rows() const { return rows_; }

 private:
  std::unique_ptr<CsvReader> csv_;
  std::string what_;
  std::vector<std::string> header_;  // lower-case
  std::uint64_t rows_ = 0;
};

// `s` shortened to 40 characters and quoted, for messages.
std::string shown_value(std::string_view s);

}  // namespace rsim
