// A measurement sink that keeps every finished query, for tests that check individual queries.
#pragma once

#include <map>
#include <string>

#include "models/measurements.h"

namespace rsim::testing {

struct FinishedQuery {
  SimTime arrival = 0;
  SimTime end = 0;
  SimDuration queue_us = 0;
  QueryEnd how = QueryEnd::kCompleted;
  std::uint32_t queue = 0;
  std::uint32_t hops = 0;
  bool cache_hit = false;
  bool spilled = false;
  std::uint32_t endpoint = 0;
  double latency_s() const { return static_cast<double>(end - arrival) / 1e6; }
};

class QueryLog final : public MeasurementSink {
 public:
  void query_finished(const QueryInFlight& q, SimTime now, QueryEnd end) override {
    queries[q.query.id] = FinishedQuery{q.query.arrival,    now,       q.queue_us, end, q.queue, q.hops,
                                        q.result_cache_hit, q.spilled, q.endpoint};
  }
  void endpoint_state(std::uint32_t, SimTime, std::uint32_t, std::uint32_t) override {}
  void rule_fired(std::uint32_t, std::uint32_t rule, SimTime now) override { fired.emplace(now, rule); }

  std::map<std::string, FinishedQuery> queries;
  std::multimap<SimTime, std::uint32_t> fired;
};

}  // namespace rsim::testing
