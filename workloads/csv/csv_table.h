// A CSV file with a header row, read by column name: the common ground of the foreign trace formats (system
// table exports, Redset). Each reader asks for its columns by name, then reads typed fields row by row, and
// every error names the file, line and column.
//
// NULL is an empty field (what UNLOAD, psql --csv and DuckDB write by default). Header names are matched
// case-insensitively, ignoring surrounding blanks.
//
// The CSV is split into records on a second core (ReadAhead) while the caller converts the records before:
// the splitting (quotes, embedded line breaks, UTF-8 checks) is a quarter of a format reader's time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/time.h"
#include "sim/io/read_ahead.h"
#include "workloads/csv/csv_reader.h"

namespace rsim {

class CsvTable {
 public:
  // Opens the file and reads the header. `what` describes the expected file for messages ("a
  // SYS_QUERY_HISTORY export"). Throws InputError (missing file, empty file, repeated column).
  CsvTable(const std::filesystem::path& path, std::string what);
  ~CsvTable();

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

  // The line on which the current record starts.
  std::uint64_t line() const { return line_; }
  const std::string& name() const { return name_; }
  // Data rows read so far.
  std::uint64_t rows() const { return rows_; }

 private:
  // Records split ahead: the fields' text back to back, each field's end offset, and per record its line and
  // its number of fields.
  struct Batch {
    std::string text;
    std::vector<std::uint32_t> ends;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> records;
  };
  void split(const ReadAhead<Batch>::Publish& publish);  // on the read-ahead thread

  std::unique_ptr<CsvReader> csv_;
  std::string name_;
  std::string what_;
  std::vector<std::string> header_;  // lower-case
  std::uint64_t rows_ = 0;
  std::uint64_t line_ = 1;
  Batch batch_;
  std::size_t next_record_ = 0;
  std::size_t first_field_ = 0;  // of the current record in batch_.ends
  std::size_t next_field_ = 0;
  std::optional<ReadAhead<Batch>> splitter_;  // last: started once the header is read
};

// `s` shortened to 40 characters and quoted, for messages.
std::string shown_value(std::string_view s);

}  // namespace rsim
