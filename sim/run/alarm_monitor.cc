#include "sim/run/alarm_monitor.h"

#include <algorithm>
#include <cmath>

#include "sim/core/random.h"

namespace rsim {

namespace {
std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }
}  // namespace

void AlarmMonitor::Samples::add(double v) {
  if (count == 0) {
    min = max = v;
  } else {
    min = std::min(min, v);
    max = std::max(max, v);
  }
  ++count;
  sum += v;
}

double AlarmMonitor::EndpointShape::cpu(std::uint32_t n) const {
  if (n == 0) return 0.0;
  if (slots == 0) return 1.0;
  return std::min(1.0, std::pow(static_cast<double>(n) / slots, concurrency_exponent));
}

AlarmMonitor::AlarmMonitor(std::vector<AlarmRule> rules, std::vector<EndpointShape> endpoints, SimTime start,
                           double session_idle_s)
    : rules_(std::move(rules)),
      endpoints_(std::move(endpoints)),
      start_(start),
      session_idle_us_(static_cast<SimDuration>(std::llround(session_idle_s * 1e6))),
      series_(endpoints_.size()),
      since_(endpoints_.size(), start),
      share_(endpoints_.size(), 0.0) {
  for (const EndpointShape& e : endpoints_) {
    CpuTable t;
    const std::uint32_t top = e.slots == 0 ? 1 : e.slots;
    for (std::uint32_t n = 0; n <= top; ++n) t.share.push_back(e.cpu(n));
    cpu_.push_back(std::move(t));
  }
  std::vector<SimDuration> lengths;
  for (const AlarmRule& r : rules_) {
    lengths.push_back(static_cast<SimDuration>(std::llround(r.period_s * 1e6)));
    need_sessions_ |= r.metric == AlarmMetric::kConnections;
  }
  std::sort(lengths.begin(), lengths.end());
  lengths.erase(std::unique(lengths.begin(), lengths.end()), lengths.end());
  for (auto& per_endpoint : series_) {
    for (const SimDuration len : lengths) {
      Series s;
      s.period_us = len;
      s.first = floor_div(start_, len);  // periods aligned to the epoch, like CloudWatch's
      per_endpoint.push_back(std::move(s));
    }
  }
}

AlarmMonitor::Period& AlarmMonitor::Series::at(std::int64_t p) {
  const auto i = static_cast<std::size_t>(std::max<std::int64_t>(0, p - first));
  if (i >= periods.size()) periods.resize(i + 1);
  return periods[i];
}

std::int64_t AlarmMonitor::index(const Series& s, SimTime t) const { return floor_div(t, s.period_us); }

void AlarmMonitor::add_busy(Series& s, SimTime from, SimTime to, double share) {
  if (share <= 0) return;
  while (from < to) {
    const std::int64_t p = index(s, from);
    const SimTime period_end = (p + 1) * s.period_us;
    const SimTime until = std::min(to, period_end);
    s.at(p).busy_us += share * static_cast<double>(until - from);
    from = until;
  }
}

void AlarmMonitor::endpoint_state(std::uint32_t endpoint, SimTime now, std::uint32_t running, std::uint32_t) {
  const double share = cpu_[endpoint](running);
  if (share == share_[endpoint]) return;
  for (Series& s : series_[endpoint]) add_busy(s, since_[endpoint], now, share_[endpoint]);
  since_[endpoint] = now;
  share_[endpoint] = share;
}

