// The airline workload of the traditional architecture, generated lazily in arrival order: shared core data
// (flights, bookings, fares) loaded by a producer ETL, a sales domain (BI dashboards refreshed on a schedule,
// analysts' ad-hoc queries), an operations domain (controllers' short lookups around the clock, shift-change
// reports) and data scientists reading shared data. Diurnal arrivals, long-tailed execution times, pooled and
// interactive sessions, repeated statements (fingerprints) and result-cache hits between loads.
//
// About 3,500 queries a day at scale 1; `scale` multiplies every class's volume (for benchmarks). Memory is a
// handful of pending queries per class, whatever the number of days.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <queue>
#include <vector>

#include "sim/core/random.h"
#include "sim/core/symbol_table.h"
#include "workloads/query.h"

namespace rsim {

struct AirlineDayConfig {
  SimTime start = 0;  // midnight UTC of the first day
  int days = 1;
  double scale = 1.0;
  std::uint64_t seed = 1;
};

class AirlineDaySource final : public QuerySource {
 public:
  AirlineDaySource(const AirlineDayConfig& config, SymbolTable& symbols);
  ~AirlineDaySource() override;

  bool next(Query& q) override;

  class Class;  // one query class: its own arrival process and query shape

 private:
  struct Head {
    SimTime arrival;
    std::size_t cls;
    std::uint64_t seq;
    bool operator>(const Head& o) const {
      return arrival > o.arrival || (arrival == o.arrival && seq > o.seq);
    }
  };
  AirlineDayConfig config_;  // the classes refer to it: a copy, so the caller's may go
  std::vector<std::unique_ptr<Class>> classes_;
  std::vector<Query> heads_;
  std::priority_queue<Head, std::vector<Head>, std::greater<>> order_;
  std::uint64_t seq_ = 0;
  std::uint64_t ordinal_ = 0;
};

}  // namespace rsim
