#include "workloads/trace/trace_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "sim/core/random.h"
#include "sim/io/input_error.h"
#include "workloads/csv/decimal.h"
#include "workloads/trace/timestamp.h"

namespace rsim {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// True when the eight bytes of `w` are all 0-9 or a-f. Per byte (SWAR, no carries cross bytes since every
// step keeps bytes below 0x100): a byte is a digit when it lies in [0x30, 0x39], a letter in [0x61, 0x66].
inline bool hex8(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  if (w & kHigh) return false;
  // x + (0x80 - lo) has its high bit set iff x >= lo; x + (0x80 - hi - 1) has it set iff x > hi (x < 0x80).
  const std::uint64_t digit = (w + kOnes * (0x80 - 0x30)) & ~(w + kOnes * (0x80 - 0x3A)) & kHigh;
  const std::uint64_t letter = (w + kOnes * (0x80 - 0x61)) & ~(w + kOnes * (0x80 - 0x67)) & kHigh;
  return (digit | letter) == kHigh;
}

// The value of eight hex digits (checked by hex8), the first byte most significant.
inline std::uint64_t nibbles8(std::uint64_t w) {
  // '0'-'9' -> 0-9 from the low nibble; 'a'-'f' have bit 6 set and low nibbles 1-6, so add 9.
  std::uint64_t x = (w & 0x0F0F0F0F0F0F0F0FULL) + ((w >> 6) & 0x0101010101010101ULL) * 9;
  x = __builtin_bswap64(x);  // first digit in the top byte
  x = (x | (x >> 4)) & 0x00FF00FF00FF00FFULL;
  x = (x | (x >> 8)) & 0x0000FFFF0000FFFFULL;
  return (x | (x >> 16)) & 0xFFFFFFFFULL;
}

// An opaque id: rsim writes hashed session ids and fingerprints as 16 lowercase hex digits, and reads such an
// id back as the same 64-bit value, so that write -> read -> write is a fixed point.
std::uint64_t opaque_id(std::string_view s) {
  if (s.size() == 16) {
    std::uint64_t hi, lo;
    std::memcpy(&hi, s.data(), 8);
    std::memcpy(&lo, s.data() + 8, 8);
    if (hex8(hi) && hex8(lo)) return (nibbles8(hi) << 32) | nibbles8(lo);
  }
  return mix64(stable_hash(s));
}

std::string shown(std::string_view s) {
  constexpr std::size_t kMax = 40;
  return s.size() <= kMax ? fmt::format("\"{}\"", s) : fmt::format("\"{}...\"", s.substr(0, kMax));
}

}  // namespace

TraceReader::TraceReader(std::filesystem::path path, SymbolTable& symbols, TraceReaderOptions options)
    : path_(std::move(path)), name_(path_.string()), symbols_(symbols), options_(options) {
  position_.fill(-1);
  default_user_ = symbols_.intern("default");
  default_database_ = symbols_.intern("dev");
  csv_ = std::make_unique<CsvReader>(open_byte_source(path_), name_);
  parse_header();
  if (options_.sort) {
    sorted_mode_ = true;
    Query q;
    std::unordered_set<std::string> ids;
    while (read_row(q)) {
      if (!ids.insert(q.id).second) {
        fail(static_cast<std::size_t>(position_[0]), fmt::format("duplicate query_id {}", shown(q.id)));
      }
      sorted_.push_back(q);
    }
    std::stable_sort(sorted_.begin(), sorted_.end(),
                     [](const Query& a, const Query& b) { return a.arrival < b.arrival; });
    for (std::size_t i = 0; i < sorted_.size(); ++i) sorted_[i].ordinal = i;
  } else {
    ids_ = std::make_unique<DuplicateIdFilter>();
  }
}

TraceReader::~TraceReader() = default;

