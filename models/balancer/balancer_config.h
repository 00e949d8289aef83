// The parameters of a load balancer in front of several endpoints (models/model.md section 6,
// models/catalog/facts.md 4); scenario keys in models/scenarios/README.md.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/time.h"

namespace rsim {

enum class BalancePolicy {
  kFlowHash,          // the NLB's own: a hash of the connection, uniform over healthy targets
  kRoundRobin,        // per connection, in turn
  kRandom,            // per connection, uniform
  kLeastConnections,  // per connection, the target with fewest open connections
  kWeighted,          // per connection, in proportion to `weights`
  kLeastOutstanding,  // per query (needs a query-level proxy): fewest queries in flight
  kPowerOfTwo,        // per query (needs a query-level proxy): the less loaded of two random targets
};
inline constexpr std::array<std::string_view, 7> kBalancePolicyNames = {
    "flow_hash", "round_robin",       "random",      "least_connections",
    "weighted",  "least_outstanding", "power_of_two"};
inline constexpr bool is_query_level(BalancePolicy p) {
  return p == BalancePolicy::kLeastOutstanding || p == BalancePolicy::kPowerOfTwo;
}

enum class HealthCheckProtocol { kTcp, kSql };

struct HealthCheckConfig {
  HealthCheckProtocol protocol = HealthCheckProtocol::kTcp;  // kSql probes are statements (they wake billing)
  double interval_s = 30;                                    // AWS: 5 to 300
  double timeout_s = 10;                                     // AWS: 2 to 120; a failed probe is known then
  int healthy_threshold = 5;                                 // AWS: 2 to 10
  int unhealthy_threshold = 2;                               // AWS: 2 to 10
};

// Failure injection: the target is down over [from, to): what runs or waits there fails, arrivals fail.
struct TargetFailure {
  std::uint32_t target = 0;  // index into LoadBalancerConfig::targets
  SimTime from = 0;
  SimTime to = 0;
};

struct LoadBalancerConfig {
  std::string name;
  std::vector<std::uint32_t> targets;  // endpoint indices
  BalancePolicy policy = BalancePolicy::kFlowHash;
  std::vector<double> weights;  // kWeighted: one per target
  bool query_proxy = false;     // a query-aware proxy stands in front (required by the per-query policies)
  HealthCheckConfig health;
  double idle_timeout_s = 350;  // AWS TCP default (60 to 6000)
  double reconnect_ms = 50;     // a query on a connection the balancer reset pays this (TLS + auth handshake)
  double kib_per_query = 64;    // bytes through the balancer per query, for its capacity units (assumption)
  std::vector<TargetFailure> failures;
};

}  // namespace rsim
