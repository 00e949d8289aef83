#include "sim/experiment/threshold.h"

#include <fmt/format.h>

#include <cmath>
#include <utility>

#include "sim/run/report_metric.h"

namespace rsim {

std::string Threshold::describe() const {
  switch (kind) {
    case Kind::kMax:
      return fmt::format("max {}", limit);
    case Kind::kMin:
      return fmt::format("min {}", limit);
    case Kind::kMaxIncreasePct:
      return fmt::format("at most +{}% over the baseline", limit);
    case Kind::kMaxDecreasePct:
      return fmt::format("at most -{}% under the baseline", limit);
  }
  return "";
}

Threshold read_threshold(const JsonValue& v, bool relative) {
  JsonObject o = v.object();
  Threshold t;
  t.metric = o.string("metric", std::nullopt);
  check_metric_path(t.metric, fmt::format("{}: {}.metric", v.file(), v.path()));
  int kinds = 0;
  const std::pair<const char*, Threshold::Kind> names[] = {
      {"max", Threshold::Kind::kMax},
      {"min", Threshold::Kind::kMin},
      {"max_increase_pct", Threshold::Kind::kMaxIncreasePct},
      {"max_decrease_pct", Threshold::Kind::kMaxDecreasePct}};
  for (const auto& [key, kind] : names) {
    if (!o.has(key)) continue;
    if (!relative && (kind == Threshold::Kind::kMaxIncreasePct || kind == Threshold::Kind::kMaxDecreasePct))
      o.require(key).fail("only \"max\" and \"min\" bounds apply here");
    ++kinds;
    t.kind = kind;
    t.limit =
        t.relative() ? o.number(key, std::nullopt, 0.0, 1e6) : o.number(key, std::nullopt, -1e300, 1e300);
  }
  const auto baseline = o.get("baseline");
  o.finish();  // a misspelt key first: it explains a missing bound
  if (kinds != 1) {
    v.fail(
        relative
            ? "a threshold needs exactly one of \"max\", \"min\", \"max_increase_pct\", \"max_decrease_pct\""
            : "a threshold needs exactly one of \"max\", \"min\"");
  }
  if (baseline) {
    if (!t.relative()) baseline->fail("a baseline applies only to max_increase_pct and max_decrease_pct");
    t.baseline = baseline->number();
  }
  return t;
}

Judgement judge(const Threshold& t, double value, const std::string& who) {
  Judgement v;
  const std::string head = fmt::format("{}: {} = {}", who, t.metric, value);
  switch (t.kind) {
    case Threshold::Kind::kMax:
      v.passed = value <= t.limit;
      v.message = fmt::format("{}, {} the maximum {}", head, v.passed ? "within" : "above", t.limit);
      break;
    case Threshold::Kind::kMin:
      v.passed = value >= t.limit;
      v.message = fmt::format("{}, {} the minimum {}", head, v.passed ? "within" : "below", t.limit);
      break;
    case Threshold::Kind::kMaxIncreasePct:
    case Threshold::Kind::kMaxDecreasePct: {
      const double base = *t.baseline;
      const double change = base != 0 ? 100.0 * (value - base) / std::abs(base)
                                      : (value == base ? 0.0 : std::copysign(INFINITY, value - base));
      const bool up = t.kind == Threshold::Kind::kMaxIncreasePct;
      // The bound is base +/- |base| x pct, so against a zero baseline any rise (or any fall) fails.
      v.passed = up ? value <= base + std::abs(base) * t.limit / 100.0
                    : value >= base - std::abs(base) * t.limit / 100.0;
      v.message = fmt::format("{}, {:+.2f}% against the baseline {} (allowed: {}{}%)", head, change, base,
                              up ? "+" : "-", t.limit);
      break;
    }
  }
  return v;
}

}  // namespace rsim
