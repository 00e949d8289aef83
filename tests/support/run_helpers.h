// Builds scenarios from JSON text and runs in-process workloads through them, for tests.
#pragma once

#include <string>

#include "models/scenario/scenario.h"
#include "sim/core/random.h"
#include "sim/run/replication.h"
#include "workloads/synthetic/poisson_source.h"

namespace rsim::testing {

inline Scenario scenario_from(const std::string& json) { return parse_scenario(json, "test-scenario.json"); }

// One endpoint with `slots` (0: unlimited), capacity 16 RPU, M(n) = n^exponent, no memory model.
inline Scenario single_endpoint(int slots, double exponent) {
  const std::string s = slots > 0 ? std::to_string(slots) : "\"unlimited\"";
  return scenario_from(R"({"name": "single", "endpoints": [{"name": "e", "capacity_rpu": 16, "slots": )" + s +
                       R"(, "concurrency_exponent": )" + std::to_string(exponent) + "}]}");
}

inline ReplicationResult run_poisson(const Scenario& scenario, const PoissonWorkload& w, std::uint64_t seed) {
  SymbolTable symbols;
  PoissonSource source(w, RandomStream(seed, "workload", "arrivals"), RandomStream(seed, "workload", "work"));
  return run_replication(scenario, source, symbols, seed);
}

}  // namespace rsim::testing
