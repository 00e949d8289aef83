#include "workloads/synthetic/arrival_process.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace rsim {

namespace {

constexpr double kUs = 1e6;

template <std::size_t N>
std::array<double, N> weights(JsonObject& o, std::string_view key) {
  std::array<double, N> w;
  w.fill(1.0);
  const auto v = o.get(key);
  if (!v) return w;
  const auto list = v->array();
  if (list.size() != N) v->fail(fmt::format("expected {} weights, got {}", N, list.size()));
  double sum = 0;
  for (std::size_t i = 0; i < N; ++i) {
    w[i] = list[i].number();
    if (!(w[i] >= 0) || !std::isfinite(w[i])) list[i].fail("expected a weight >= 0");
    sum += w[i];
  }
  if (sum <= 0) v->fail("the weights must not all be 0");
  for (double& x : w) x = x / (sum / N);  // mean 1
  return w;
}

}  // namespace

ArrivalSpec parse_arrivals(const JsonValue& v) {
  JsonObject o = v.object();
  ArrivalSpec s;
  s.kind = o.enum_choice<ArrivalKind>("process", std::nullopt, kArrivalKindNames);
  constexpr double kMaxRate = 1e7;
  switch (s.kind) {
    case ArrivalKind::kPoisson:
      s.rate_per_s = o.number("rate_per_s", std::nullopt, 1e-12, kMaxRate);
      break;
    case ArrivalKind::kProfile:
      s.rate_per_s = o.number("rate_per_s", std::nullopt, 1e-12, kMaxRate);
      s.hourly = weights<24>(o, "hourly");
      s.weekly = weights<7>(o, "weekly");
      break;
    case ArrivalKind::kMmpp:
      s.on_rate_per_s = o.number("on_rate_per_s", std::nullopt, 0.0, kMaxRate);
      s.off_rate_per_s = o.number("off_rate_per_s", std::nullopt, 0.0, kMaxRate);
      s.mean_on_s = o.number("mean_on_s", std::nullopt, 1e-3, 1e9);
      s.mean_off_s = o.number("mean_off_s", std::nullopt, 1e-3, 1e9);
      if (s.on_rate_per_s == 0 && s.off_rate_per_s == 0)
        v.fail("on_rate_per_s and off_rate_per_s are both 0");
      break;
    case ArrivalKind::kPeriodic:
      s.interval_s = o.number("interval_s", std::nullopt, 1e-3, 1e9);
      s.phase_s = o.number("phase_s", 0.0, 0.0, 1e9);
      break;
    case ArrivalKind::kSchedule: {
      const JsonValue cron = o.require("cron");
      std::string why;
      s.cron = CronSchedule::parse(cron.string(), &why);
      if (!s.cron) cron.fail(why);
      s.queries_per_firing = static_cast<int>(o.integer("queries", 1, 1, 1'000'000));
      s.spread_s = o.number("spread_s", 0.0, 0.0, 86400.0);
      break;
    }
  }
  o.finish();
  return s;
}

ArrivalProcess::ArrivalProcess(const ArrivalSpec& spec, SimTime start, SimTime end, RandomStream rng)
    : spec_(spec), end_(end), rng_(std::move(rng)), t_(static_cast<double>(start)) {
  if (spec_.kind == ArrivalKind::kProfile) {
    max_relative_ = *std::max_element(spec_.hourly.begin(), spec_.hourly.end()) *
                    *std::max_element(spec_.weekly.begin(), spec_.weekly.end());
  }
  if (spec_.kind == ArrivalKind::kMmpp) {
    // Start in the stationary distribution of the two states.
    on_ = rng_.uniform() < spec_.mean_on_s / (spec_.mean_on_s + spec_.mean_off_s);
    state_until_ = t_ + rng_.exponential((on_ ? spec_.mean_on_s : spec_.mean_off_s) * kUs);
  }
}

double ArrivalProcess::relative_rate(SimTime t) const {
  constexpr SimTime kHourUs = 3600 * kMicrosPerSecond;
  // Floor division: instants before 1970 have negative times.
  const std::int64_t hours = t / kHourUs - (t % kHourUs < 0);
  const std::int64_t days = hours / 24 - (hours % 24 < 0);
  const auto hour = static_cast<std::size_t>(hours - days * 24);
  const auto weekday =
      static_cast<std::size_t>(((days + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday; Monday = 0
  return spec_.hourly[hour] * spec_.weekly[weekday];
}

std::optional<SimTime> ArrivalProcess::next() {
  switch (spec_.kind) {
    case ArrivalKind::kPoisson:
      t_ += rng_.exponential(kUs / spec_.rate_per_s);
      break;
    case ArrivalKind::kProfile: {
      // Thinning (Lewis and Shedler): candidates at the peak rate, each kept with rate(t) / peak.
      const double peak = spec_.rate_per_s * max_relative_;
      for (;;) {
        t_ += rng_.exponential(kUs / peak);
        if (t_ >= static_cast<double>(end_)) return std::nullopt;
        if (rng_.uniform() * max_relative_ < relative_rate(static_cast<SimTime>(t_))) break;
      }
      break;
    }
    case ArrivalKind::kMmpp:
      for (;;) {
        const double rate = on_ ? spec_.on_rate_per_s : spec_.off_rate_per_s;
        const double candidate = rate > 0 ? t_ + rng_.exponential(kUs / rate) : INFINITY;
        if (candidate < state_until_) {
          t_ = candidate;
          break;
        }
        // The state changes first; memorylessness lets the next arrival be drawn afresh from there.
        t_ = state_until_;
        if (t_ >= static_cast<double>(end_)) return std::nullopt;
        on_ = !on_;
        state_until_ = t_ + rng_.exponential((on_ ? spec_.mean_on_s : spec_.mean_off_s) * kUs);
      }
      break;
    case ArrivalKind::kPeriodic:
      t_ = started_ ? t_ + spec_.interval_s * kUs : t_ + spec_.phase_s * kUs;
      started_ = true;
      break;
    case ArrivalKind::kSchedule:
      if (firing_next_ == firing_.size()) {
        const SimTime at = spec_.cron->next(static_cast<SimTime>(t_));
        if (at >= end_) return std::nullopt;
        firing_.clear();
        firing_next_ = 0;
        for (int i = 0; i < spec_.queries_per_firing; ++i) {
          firing_.push_back(at + static_cast<SimTime>(rng_.uniform() * spec_.spread_s * kUs));
        }
        std::sort(firing_.begin(), firing_.end());
        // The next firing is a later minute, after this one's spread: arrivals stay in order.
        t_ = static_cast<double>(std::max(at + 60 * kMicrosPerSecond, firing_.back()));
      }
      if (firing_[firing_next_] >= end_) return std::nullopt;
      return firing_[firing_next_++];
  }
  if (t_ >= static_cast<double>(end_)) return std::nullopt;
  return static_cast<SimTime>(t_);
}

}  // namespace rsim
