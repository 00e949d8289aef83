// One replication: a fresh Simulation with its own seed, the scenario's topology, and the workload fed in
// lazily (the pending-event set holds one future arrival at a time, plus what is in flight).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/balancer/load_balancer.h"
#include "models/endpoint/compute_endpoint.h"
#include "models/ingestion/dual_write.h"
#include "models/scenario/scenario.h"
#include "sim/core/symbol_table.h"
#include "sim/run/alarm_monitor.h"
#include "sim/run/recorder.h"
#include "workloads/query.h"

namespace rsim {

class RunProgress;

struct ReplicationResult {
  std::unique_ptr<Recorder> recorder;
  std::uint64_t queries = 0;
  SimTime first_arrival = 0;
  SimTime last_arrival = 0;
  SimTime end = 0;                        // when the last query left
  std::vector<EndpointMeters> meters;     // per endpoint, read at `end`
  std::vector<BalancerMeters> balancers;  // per load balancer, read at `end`
  std::optional<SharingMeters> sharing;   // with data sharing
  std::uint64_t keepalives = 0;           // keep-alive statements of the connection pool
  std::optional<DualWriteMeters> dual_write;
  std::vector<std::string> domain_names;       // of recorder->domains(), in its order
  std::vector<std::string> query_group_names;  // of recorder->query_groups(), in its order
  std::vector<std::string> user_names;         // of recorder->users().users(), in its order
  struct LongQueryNames {
    std::string user, query_group, domain;
  };
  std::vector<LongQueryNames> longest_names;  // of recorder->longest(), in its order
  std::vector<AlarmFiring> alarms;
  std::uint64_t events = 0;
  std::size_t peak_in_flight = 0;
  std::uint64_t without_observed_capacity = 0;  // queries whose observed_capacity was empty
};

// Runs `source` through `scenario` to completion. Throws InputError on bad input (including the source's).
// `observer`, when given, sees every measurement the recorder sees (per-query outputs, tests). `catalog`
// turns observed capacities into work (the one the scenario was loaded with). `progress`, when given, is told
// how far the run is every simulated minute (the same events run in the same order either way).
ReplicationResult run_replication(const Scenario& scenario, QuerySource& source, SymbolTable& symbols,
                                  std::uint64_t seed, MeasurementSink* observer = nullptr,
                                  const NodeCatalog& catalog = NodeCatalog::builtin(),
                                  RunProgress* progress = nullptr);

}  // namespace rsim
