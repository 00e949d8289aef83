#include "calibration/fit/scaling_fit.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace rsim {

namespace {

constexpr double kMinuteS = 60.0;

// On the RPU grid (4, or multiples of 8): a minute spent at one capacity throughout.
bool pure(double rpu) {
  return std::abs(rpu - 4.0) < 0.01 || std::abs(rpu - 8.0 * std::round(rpu / 8.0)) < 0.01;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

// Intervals during which the scale-up trigger holds.
std::vector<std::pair<SimTime, SimTime>> trigger_intervals(const std::vector<ExecutionInterval>& executions,
                                                           const std::vector<ExecutionInterval>& waits,
                                                           double exponent, double slow_speed_fraction) {
  // n^(e - 1) < f  <=>  n > f^(1 / (e - 1)) (e < 1); with e = 1 the running never slow down.
  const double slow_above = exponent < 1.0 && slow_speed_fraction > 0
                                ? std::pow(slow_speed_fraction, 1.0 / (exponent - 1.0))
                                : INFINITY;
  std::vector<std::pair<SimTime, int>> marks;  // +-1 running (kind 0) and waiting (kind 1), encoded
  for (const auto& x : executions) {
    marks.emplace_back(x.start, +1);
    marks.emplace_back(x.end, -1);
  }
  for (const auto& w : waits) {
    marks.emplace_back(w.start, +1000000);
    marks.emplace_back(w.end, -1000000);
  }
  std::sort(marks.begin(), marks.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second < b.second;  // departures first
  });
  std::vector<std::pair<SimTime, SimTime>> on;
  long running = 0, waiting = 0;
  bool holding = false;
  SimTime since = 0;
  for (std::size_t i = 0; i < marks.size(); ++i) {
    const auto [t, d] = marks[i];
    if (std::abs(d) >= 1000000) {
      waiting += d / 1000000;
    } else {
      running += d;
    }
    if (i + 1 < marks.size() && marks[i + 1].first == t) continue;  // settle the instant first
    const bool now = waiting > 0 || static_cast<double>(running) > slow_above;
    if (now && !holding) since = t;
    if (!now && holding) on.emplace_back(since, t);
    holding = now;
  }
  if (holding) on.emplace_back(since, marks.back().first);
  return on;
}

}  // namespace

ScalingFit fit_scaling(const std::vector<std::pair<SimTime, double>>& capacity, double base_rpu,
                       const std::vector<ExecutionInterval>& executions,
                       const std::vector<ExecutionInterval>& waits, double exponent,
                       double slow_speed_fraction) {
  ScalingFit fit;
  fit.base_rpu = base_rpu;
  fit.max_rpu = base_rpu;
  std::set<double> levels;
  for (const auto& [t, rpu] : capacity) {
    fit.max_rpu = std::max(fit.max_rpu, rpu);
    if (pure(rpu)) levels.insert(std::round(rpu));
  }
  fit.max_rpu = std::ceil(fit.max_rpu / 8.0 - 1e-9) * 8.0;
  for (auto it = levels.begin(); it != levels.end() && std::next(it) != levels.end(); ++it) {
    const double d = *std::next(it) - *it;
    if (fit.step_rpu == 0 || d < fit.step_rpu) fit.step_rpu = d;
  }

  // When each step happened: at a minute boundary, or inside a minute whose average lies between levels.
  struct Change {
    SimTime at;
    double from, to;
  };
  std::vector<Change> changes;
  double level = base_rpu;
  for (std::size_t i = 0; i < capacity.size(); ++i) {
    const auto [t, v] = capacity[i];
    if (pure(v)) {
      if (std::abs(v - level) > 0.01) changes.push_back({t, level, v});
      level = v;
      continue;
    }
    if (i + 1 >= capacity.size() || !pure(capacity[i + 1].second)) continue;  // several steps in the minute
    const double next = capacity[i + 1].second;
    if (std::abs(next - level) < 0.01) continue;
    const double at_old = (next - v) / (next - level);  // fraction of the minute still at the old level
    if (at_old < 0 || at_old > 1) continue;
    changes.push_back({t + from_seconds(at_old * kMinuteS), level, next});
    level = next;
  }

  const auto triggers = trigger_intervals(executions, waits, exponent, slow_speed_fraction);
  std::vector<double> ups, downs;
  SimTime previous = INT64_MIN;
  for (const Change& c : changes) {
    // The trigger interval in force at the change, or the last one before it.
    auto it = std::upper_bound(triggers.begin(), triggers.end(), c.at,
                               [](SimTime t, const auto& iv) { return t < iv.first; });
    if (it != triggers.begin()) {
      const auto& iv = *std::prev(it);
      if (c.to > c.from) {
        if (iv.second >= c.at - from_seconds(kMinuteS))
          ups.push_back(to_seconds(c.at - std::max(iv.first, previous)));
      } else {
        downs.push_back(to_seconds(c.at - std::max(std::min(iv.second, c.at), previous)));
      }
    }
    (c.to > c.from ? fit.rises : fit.falls) += 1;
    previous = c.at;
  }
  if (!ups.empty()) fit.up_delay_s = std::max(0.0, median(ups));
  if (!downs.empty()) fit.down_quiet_s = std::max(0.0, median(downs));
  return fit;
}

}  // namespace rsim
