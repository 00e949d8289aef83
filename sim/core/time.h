// Simulated time. An integer count of microseconds, so that event order never depends on floating-point
// rounding. Traces carry absolute UTC instants, so SimTime is microseconds since the Unix epoch; durations
// use the same unit.
#pragma once

#include <cmath>
#include <cstdint>

namespace rsim {

using SimTime = std::int64_t;      // microseconds since 1970-01-01T00:00:00Z
using SimDuration = std::int64_t;  // microseconds

inline constexpr SimDuration kMicrosPerMilli = 1'000;
inline constexpr SimDuration kMicrosPerSecond = 1'000'000;
inline constexpr SimTime kTimeNever = INT64_MAX;

// Rounds to the nearest microsecond. REQUIRES: |s| < 9e12 (about 285 years).
inline SimDuration from_seconds(double s) { return static_cast<SimDuration>(std::llround(s * 1e6)); }
inline SimDuration from_millis(double ms) { return static_cast<SimDuration>(std::llround(ms * 1e3)); }
inline constexpr double to_seconds(SimDuration d) { return static_cast<double>(d) * 1e-6; }
inline constexpr double to_millis(SimDuration d) { return static_cast<double>(d) * 1e-3; }

}  // namespace rsim
