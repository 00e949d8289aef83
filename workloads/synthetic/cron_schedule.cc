#include "workloads/synthetic/cron_schedule.h"

#include <fmt/format.h>

#include <charconv>
#include <vector>

#include "workloads/trace/timestamp.h"

namespace rsim {

namespace {

constexpr SimDuration kMinute = 60 * kMicrosPerSecond;
constexpr SimDuration kDayUs = 24 * 60 * kMinute;

bool number(std::string_view s, int& out) {
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

// Sets the bits of field `s` within [lo, hi]; false on a malformed field.
template <std::size_t N>
bool parse_field(std::string_view s, int lo, int hi, std::bitset<N>& bits, std::string* why,
                 std::string_view name) {
  while (!s.empty()) {
    const auto comma = s.find(',');
    std::string_view part = s.substr(0, comma);
    s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
    int step = 1;
    if (const auto slash = part.find('/'); slash != std::string_view::npos) {
      if (!number(part.substr(slash + 1), step) || step < 1) {
        *why = fmt::format("{}: bad step in \"{}\"", name, part);
        return false;
      }
      part = part.substr(0, slash);
    }
    int a = lo, b = hi;
    if (part != "*") {
      const auto dash = part.find('-');
      if (dash == std::string_view::npos) {
        if (!number(part, a)) {
          *why = fmt::format("{}: \"{}\" is not a number", name, part);
          return false;
        }
        b = step > 1 ? hi : a;
      } else if (!number(part.substr(0, dash), a) || !number(part.substr(dash + 1), b)) {
        *why = fmt::format("{}: bad range \"{}\"", name, part);
        return false;
      }
    }
    if (a < lo || b > hi || a > b) {
      *why = fmt::format("{}: \"{}\" is outside {}-{}", name, part, lo, hi);
      return false;
    }
    for (int v = a; v <= b; v += step) bits.set(static_cast<std::size_t>(v));
  }
  return true;
}

}  // namespace

std::optional<CronSchedule> CronSchedule::parse(std::string_view text, std::string* why) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) fields.push_back(text.substr(start, i - start));
  }
  if (fields.size() != 5) {
    *why =
        fmt::format("expected 5 fields (minute hour day-of-month month day-of-week), got {}", fields.size());
    return std::nullopt;
  }
  CronSchedule c;
  if (!parse_field(fields[0], 0, 59, c.minute_, why, "minute") ||
      !parse_field(fields[1], 0, 23, c.hour_, why, "hour") ||
      !parse_field(fields[2], 1, 31, c.day_of_month_, why, "day of month") ||
      !parse_field(fields[3], 1, 12, c.month_, why, "month") ||
      !parse_field(fields[4], 0, 7, c.day_of_week_, why, "day of week")) {
    return std::nullopt;
  }
  if (c.day_of_week_.test(7)) c.day_of_week_.set(0);
  // As in Vixie cron, a day field starting with '*' ("*", "*/2") does not restrict the other.
  c.dom_restricted_ = fields[2][0] != '*';
  c.dow_restricted_ = fields[4][0] != '*';
  return c;
}

bool CronSchedule::day_matches(std::int64_t days) const {
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  if (!month_.test(m)) return false;
  const auto weekday = static_cast<std::size_t>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
  const bool dom = day_of_month_.test(d), dow = day_of_week_.test(weekday);
  if (dom_restricted_ && dow_restricted_) return dom || dow;
  return dom && dow;
}

SimTime CronSchedule::next(SimTime t) const {
  // Round up to a whole minute; floor divisions throughout, since instants before 1970 are negative.
  const auto floor_div = [](std::int64_t a, std::int64_t b) { return a / b - (a % b < 0); };
  SimTime m = (floor_div(t - 1, kMinute) + 1) * kMinute;
  const SimTime limit = m + 5 * 366 * kDayUs;
  while (m < limit) {
    const std::int64_t days = floor_div(m, kDayUs);
    if (!day_matches(days)) {
      m = (days + 1) * kDayUs;
      continue;
    }
    const auto minute_of_day = static_cast<int>((m - days * kDayUs) / kMinute);
    const int hour = minute_of_day / 60, minute = minute_of_day % 60;
    if (!hour_.test(static_cast<std::size_t>(hour))) {
      m += (60 - minute) * kMinute;
      continue;
    }
    if (minute_.test(static_cast<std::size_t>(minute))) return m;
    m += kMinute;
  }
  return kTimeNever;
}

}  // namespace rsim
