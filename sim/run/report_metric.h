// Addressing one number in a report (report.json) by a path, as sweeps, service levels and gates name the
// measures they read:
//   overall.latency_ms.p95                       keys, separated by dots
//   endpoints[2].queue_ms.max                    an array element by index
//   domains[sales].latency_ms.p99                an array element by its label: the value of its "name",
//   query_groups[dashboard].latency_ms.p95       "domain", "query_group", "query_type", "user" or "endpoint"
//   field load_balancers[name=nlb].imbalance           ... or by an explicit KEY=VALUE (exactly one must
//   match;
//                                                a label made of digits is read as an index)
//   cost.per_day_usd
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace rsim {

// The number at `path` in `report`. Throws InputError naming the path and the first step that matched
// nothing (with the keys or labels that exist there), or saying the value is not a number. `what` names
// where the path came from in messages (e.g. "gates.json: gates[0].thresholds[1].metric").
double report_metric(const nlohmann::json& report, std::string_view path, const std::string& what);

// Checks the syntax of `path` without a report (so a spec fails before any simulation). Throws InputError.
void check_metric_path(std::string_view path, const std::string& what);

}  // namespace rsim
