// Evaluates a scenario's alarm rules (models/alarms/alarm_rule.h) on what the models emit during one
// replication: per endpoint and period, the busy time, the sessions open, and the latency, queue wait and
// spill of the queries that finished. Memory grows with the simulated span (one small record per period),
// never with the number of queries or sessions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/alarms/alarm_rule.h"
#include "models/cache/lru_table.h"
#include "models/measurements.h"

namespace rsim {

struct AlarmFiring {
  std::string alarm;
  std::string endpoint;
  SimTime breach_from = 0;  // start of the first breaching period
  SimTime alarm_at = 0;     // end of the evaluation_periods-th consecutive breaching period
  SimTime to = 0;           // end of the last breaching period
  std::uint32_t periods = 0;
  double peak = 0;  // the most extreme value over the breaching periods
};

class AlarmMonitor final : public MeasurementSink {
 public:
  // Per endpoint: its name and how busy its CPUs are with n queries running (0 to 1).
  struct EndpointShape {
    std::string name;
    std::uint32_t slots = 0;  // 0: unlimited
    double concurrency_exponent = 0.3;
    // CPU utilisation with n running: the share of the endpoint's peak throughput delivered, M(n) / M(slots)
    // = (n / slots)^e; with unlimited slots, 1 whenever anything runs.
    double cpu(std::uint32_t n) const;
  };
  struct CpuTable {
    std::vector<double> share;  // by queries running, up to the slot count
    double operator()(std::uint32_t n) const { return n < share.size() ? share[n] : 1.0; }
  };
  AlarmMonitor(std::vector<AlarmRule> rules, std::vector<EndpointShape> endpoints, SimTime start,
               double session_idle_s);

  void query_finished(const QueryInFlight& q, SimTime now, QueryEnd end) override;
  void endpoint_state(std::uint32_t endpoint, SimTime now, std::uint32_t running,
                      std::uint32_t queued) override;
  void rule_fired(std::uint32_t, std::uint32_t, SimTime) override {}

  // Firings in (alarm, endpoint, time) order. `end`: when the run ended.
  std::vector<AlarmFiring> evaluate(SimTime end);

 private:
  struct Samples {
    std::uint64_t count = 0;
    double sum = 0, min = 0, max = 0;
    void add(double v);
  };
  struct Period {
    double busy_us = 0;  // CPU-busy µs: time weighted by the CPU share in use
    std::int32_t sessions_delta = 0;  // sessions opening minus closing here: a prefix sum counts them
    Samples latency_s, queue_s, spill_mb;
  };
  // One series per (endpoint, period length).
  struct Series {
    SimDuration period_us = 0;
    std::int64_t first = 0;  // index of the period that holds `start`
    std::vector<Period> periods;
    // The last period each recent session was counted in. Bounded (least recently used sessions are
    // forgotten: one that comes back after eviction counts again from its new query's arrival).
    LruTable<std::int64_t> session_counted_to{65'536};
    Period& at(std::int64_t p);
  };

  std::int64_t index(const Series& s, SimTime t) const;
  void add_busy(Series& s, SimTime from, SimTime to, double share);

  std::vector<AlarmRule> rules_;
  std::vector<EndpointShape> endpoints_;
  std::vector<CpuTable> cpu_;  // per endpoint: EndpointShape::cpu, tabulated
  SimTime start_;
  SimDuration session_idle_us_;
  bool need_sessions_ = false;
  std::vector<std::vector<Series>> series_;  // [endpoint][distinct period]
  std::vector<SimTime> since_;               // per endpoint: when the CPU share last changed
  std::vector<double> share_;                // per endpoint: the CPU share since then
};

}  // namespace rsim
