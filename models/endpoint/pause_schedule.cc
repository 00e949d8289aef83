#include "models/endpoint/pause_schedule.h"

namespace rsim {

namespace {
constexpr SimTime kDay = 86'400'000'000;
constexpr SimTime kMinute = 60'000'000;

SimTime floor_div(SimTime a, SimTime b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }
}  // namespace

std::optional<PauseWindow> PauseSchedule::next(SimTime t) const {
  std::optional<PauseWindow> best;
  auto consider = [&](PauseWindow w) {
    if (w.to > t && (!best || w.from < best->from)) best = w;
  };
  for (const PauseWindow& w : windows_) consider(w);
  const SimTime today = floor_div(t, kDay);
  for (const DailyPause& d : daily_) {
    const int length = ((d.to_minute - d.from_minute) % 1440 + 1440) % 1440;
    // Yesterday's window may still be open; after that, the first day whose weekday is on (at most a week).
    for (SimTime day = today - 1; day <= today + 7; ++day) {
      const int weekday = static_cast<int>(((day % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
      if (!(d.weekdays & (1u << weekday))) continue;
      const SimTime from = day * kDay + d.from_minute * kMinute;
      consider(PauseWindow{from, from + length * kMinute});
    }
  }
  return best;
}

}  // namespace rsim
