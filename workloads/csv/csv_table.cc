#include "workloads/csv/csv_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "sim/io/input_error.h"
#include "workloads/csv/decimal.h"
#include "workloads/trace/timestamp.h"

namespace rsim {

namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

}  // namespace

std::string shown_value(std::string_view s) {
  constexpr std::size_t kMax = 40;
  return s.size() <= kMax ? fmt::format("\"{}\"", s) : fmt::format("\"{}...\"", s.substr(0, kMax));
}

CsvTable::CsvTable(const std::filesystem::path& path, std::string what)
    : csv_(std::make_unique<CsvReader>(open_byte_source(path), path.string())),
      name_(path.string()),
      what_(std::move(what)) {
  if (!csv_->next() || (csv_->size() == 1 && csv_->field(0).empty())) {
    throw InputError(fmt::format("{}: empty file: expected {} with a header row", name(), what_));
  }
  for (std::size_t i = 0; i < csv_->size(); ++i) {
    std::string h = lower(trimmed(csv_->field(i)));
    const auto seen = std::find(header_.begin(), header_.end(), h);
    if (!h.empty() && seen != header_.end()) {
      throw InputError(fmt::format("{}: line {}, column {}: column \"{}\" appears twice in the header",
                                   name(), csv_->line(), i + 1, h));
    }
    header_.push_back(std::move(h));
  }
  splitter_.emplace([this](const ReadAhead<Batch>::Publish& publish) { split(publish); });
}

CsvTable::~CsvTable() = default;

void CsvTable::split(const ReadAhead<Batch>::Publish& publish) {
  constexpr std::size_t kRecords = 1024;
  Batch batch;
  // A malformed record ends the read: the records before it still reach the consumer first, so an earlier
  // error in them (a wrong field count) is the one reported.
  const auto next = [&] {
    try {
      return csv_->next();
    } catch (...) {
      if (!batch.records.empty()) publish(std::move(batch));
      throw;
    }
  };
  while (next()) {
    if (csv_->size() == 1 && csv_->field(0).empty()) continue;  // a blank line
    for (std::size_t i = 0; i < csv_->size(); ++i) {
      batch.text.append(csv_->field(i));
      batch.ends.push_back(static_cast<std::uint32_t>(batch.text.size()));
    }
    batch.records.emplace_back(csv_->line(), static_cast<std::uint32_t>(csv_->size()));
    // A batch's text stays below 4 GiB (32-bit offsets): records are at most 1 GiB each (CsvReader).
    if (batch.records.size() == kRecords || batch.text.size() > (std::size_t{1} << 30)) {
      if (!publish(std::move(batch))) return;
      batch = Batch{};
    }
  }
  if (!batch.records.empty()) publish(std::move(batch));
}

int CsvTable::find(std::string_view column) const {
  const auto it = std::find(header_.begin(), header_.end(), lower(column));
  return it == header_.end() ? -1 : static_cast<int>(it - header_.begin());
}

int CsvTable::require(std::string_view column) const {
  const int at = find(column);
  if (at < 0) {
    throw InputError(
        fmt::format("{}: line 1: missing required column \"{}\" (expected {})", name(), column, what_));
  }
  return at;
}

bool CsvTable::next() {
  if (next_record_ == batch_.records.size()) {
    if (!splitter_->next(batch_)) return false;
    next_record_ = 0;
    next_field_ = 0;
  }
  const auto [line, fields] = batch_.records[next_record_++];
  line_ = line;
  first_field_ = next_field_;
  next_field_ += fields;
  if (fields != header_.size()) {
    throw InputError(fmt::format("{}: line {}: {} fields, but the header has {} columns", name(), line,
                                 fields, header_.size()));
  }
  ++rows_;
  return true;
}

std::string_view CsvTable::text(int col) const {
  if (col < 0) return {};
  const std::size_t i = first_field_ + static_cast<std::size_t>(col);
  const std::size_t from = i == 0 ? 0 : batch_.ends[i - 1];
  return trimmed(std::string_view(batch_.text).substr(from, batch_.ends[i] - from));
}

std::optional<double> CsvTable::number(int col, double min) const {
  const std::string_view s = text(col);
  if (s.empty()) return std::nullopt;
  double v = 0;
  if (!parse_plain_decimal(s, v)) {
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) {
      fail(col, fmt::format("expected a number, got {}", shown_value(s)));
    }
  }
  if (v < min) fail(col, fmt::format("expected a number >= {}, got {}", min, shown_value(s)));
  return v;
}

std::optional<std::int64_t> CsvTable::integer(int col, std::int64_t min) const {
  const std::string_view s = text(col);
  if (s.empty()) return std::nullopt;
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) {
    fail(col, fmt::format("expected a whole number, got {}", shown_value(s)));
  }
  if (v < min) fail(col, fmt::format("expected a whole number >= {}, got {}", min, shown_value(s)));
  return v;
}

std::optional<SimTime> CsvTable::timestamp(int col) const {
  const std::string_view s = text(col);
  if (s.empty()) return std::nullopt;
  std::string why;
  const auto t = parse_timestamp(s, &why);
  if (!t) fail(col, fmt::format("bad timestamp {}: {}", shown_value(s), why));
  return t;
}

std::optional<bool> CsvTable::boolean(int col) const {
  const std::string_view s = text(col);
  if (s.empty()) return std::nullopt;
  const auto is = [&](std::string_view word) {
    return s.size() == word.size() &&
           std::equal(s.begin(), s.end(), word.begin(), [](char a, char b) { return (a | 0x20) == b; });
  };
  if (is("t") || is("true") || s == "1" || is("yes") || is("y")) return true;
  if (is("f") || is("false") || s == "0" || is("no") || is("n")) return false;
  fail(col, fmt::format("expected true or false (t/f, 1/0), got {}", shown_value(s)));
}

void CsvTable::fail(int col, std::string_view what) const {
  const std::string column = col >= 0 ? header_[static_cast<std::size_t>(col)] : std::string("?");
  throw InputError(fmt::format("{}: line {}, column {} ({}): {}", name(), line(), col + 1, column, what));
}

void CsvTable::fail_row(std::string_view what) const {
  throw InputError(fmt::format("{}: line {}: {}", name(), line(), what));
}

}  // namespace rsim