void TraceReader::parse_header() {
  if (!csv_->next() || (csv_->size() == 1 && csv_->field(0).empty())) {
    throw InputError(
        fmt::format("{}: empty file: expected a header row naming at least the columns query_id, "
                    "arrival and exec_ms",
                    name_));
  }
  layout_.assign(csv_->size(), TraceColumn::kCount);
  for (std::size_t i = 0; i < csv_->size(); ++i) {
    const std::string_view name = trim(csv_->field(i));
    for (std::size_t c = 0; c < kTraceColumnNames.size(); ++c) {
      if (kTraceColumnNames[c] != name) continue;
      if (position_[c] >= 0) {
        throw InputError(
            fmt::format("{}: line {}, column {}: column \"{}\" appears twice in the header (first as "
                        "column {})",
                        name_, csv_->line(), i + 1, name, position_[c] + 1));
      }
      position_[c] = static_cast<int>(i);
      layout_[i] = static_cast<TraceColumn>(c);
    }
  }
  // Free-text columns nobody reads drop out of the layout: no work per row.
  for (const TraceColumn c : {TraceColumn::kUser, TraceColumn::kQueryGroup, TraceColumn::kDatabase,
                              TraceColumn::kDomain, TraceColumn::kClient, TraceColumn::kReadTables,
                              TraceColumn::kWriteTables, TraceColumn::kObservedEndpoint}) {
    const int at = position_[static_cast<std::size_t>(c)];
    if (at >= 0 && !rsim::has_column(options_.columns, c))
      layout_[static_cast<std::size_t>(at)] = TraceColumn::kCount;
  }
  default_user_column_ = !decoded(TraceColumn::kUser);
  default_database_column_ = !decoded(TraceColumn::kDatabase);
  std::vector<std::string_view> required = {"query_id", "arrival"};
  if (options_.require_exec_ms) required.push_back("exec_ms");
  for (const auto r : required) {
    const auto c = static_cast<std::size_t>(std::find(kTraceColumnNames.begin(), kTraceColumnNames.end(), r) -
                                            kTraceColumnNames.begin());
    if (position_[c] < 0) {
      throw InputError(
          fmt::format("{}: line 1: missing required column \"{}\" (the header must name query_id, "
                      "arrival{})",
                      name_, r, options_.require_exec_ms ? " and exec_ms" : ""));
    }
  }
}

Symbol TraceReader::intern(TraceColumn c, std::string_view text) {
  // Most columns hold few distinct values (users, domains, table lists), so a small direct-mapped cache per
  // column answers nearly every row without hashing the whole string into the symbol table.
  std::uint64_t w0 = 0, w1 = 0, w2 = 0;
  const std::size_t n = text.size();
  if (n < 8) {
    std::memcpy(&w0, text.data(), n);
  } else if (n < 16) {
    std::memcpy(&w0, text.data(), 8);
    std::memcpy(&w1, text.data() + n - 8, 8);
  } else {
    std::memcpy(&w0, text.data(), 8);
    std::memcpy(&w1, text.data() + 8, 8);
    std::memcpy(&w2, text.data() + n - 8, 8);
  }
  const std::uint64_t key = n ^ w0 * 0x9E3779B97F4A7C15ULL ^ (w1 + w2) * 0xC2B2AE3D27D4EB4FULL;
  InternCache& cache = intern_cache_[static_cast<std::size_t>(c)];
  if (cache.slots.empty()) cache.slots.resize(kInternCacheFirst);
  if (++cache.lookups == kInternCacheWindow) {
    // More than one miss in eight over the window: four times the slots (they refill as rows use them).
    if (cache.misses > kInternCacheWindow / 8 && cache.slots.size() < kInternCacheMax) {
      cache.slots.assign(cache.slots.size() * 4, InternSlot{});
    }
    cache.lookups = cache.misses = 0;
  }
  // Power-of-two sizes: the slot is the hash's top bits.
  const int shift = 64 - std::countr_zero(cache.slots.size());
  InternSlot& slot = cache.slots[mix64(key) >> shift];
  if (slot.symbol != kNoSymbol && slot.size == n && slot.w0 == w0 && slot.w1 == w1 && slot.w2 == w2 &&
      (n <= 24 || symbols_.name(slot.symbol) == text)) {
    return slot.symbol;
  }
  ++cache.misses;
  slot = InternSlot{w0, w1, w2, static_cast<std::uint32_t>(n), symbols_.intern(text)};
  return slot.symbol;
}