void AlarmMonitor::query_finished(const QueryInFlight& q, SimTime now, QueryEnd end) {
  for (Series& s : series_[q.endpoint]) {
    Period& p = s.at(index(s, now));
    if (end == QueryEnd::kCompleted) {
      p.latency_s.add(static_cast<double>(now - q.query.arrival) / 1e6);
      p.queue_s.add(static_cast<double>(q.queue_us) / 1e6);
    }
    p.spill_mb.add(q.spill_mb);
    if (!need_sessions_) continue;
    // The session was open from this query's arrival until session_idle_s after it finished; count it once
    // in each period it touches (as +1 where its new periods start and -1 after they end).
    const std::uint64_t key = mix64(q.query.session) | 1;
    std::int64_t counted = INT64_MIN;
    if (const std::int64_t* c = s.session_counted_to.find(key)) counted = *c;
    const std::int64_t last = index(s, now + session_idle_us_);
    const std::int64_t from = std::max(index(s, q.query.arrival), counted + 1);
    if (from <= last) {
      ++s.at(from).sessions_delta;
      --s.at(last + 1).sessions_delta;
      s.session_counted_to.put(key, last);
    }
  }
}

std::vector<AlarmFiring> AlarmMonitor::evaluate(SimTime end) {
  for (std::size_t e = 0; e < endpoints_.size(); ++e) {
    for (Series& s : series_[e]) add_busy(s, since_[e], end, share_[e]);
    since_[e] = end;
  }
  std::vector<AlarmFiring> out;
  for (const AlarmRule& rule : rules_) {
    const SimDuration len = static_cast<SimDuration>(std::llround(rule.period_s * 1e6));
    for (std::size_t e = 0; e < endpoints_.size(); ++e) {
      if (!rule.endpoint.empty() && rule.endpoint != endpoints_[e].name) continue;
      Series& s = *std::find_if(series_[e].begin(), series_[e].end(),
                                [&](const Series& x) { return x.period_us == len; });
      const std::int64_t last = index(s, end);
      std::uint32_t run = 0;
      std::int64_t sessions = 0;
      AlarmFiring current;
      auto close = [&](std::int64_t p) {
        if (run >= rule.evaluation_periods) {
          current.to = p * s.period_us;
          current.periods = run;
          out.push_back(current);
        }
        run = 0;
      };
      for (std::int64_t p = s.first; p <= last; ++p) {
        Period& d = s.at(p);
        sessions += d.sessions_delta;
        std::optional<double> v;
        const Samples* samples = nullptr;
        switch (rule.metric) {
          case AlarmMetric::kCpuUtilization:
            v = 100.0 * d.busy_us / static_cast<double>(s.period_us);
            break;
          case AlarmMetric::kConnections:
            v = static_cast<double>(sessions);
            break;
          case AlarmMetric::kQueryDuration:
            samples = &d.latency_s;
            break;
          case AlarmMetric::kQueueWait:
            samples = &d.queue_s;
            break;
          case AlarmMetric::kSpill:
            samples = &d.spill_mb;
            break;
        }
        if (samples) {
          // A period in which no query finished has no data, whatever the statistic (CloudWatch's view).
          if (samples->count > 0 && rule.statistic == AlarmStatistic::kSampleCount) {
            v = static_cast<double>(samples->count);
          } else if (samples->count > 0) {
            switch (rule.statistic) {
              case AlarmStatistic::kAverage:
                v = samples->sum / static_cast<double>(samples->count);
                break;
              case AlarmStatistic::kMaximum:
                v = samples->max;
                break;
              case AlarmStatistic::kMinimum:
                v = samples->min;
                break;
              default:
                v = samples->sum;
                break;
            }
          }
        }
        // A period without data does not breach (CloudWatch's default treatment of missing data).
        if (!v || !breaches(rule.comparison, *v, rule.threshold)) {
          close(p);
          continue;
        }
        if (run == 0) {
          current = AlarmFiring{rule.name, endpoints_[e].name, p * s.period_us, 0, 0, 0, *v};
        }
        ++run;
        const bool higher_is_worse = rule.comparison == AlarmComparison::kGreater ||
                                     rule.comparison == AlarmComparison::kGreaterOrEqual;
        current.peak = higher_is_worse ? std::max(current.peak, *v) : std::min(current.peak, *v);
        if (run == rule.evaluation_periods) current.alarm_at = (p + 1) * s.period_us;
      }
      close(last + 1);
    }
  }
  return out;
}

}  // namespace rsim
