// Reads one entry of a scenario's "endpoints" list: a generic compute endpoint, a provisioned cluster with
// its WLM, or a serverless workgroup (see models/scenarios/README.md for every key). Throws InputError naming
// the JSON path.
#pragma once

#include <string>
#include <vector>

#include "models/catalog/node_catalog.h"
#include "models/endpoint/compute_endpoint.h"
#include "sim/io/json_input.h"

namespace rsim {

// `defaulted` collects "json.path = value" for every parameter left at an assumed default.
// `region` is the scenario's (capacities offered depend on it).
ComputeEndpointConfig parse_endpoint(JsonObject& e, const NodeCatalog& catalog, const std::string& region,
                                     std::vector<std::string>& defaulted);

// Reads a provisioned cluster's "wlm" object into `c` (c.nodes and c.node_type already set).
void parse_wlm(JsonObject& wlm, const NodeType& node, ComputeEndpointConfig& c,
               std::vector<std::string>& defaulted);

}  // namespace rsim
