// Trace timestamps: ISO-8601 instants and epoch seconds, to and from µs since the Unix epoch.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/core/time.h"

namespace rsim {

// Accepts:
//   YYYY-MM-DD[(T| )HH:MM[:SS[.fraction]]][Z|+HH:MM|-HH:MM|+HHMM|+HH]   (no zone means UTC)
//   seconds since the epoch: [-]digits[.digits]
// Fractions beyond microseconds are rounded to the nearest microsecond. On failure returns nullopt and sets
// *why to what was wrong.
std::optional<SimTime> parse_timestamp(std::string_view text, std::string* why);

// "YYYY-MM-DDTHH:MM:SS.ffffffZ".
std::string format_timestamp(SimTime t);
void append_timestamp(std::string& out, SimTime t);
// "YYYY-MM-DD HH:MM:SS.ffffff": the form SQL servers read as a timestamp without time zone (UTC here).
std::string format_sql_timestamp(SimTime t);

// Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard Hinnant's algorithms).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d);

}  // namespace rsim
