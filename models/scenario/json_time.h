// An instant in a scenario file: an ISO-8601 UTC timestamp (or epoch seconds), as in the trace.
#pragma once

#include <fmt/format.h>

#include <string>

#include "sim/core/time.h"
#include "sim/io/json_input.h"
#include "workloads/trace/timestamp.h"

namespace rsim {

inline SimTime json_instant(const JsonValue& v) {
  std::string why;
  const auto t = parse_timestamp(v.string(), &why);
  if (!t) v.fail(fmt::format("bad timestamp \"{}\": {}", v.string(), why));
  return *t;
}

}  // namespace rsim
