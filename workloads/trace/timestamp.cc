#include "workloads/trace/timestamp.h"

#include <fmt/format.h>

namespace rsim {

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly n digits at s[i..]; advances i.
bool digits(std::string_view s, std::size_t& i, int n, int& out) {
  if (i + n > s.size()) return false;
  out = 0;
  for (int k = 0; k < n; ++k) {
    if (!is_digit(s[i + k])) return false;
    out = out * 10 + (s[i + k] - '0');
  }
  i += n;
  return true;
}

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// Parses ".ffff" at s[i..] into microseconds (rounded). Advances i.
bool fraction(std::string_view s, std::size_t& i, std::int64_t& micros, bool& round_up) {
  ++i;  // '.'
  const std::size_t start = i;
  micros = 0;
  int n = 0;
  while (i < s.size() && is_digit(s[i])) {
    if (n < 6) {
      micros = micros * 10 + (s[i] - '0');
    } else if (n == 6) {
      round_up = s[i] >= '5';
    }
    ++n;
    ++i;
  }
  if (i == start) return false;
  for (int k = n; k < 6; ++k) micros *= 10;
  return true;
}

std::optional<SimTime> parse_epoch(std::string_view s, std::string* why) {
  std::size_t i = 0;
  const bool negative = s[0] == '-';
  if (negative) ++i;
  std::int64_t secs = 0;
  const std::size_t start = i;
  while (i < s.size() && is_digit(s[i])) {
    if (secs > 9'000'000'000'000LL) {
      *why = "epoch seconds out of range";
      return std::nullopt;
    }
    secs = secs * 10 + (s[i] - '0');
    ++i;
  }
  if (i == start) {
    *why = "expected an ISO-8601 timestamp or seconds since the epoch";
    return std::nullopt;
  }
  // Beyond this many seconds (about 292,000 years), microseconds overflow 64 bits.
  if (secs > (INT64_MAX - 999'999) / kMicrosPerSecond) {
    *why = "epoch seconds out of range";
    return std::nullopt;
  }
  std::int64_t micros = 0;
  bool round_up = false;
  if (i < s.size() && s[i] == '.' && !fraction(s, i, micros, round_up)) {
    *why = "expected digits after the decimal point";
    return std::nullopt;
  }
  if (i != s.size()) {
    *why = "expected an ISO-8601 timestamp or seconds since the epoch";
    return std::nullopt;
  }
  const std::int64_t total = secs * kMicrosPerSecond + micros + (round_up ? 1 : 0);
  return negative ? -total : total;
}

}  // namespace

std::optional<SimTime> parse_timestamp(std::string_view s, std::string* why) {
  std::string scratch;
  if (!why) why = &scratch;
  if (s.empty()) {
    *why = "empty timestamp";
    return std::nullopt;
  }
  // ISO dates have a '-' after four digits; anything else is epoch seconds.
  if (!(s.size() >= 5 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) &&
        s[4] == '-')) {
    return parse_epoch(s, why);
  }
  std::size_t i = 0;
  int year, month, day, hour = 0, minute = 0, second = 0;
  auto bad = [&](std::string_view what) {
    *why = fmt::format("{} (expected YYYY-MM-DDTHH:MM:SS[.ffffff][Z|±HH:MM])", what);
    return std::nullopt;
  };
  if (!digits(s, i, 4, year) || s[i++] != '-' || !digits(s, i, 2, month) || i >= s.size() || s[i++] != '-' ||
      !digits(s, i, 2, day)) {
    return bad("malformed date");
  }
  if (month < 1 || month > 12) return bad(fmt::format("month {} out of range", month));
  if (day < 1 || static_cast<unsigned>(day) > days_in_month(year, month)) {
    return bad(fmt::format("day {} out of range for {}-{:02}", day, year, month));
  }
  std::int64_t micros = 0;
  bool round_up = false;
  std::int64_t offset_minutes = 0;
  if (i < s.size()) {
    if (s[i] != 'T' && s[i] != ' ' && s[i] != 't') return bad("expected 'T' or a space after the date");
    ++i;
    if (!digits(s, i, 2, hour) || i >= s.size() || s[i++] != ':' || !digits(s, i, 2, minute)) {
      return bad("malformed time of day");
    }
    if (i < s.size() && s[i] == ':') {
      ++i;
      if (!digits(s, i, 2, second)) return bad("malformed seconds");
      if (i < s.size() && (s[i] == '.' || s[i] == ',') && !fraction(s, i, micros, round_up)) {
        return bad("expected digits after the decimal point");
      }
    }
    if (hour > 23 || minute > 59 || second > 59) return bad("time of day out of range");
    if (i < s.size()) {
      const char z = s[i];
      if (z == 'Z' || z == 'z') {
        ++i;
      } else if (z == '+' || z == '-') {
        ++i;
        int oh = 0, om = 0;
        if (!digits(s, i, 2, oh)) return bad("malformed zone offset");
        if (i < s.size() && s[i] == ':') ++i;
        if (i < s.size() && !digits(s, i, 2, om)) return bad("malformed zone offset");
        if (oh > 23 || om > 59) return bad("zone offset out of range");
        offset_minutes = (z == '+' ? 1 : -1) * (oh * 60 + om);
      }
    }
    if (i != s.size()) return bad(fmt::format("unexpected text \"{}\"", s.substr(i)));
  }
  const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  return secs * kMicrosPerSecond + micros + (round_up ? 1 : 0);
}

void append_timestamp(std::string& out, SimTime t) {
  std::int64_t secs = t / kMicrosPerSecond;
  std::int64_t micros = t % kMicrosPerSecond;
  if (micros < 0) {
    micros += kMicrosPerSecond;
    --secs;
  }
  std::int64_t days = secs / 86400;
  std::int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  if (y < 0 || y > 9999) {
    fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", y, m, d, rem / 3600,
                   (rem / 60) % 60, rem % 60, micros);
    return;
  }
  // Every trace row has one: written digit by digit rather than through a format string.
  char buf[] = "0000-00-00T00:00:00.000000Z";
  const auto put = [&buf](int at, std::int64_t v, int width) {
    for (int i = at + width - 1; i >= at; --i, v /= 10) buf[i] = static_cast<char>('0' + v % 10);
  };
  put(0, y, 4);
  put(5, m, 2);
  put(8, d, 2);
  put(11, rem / 3600, 2);
  put(14, (rem / 60) % 60, 2);
  put(17, rem % 60, 2);
  put(20, micros, 6);
  out.append(buf, sizeof buf - 1);
}

std::string format_timestamp(SimTime t) {
  std::string out;
  append_timestamp(out, t);
  return out;
}

std::string format_sql_timestamp(SimTime t) {
  std::string s = format_timestamp(t);
  s[10] = ' ';
  s.pop_back();
  return s;
}

}  // namespace rsim