void TraceReader::fail(std::size_t field, std::string_view what) const {
  const std::string_view col = field < layout_.size() && layout_[field] != TraceColumn::kCount
                                   ? column_name(layout_[field])
                                   : std::string_view("?");
  throw InputError(fmt::format("{}: line {}, column {} ({}): {}", name_, csv_->line(), field + 1, col, what));
}

double TraceReader::number(std::size_t field, bool non_negative) const {
  const std::string_view s = trim(csv_->field(field));
  if (s.empty()) return kAbsent;
  double v = 0;
  if (!parse_plain_decimal(s, v)) {
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) {
      fail(field, fmt::format("expected a number, got {}", shown(csv_->field(field))));
    }
  }
  if (non_negative && v < 0) fail(field, fmt::format("expected a number >= 0, got {}", shown(s)));
  return v;
}

bool TraceReader::next(Query& q) {
  if (sorted_mode_) {
    if (sorted_next_ >= sorted_.size()) return false;
    q = sorted_[sorted_next_++];
    return true;
  }
  if (read_row(q)) return true;
  confirm_duplicates();
  return false;
}

bool TraceReader::read_row(Query& q) {
  for (;;) {
    if (!csv_->next()) return false;
    if (csv_->size() == 1 && csv_->field(0).empty()) continue;  // blank line
    break;
  }
  if (csv_->size() != layout_.size()) {
    throw InputError(fmt::format("{}: line {}: {} fields, but the header has {} columns", name_, csv_->line(),
                                 csv_->size(), layout_.size()));
  }
  q = Query{};
  q.ordinal = rows_;
  bool has_session = false;
  for (std::size_t i = 0; i < layout_.size(); ++i) {
    const std::string_view f = csv_->field(i);
    switch (layout_[i]) {
      case TraceColumn::kQueryId:
        if (f.empty()) fail(i, "query_id is empty");
        q.id.assign(f);
        break;
      case TraceColumn::kArrival: {
        std::string why;
        const auto t = parse_timestamp(trim(f), &why);
        if (!t) fail(i, fmt::format("bad timestamp {}: {}", shown(f), why));
        q.arrival = *t;
        break;
      }
      case TraceColumn::kUser:
        q.user = f.empty() ? default_user_ : intern(layout_[i], f);
        break;
      case TraceColumn::kQueryGroup:
        q.query_group = intern(layout_[i], f);
        break;
      case TraceColumn::kDatabase:
        q.database = f.empty() ? default_database_ : intern(layout_[i], f);
        break;
      case TraceColumn::kDomain:
        q.domain = intern(layout_[i], f);
        break;
      case TraceColumn::kSessionId:
        if (!f.empty()) {
          q.session = opaque_id(f);
          has_session = true;
        }
        break;
      case TraceColumn::kClient:
        q.client = intern(layout_[i], f);
        break;
      case TraceColumn::kQueryType: {
        const std::string_view t = trim(f);
        if (!t.empty() && !parse_query_type(t, q.type)) {
          fail(i, fmt::format("unknown query type {}: expected select, insert, update, delete, copy, unload, "
                              "ctas, ddl or other",
                              shown(f)));
        }
        break;
      }
      case TraceColumn::kExecMs:
        q.exec_ms = number(i, true);
        if (!present(q.exec_ms) && options_.require_exec_ms) fail(i, "exec_ms is empty (it is required)");
        break;
      case TraceColumn::kQueueMs:
        q.queue_ms = number(i, true);
        break;
      case TraceColumn::kCompileMs: {
        const double v = number(i, true);
        q.compile_ms = present(v) ? v : 0.0;
        break;
      }
      case TraceColumn::kMbytesScanned:
        q.mbytes_scanned = number(i, true);
        break;
      case TraceColumn::kMbytesSpilled: {
        const double v = number(i, true);
        q.mbytes_spilled = present(v) ? v : 0.0;
        break;
      }
      case TraceColumn::kPeakMemMb:
        q.peak_mem_mb = number(i, true);
        break;
      case TraceColumn::kRowsReturned: {
        const std::string_view s = trim(f);
        if (s.empty()) break;
        std::int64_t v = 0;
        const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || ptr != s.data() + s.size() || v < 0) {
          fail(i, fmt::format("expected a whole number >= 0, got {}", shown(f)));
        }
        q.rows_returned = v;
        break;
      }
      case TraceColumn::kResultCacheHit: {
        const std::string_view s = trim(f);
        if (s.empty() || s == "0" || s == "false" || s == "f") {
          q.result_cache_hit = false;
        } else if (s == "1" || s == "true" || s == "t") {
          q.result_cache_hit = true;
        } else {
          fail(i, fmt::format("expected 0 or 1, got {}", shown(f)));
        }
        break;
      }
      case TraceColumn::kFingerprint:
        q.fingerprint = f.empty() ? 0 : (opaque_id(f) | 1);
        break;
      case TraceColumn::kReadTables:
        q.read_tables = intern(layout_[i], f);
        break;
      case TraceColumn::kWriteTables:
        q.write_tables = intern(layout_[i], f);
        break;
      case TraceColumn::kObservedEndpoint:
        q.observed_endpoint = intern(layout_[i], f);
        break;
      case TraceColumn::kObservedCapacity:
        q.observed_capacity = intern(layout_[i], trim(f));
        break;
      case TraceColumn::kSlotCount: {
        const std::string_view s = trim(f);
        if (s.empty()) break;
        int v = 0;
        const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || ptr != s.data() + s.size() || v < 1 || v > 50) {
          fail(i, fmt::format("expected a whole number of slots from 1 to 50, got {}", shown(f)));
        }
        q.slot_count = static_cast<std::uint16_t>(v);
        break;
      }
      case TraceColumn::kCount:
        break;
    }
  }
  // Defaults of optional columns that the header lacks.
  if (default_user_column_) q.user = default_user_;
  if (default_database_column_) q.database = default_database_;
  if (!has_session) q.session = mix64(rows_ ^ 0x5e5510'0000'0000ULL);

  if (!options_.sort) {
    if (q.arrival < last_arrival_) {
      fail(static_cast<std::size_t>(position_[static_cast<std::size_t>(TraceColumn::kArrival)]),
           fmt::format(
               "arrivals out of order: {} is earlier than {} on line {} (sort the file by arrival, or pass "
               "--sort)",
               format_timestamp(q.arrival), format_timestamp(last_arrival_), last_line_));
    }
    ids_->add(DuplicateIdFilter::key(q.id));
  }
  last_arrival_ = q.arrival;
  last_line_ = csv_->line();
  ++rows_;
  return true;
}

void TraceReader::confirm_duplicates() {
  if (!ids_ || confirmed_) return;
  confirmed_ = true;
  const auto& flagged = ids_->suspects();
  if (flagged.empty()) return;
  // Second pass over the ids only: the first two lines of an id whose key was flagged.
  const std::unordered_set<std::uint64_t> suspect_keys(flagged.begin(), flagged.end());
  CsvReader csv(open_byte_source(path_), name_);
  csv.next();  // header
  const auto id_field = static_cast<std::size_t>(position_[0]);
  std::unordered_map<std::string, std::uint64_t> first_line;
  while (csv.next()) {
    if (csv.size() <= id_field) continue;
    const std::string_view id = csv.field(id_field);
    if (!suspect_keys.contains(DuplicateIdFilter::key(id))) continue;
    const auto [it, first] = first_line.try_emplace(std::string(id), csv.line());
    if (first) continue;
    throw InputError(
        fmt::format("{}: line {}, column {} (query_id): duplicate query_id {} (first on line {})", name_,
                    csv.line(), id_field + 1, shown(id), it->second));
  }
}

}  // namespace rsim
