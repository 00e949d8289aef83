// Reads one entry of a scenario's "load_balancers" list (see models/scenarios/README.md for every key).
// Throws InputError naming the JSON path.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "models/balancer/balancer_config.h"
#include "sim/io/json_input.h"

namespace rsim {

// `endpoint_index` resolves an endpoint name (failing on the value when there is none). `defaulted` collects
// "json.path = value" for every parameter left at an assumed default.
LoadBalancerConfig parse_balancer(JsonObject& o,
                                  const std::function<std::uint32_t(const JsonValue&)>& endpoint_index,
                                  std::vector<std::string>& defaulted);

}  // namespace rsim
