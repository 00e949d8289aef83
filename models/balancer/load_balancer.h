// A load balancer in front of several endpoints (models/model.md section 6, models/catalog/facts.md 4).
//
// Clients reach it over connections: a trace session is one connection while it is in use. A connection is
// placed on a target when it opens (flow_hash, round_robin, random, least_connections, weighted) and all its
// queries go there; behind a query-level proxy (least_outstanding, power_of_two) each query is placed on its
// own. A connection idle for the scenario's session_idle_s is closed by its client; idle past the balancer's
// idle timeout first, it is reset, and its next query pays a reconnect. Health probes mark targets unhealthy
// after `unhealthy_threshold` failures (a failed probe is known after its timeout) and reset their
// connections; with no healthy target the balancer fails open to all. Injected failures take a target down
// for a window: what runs or waits there fails, and so do arrivals until the probes notice.
//
// Memory: one entry per connection open (or reset and not yet reused) within the idle times, swept each
// minute; per-hour capacity-unit counters.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/balancer/balancer_config.h"
#include "models/balancer/target_health.h"
#include "models/endpoint/compute_endpoint.h"
#include "models/measurements.h"
#include "models/query_pool.h"
#include "sim/core/random.h"
#include "sim/core/simulation.h"

namespace rsim {

struct HealthEvent {
  std::uint32_t target = 0;
  SimTime at = 0;
  bool healthy = false;
  std::uint64_t connections_reset = 0;  // when marked unhealthy
};

struct BalancerMeters {
  struct Target {
    std::uint64_t connections = 0;          // connections placed on it
    std::uint64_t queries = 0;              // queries sent to it
    std::uint64_t failed = 0;               // of those, aborted (a failure, a rule, a timeout, a refusal)
    std::uint64_t refused_connections = 0;  // new connections it turned away (at its connection limit)
  };
  std::vector<Target> targets;
  std::uint64_t new_connections = 0;
  std::uint64_t idle_resets = 0;        // connections the idle timeout cut that were used again
  std::uint64_t health_resets = 0;      // connections reset because their target was marked unhealthy
  std::uint64_t reconnects = 0;         // queries that paid a reconnect
  std::uint64_t fail_open_queries = 0;  // queries placed while no target was healthy
  std::uint64_t keepalives = 0;         // keep-alive statements from connection pools
  std::vector<HealthEvent> health;
  double nlcu_hours = 0;    // capacity units, the largest dimension of each hour (models/catalog/facts.md 4)
  double hours = 0;         // hours the balancer existed (the run's span)
  double gb_processed = 0;  // decimal GB (10^9 bytes), as AWS prices them
};

class LoadBalancer final : public EventHandler {
 public:
  // `targets[i]` is the endpoint of config.targets[i]. `session_idle_s`: when clients close idle connections;
  // `pooled`: the sessions are a connection pool's connections, which clients keep open however idle.
  LoadBalancer(Simulation& sim, std::uint32_t index, const LoadBalancerConfig& config,
               std::vector<ComputeEndpoint*> targets, QueryPool& pool, double session_idle_s,
               bool pooled = false);

  // A query arrives at the balancer at sim.now(): it is placed and passed on to an endpoint.
  void submit(QueryHandle h);
  // A keep-alive statement on a pooled connection at sim.now(): activity on the connection and its target.
  void keepalive(std::uint64_t session);
  // A query this balancer placed has left the system.
  void finished(const QueryInFlight& q, QueryEnd end);
  // REQUIRES: the run has ended at `end`.
  BalancerMeters meters(SimTime end) const;

  void handle(Simulation& sim, const Event& event) override;

 private:
  struct Connection {
    std::uint32_t target = 0;
    std::uint32_t epoch = 0;  // the target's epoch when placed: a later mark-down resets it
    SimTime last = 0;
    bool open = true;
  };
  struct TargetState {
    TargetHealth health;
    std::uint32_t epoch = 0;
    std::uint64_t open_connections = 0;
    std::uint64_t outstanding = 0;
    std::uint32_t down = 0;  // injected failure windows in force
  };
  struct Hour {
    std::uint64_t new_connections = 0;
    std::uint64_t peak_active = 0;
    std::uint64_t queries = 0;
  };

  struct Placement {
    Connection* connection;  // null: `target` refused it (at its connection limit)
    std::uint32_t target;
    bool reconnect;  // its previous connection was cut by the balancer: the next use first recovers
  };
  // The connection for `session` at now(), opened again if the client closed it or the balancer cut it.
  Placement connect(std::uint64_t session);
  std::uint32_t place_connection(std::uint64_t session);
  std::uint32_t place_query();
  void close(Connection& c);
  void forward(QueryHandle h, std::uint32_t target);
  void probe_all();
  void probe_result(std::uint32_t target, bool ok);
  void refresh_healthy();
  void sweep();
  Hour& hour();

  Simulation& sim_;
  std::uint32_t index_;
  const LoadBalancerConfig& config_;
  std::vector<ComputeEndpoint*> endpoints_;
  QueryPool& pool_;
  HandlerId self_;
  SimDuration session_idle_;
  bool pooled_;
  SimDuration idle_timeout_;
  std::vector<TargetState> targets_;
  std::vector<std::uint32_t> healthy_;  // indices of healthy targets (all when none is: fail open)
  bool fail_open_ = false;
  std::unordered_map<std::uint64_t, Connection> connections_;  // by session
  std::uint64_t open_total_ = 0;
  std::uint64_t turn_ = 0;  // round robin, and where ties start
  std::uint64_t salt_;      // flow hash
  RandomStream rng_;
  SimTime start_;
  std::vector<Hour> hours_;
  BalancerMeters meters_;
};

}  // namespace rsim
