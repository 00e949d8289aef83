// A scenario file (interfaces.md): the topology and every parameter, with units in the key names.
// See models/scenarios/README.md for every key. Unknown keys, wrong types and impossible values are errors
// that name the file and JSON path.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "models/alarms/alarm_rule.h"
#include "models/compute/work_model.h"
#include "models/cost/rate_card.h"
#include "models/endpoint/compute_endpoint.h"
#include "models/routing/router.h"

namespace rsim {

struct Scenario {
  std::string name;
  std::string description;
  std::filesystem::path file;
  std::optional<std::filesystem::path> trace;  // resolved against the scenario file's folder
  WorkModelConfig work;
  std::vector<ComputeEndpointConfig> endpoints;
  std::vector<RouteRule> routing;
  std::string region = "us-east-1";  // prices come from this region of the node catalog and rate card
  std::vector<AlarmRule> alarms;
  double session_idle_s = 300;  // a connection idle this long is closed (counts for the connections metric)
  // Parameters left at their defaults, as "json.path = value": the assumptions a result rests on.
  std::vector<std::string> defaulted;
};

// Throws InputError.
Scenario load_scenario(const std::filesystem::path& file, const NodeCatalog& catalog = NodeCatalog::builtin(),
                       const RateCard& rates = RateCard::builtin());
Scenario parse_scenario(std::string_view json, const std::string& name,
                        const NodeCatalog& catalog = NodeCatalog::builtin(),
                        const RateCard& rates = RateCard::builtin());

}  // namespace rsim
