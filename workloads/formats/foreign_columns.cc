#include "workloads/formats/foreign_columns.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/core/random.h"
#include "workloads/trace/timestamp.h"

namespace rsim {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

std::optional<std::int64_t> DurationColumns::micros(int col, bool required) const {
  const auto v = table_.integer(col, 0);
  if (!v) {
    if (required) table_.fail(col, col < 0 ? "column missing" : "empty (it is required)");
    return std::nullopt;
  }
  if (static_cast<double>(*v) > max_s_ * 1e6) {
    table_.fail(col, fmt::format("{} µs is more than {} s: system-table durations are in microseconds (a "
                                 "longer query needs --max-duration)",
                                 *v, max_s_));
  }
  return v;
}

std::optional<double> DurationColumns::millis(int col, bool required) const {
  const auto v = table_.number(col, 0.0);
  if (!v) {
    if (required) table_.fail(col, col < 0 ? "column missing" : "empty (it is required)");
    return std::nullopt;
  }
  if (*v > max_s_ * 1e3) {
    table_.fail(col, fmt::format("{} ms is more than {} s: Redset durations are in milliseconds, not "
                                 "microseconds (a longer query needs --max-duration)",
                                 *v, max_s_));
  }
  return v;
}

void check_within_span(const CsvTable& table, int col, std::int64_t inner_us, std::int64_t span_us,
                       std::string_view inner_name) {
  // Exports may round timestamps to the millisecond.
  if (inner_us > span_us + 1000 + span_us / 100) {
    table.fail(col, fmt::format("{} = {} µs exceeds the row's end - start = {} µs: system-table durations "
                                "are in microseconds",
                                inner_name, inner_us, span_us));
  }
}

void ArrivalOrder::check(const CsvTable& table, int col, SimTime arrival, bool sorting) {
  if (!sorting && arrival < last_) {
    table.fail(col, fmt::format("arrivals out of order: {} is earlier than {} on line {} (export the rows "
                                "ordered by arrival, or pass --sort)",
                                format_timestamp(arrival), format_timestamp(last_), last_line_));
  }
  last_ = std::max(last_, arrival);
  last_line_ = table.line();
}

std::string user_name(const CsvTable& table, int name_col, int id_col) {
  if (!table.null(name_col)) return std::string(table.text(name_col));
  if (!table.null(id_col)) return fmt::format("user_{}", table.text(id_col));
  return "default";
}

std::string_view query_group_of_label(std::string_view label) {
  return label == "default" ? std::string_view() : label;
}

std::uint64_t session_key(std::string_view session_id, std::uint64_t ordinal) {
  if (session_id.empty()) return mix64(ordinal ^ 0x5e5510'0000'0000ULL);
  return mix64(stable_hash(session_id));
}

std::uint64_t text_key(std::string_view text) { return mix64(stable_hash(text)) | 1; }

std::string join_endpoint(std::string_view base, std::string_view own) {
  if (base.empty()) return std::string(own);
  if (own.empty()) return std::string(base);
  return fmt::format("{}/{}", base, own);
}

}  // namespace rsim
