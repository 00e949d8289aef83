// A scenario file (sim/cli/interfaces.md): the topology and every parameter, with units in the key names.
// See models/scenarios/README.md for every key. Unknown keys, wrong types and impossible values are errors
// that name the file and JSON path.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "models/alarms/alarm_rule.h"
#include "models/balancer/balancer_config.h"
#include "models/clients/connection_pool.h"
#include "models/compute/work_model.h"
#include "models/cost/rate_card.h"
#include "models/endpoint/compute_endpoint.h"
#include "models/ingestion/dual_write_config.h"
#include "models/routing/router.h"
#include "models/sharing/data_sharing.h"
#include "workloads/trace/trace_columns.h"

namespace rsim {

struct Scenario {
  std::string name;
  std::string description;
  std::filesystem::path file;
  std::optional<std::filesystem::path> trace;  // resolved against the scenario file's folder
  WorkModelConfig work;
  std::vector<ComputeEndpointConfig> endpoints;
  std::vector<LoadBalancerConfig> balancers;
  std::optional<DataSharingConfig> data_sharing;
  std::optional<ConnectionPoolConfig> connection_pool;  // clients' pools: every query goes out on one
  std::optional<DualWriteConfig> dual_write;            // an ingestion path writing to two endpoints
  // A rule's target is an endpoint index, or endpoints.size() + i for load balancer i.
  std::vector<RouteRule> routing;
  std::string region = "us-east-1";  // prices come from this region of the node catalog and rate card
  std::vector<AlarmRule> alarms;
  double session_idle_s = 300;  // a connection idle this long is closed (counts for the connections metric)
  // Parameters left at their defaults, as "json.path = value": the assumptions a result rests on.
  std::vector<std::string> defaulted;
};

// The trace columns the scenario's models read (TraceReaderOptions::columns): the free-text columns no model
// looks at are left out, so a run need not intern them. A model that starts reading such a field of Query
// must be reflected here; the golden tests of the shipped scenarios, whose reports were made from fully
// decoded traces, catch a column left out by mistake.
TraceColumnSet trace_columns_read(const Scenario& scenario);

// Throws InputError. `overrides` are PATH=VALUE settings applied to the file's JSON first (json_overrides.h).
Scenario load_scenario(const std::filesystem::path& file, const NodeCatalog& catalog = NodeCatalog::builtin(),
                       const RateCard& rates = RateCard::builtin(),
                       const std::vector<std::string>& overrides = {});
Scenario parse_scenario(std::string_view json, const std::string& name,
                        const NodeCatalog& catalog = NodeCatalog::builtin(),
                        const RateCard& rates = RateCard::builtin());

}  // namespace rsim
