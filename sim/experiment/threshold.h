// A bound on one report value (report_metric.h), as gates and service levels state it:
//   {"metric": "overall.latency_ms.p95", "max": 60000}          absolute: "max" or "min"
//   {"metric": "cost.per_day_usd", "max_increase_pct": 5}        relative to a baseline value:
//   "max_increase_pct"
//   {"metric": "...", "max_decrease_pct": 2, "baseline": 710.96} or "max_decrease_pct" (baseline inline or
//                                                                from a baseline file)
#pragma once

#include <optional>
#include <string>

#include "sim/io/json_input.h"

namespace rsim {

struct Threshold {
  enum class Kind { kMax, kMin, kMaxIncreasePct, kMaxDecreasePct };
  std::string metric;
  Kind kind = Kind::kMax;
  double limit = 0;                // the bound, or the allowed change in percent
  std::optional<double> baseline;  // relative kinds: inline, or filled from the baseline file
  bool relative() const { return kind == Kind::kMaxIncreasePct || kind == Kind::kMaxDecreasePct; }
  // "max 1.25", "at most +3% over the baseline 55902.208"
  std::string describe() const;
};

// Reads a threshold; `relative` allows the relative kinds. Throws InputError naming the file and key.
Threshold read_threshold(const JsonValue& v, bool relative);

// Whether `value` meets `t` (REQUIRES: a relative threshold has its baseline), and a message naming `who`,
// the metric, the value and the threshold: "golden-day: overall.latency_ms.p95 = 58130.432, +3.99% against
// the baseline 55902.208 (allowed: +3%)".
struct Judgement {
  bool passed = false;
  std::string message;
};
Judgement judge(const Threshold& t, double value, const std::string& who);

}  // namespace rsim
