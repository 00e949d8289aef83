#include "sim/run/warnings.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace rsim {

namespace {

using nlohmann::json;

json warning(const char* code, std::string message, std::vector<std::string> affects) {
  return {{"code", code}, {"message", std::move(message)}, {"affects", std::move(affects)}};
}

std::string plural(double n, const char* one, const char* many) {
  return fmt::format("{:.0f} {}", n, std::llround(n) == 1 ? one : many);
}

// The target of routing rule `r`: an endpoint, or a load balancer after them.
std::string route_target(const Scenario& s, const RouteRule& r) {
  if (r.target < s.endpoints.size()) return s.endpoints[r.target].name;
  return s.balancers[r.target - s.endpoints.size()].name;
}

void missing_columns(const Scenario& s, const TraceColumnSet& columns, json& out) {
  const auto check = [&](bool used, TraceColumn c, const std::string& who, const std::string& affected) {
    if (!used || has_column(columns, c)) return;
    out.push_back(warning(
        "missing_column",
        fmt::format("{} matches on the trace column \"{}\", which the trace does not have: it matches no "
                    "query (add the column to the trace, or change the rule)",
                    who, column_name(c)),
        {affected}));
  };
  for (std::size_t i = 0; i < s.routing.size(); ++i) {
    const RouteMatch& m = s.routing[i].match;
    const std::string target = route_target(s, s.routing[i]);
    const std::string who = fmt::format("routing rule {} (to {})", i, target);
    check(!m.domain.empty(), TraceColumn::kDomain, who, target);
    check(!m.user.empty(), TraceColumn::kUser, who, target);
    check(!m.query_group.empty(), TraceColumn::kQueryGroup, who, target);
    check(!m.database.empty(), TraceColumn::kDatabase, who, target);
    check(!m.query_type.empty(), TraceColumn::kQueryType, who, target);
  }
  for (const ComputeEndpointConfig& e : s.endpoints) {
    if (e.kind != EndpointKind::kProvisioned) continue;
    for (const WlmQueueConfig& q : e.wlm.queues) {
      const std::string who = fmt::format("WLM queue \"{}\" of {}", q.name, e.name);
      check(!q.user_groups.empty(), TraceColumn::kUser, who, e.name);
      check(!q.query_groups.empty(), TraceColumn::kQueryGroup, who, e.name);
    }
  }
}

// Arrivals outpacing completions, from the first replication's timeline: the backlog (arrived, not yet
// finished) at each bin's end grew (its mean over the second half of the arrival span is more than twice the
// first half's) and was still at least 10 queries and 2% of the endpoint's queries at the last arrival. A
// busy but stable endpoint's backlog rises and falls instead; a day that ends quietly ends with little
// backlog.
bool saturated(const json& timeline_endpoint, double* end_backlog, double* arrivals_total) {
  const json& arrivals = timeline_endpoint["arrivals"];
  const json& completions = timeline_endpoint["completions"];
  std::vector<double> backlog;
  double level = 0;
  std::size_t last = 0;
  *arrivals_total = 0;
  for (std::size_t b = 0; b < arrivals.size(); ++b) {
    const double a = arrivals[b].get<double>();
    level += a - completions[b].get<double>();
    backlog.push_back(level);
    *arrivals_total += a;
    if (a > 0) last = b;
  }
  if (last < 3) return false;
  const std::size_t half = last / 2;
  double first = 0, second = 0;
  for (std::size_t b = 0; b <= half; ++b) first += backlog[b];
  for (std::size_t b = half + 1; b <= last; ++b) second += backlog[b];
  first /= static_cast<double>(half + 1);
  second /= static_cast<double>(last - half);
  *end_backlog = backlog[last];
  return *end_backlog >= std::max(10.0, 0.02 * *arrivals_total) && second > 2.0 * first;
}

}  // namespace

json run_warnings(const json& report, const Scenario& scenario, const RunFacts& facts) {
  json out = json::array();
  const double unscaled = report["work"]["unscaled_queries"].get<double>();
  if (unscaled > 0) {
    out.push_back(warning(
        "unscaled_work",
        fmt::format("{} of {} carry no observed_capacity and the scenario sets no "
                    "work.default_observed_capacity: their exec_ms is replayed as measured, whatever the "
                    "capacity of the endpoint that runs them, so changing nodes, node type or RPU does not "
                    "change their work. Set work.default_observed_capacity to the capacity the trace was "
                    "captured on (e.g. \"ra3.4xlarge:2\" or \"rpu:128\")",
                    std::llround(unscaled),
                    plural(report["trace"]["queries"].get<double>(), "query", "queries")),
        {"overall"}));
  }
  missing_columns(scenario, facts.trace_columns, out);
  const json& endpoints = report["endpoints"];
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    const json& e = endpoints[i];
    const std::string name = e["name"].get<std::string>();
    if (e["queries"].get<double>() == 0) {
      out.push_back(warning("endpoint_idle",
                            fmt::format("endpoint {} received no query: no routing rule or balancer sends it "
                                        "any, so its figures are empty and its cost buys nothing",
                                        name),
                            {name}));
      continue;
    }
    if (e.contains("queues") && e.value("wlm_mode", "") == "manual") {
      for (const json& q : e["queues"]) {
        if (q["queries"].get<double>() > 0) continue;
        out.push_back(warning(
            "queue_idle",
            fmt::format(
                "WLM queue \"{}\" of {} received no query: its slots and memory sit unused and its "
                "monitoring rules never ran (check its user_groups and query_groups against the trace)",
                q["name"].get<std::string>(), name),
            {name}));
      }
    }
  }
  if (report.contains("timeline")) {
    const json& lines = report["timeline"]["endpoints"];
    for (const json& t : lines) {
      double backlog = 0, arrivals = 0;
      if (!saturated(t, &backlog, &arrivals)) continue;
      const std::string name = t["name"].get<std::string>();
      out.push_back(warning(
          "saturated",
          fmt::format("endpoint {} is saturated: arrivals outpaced completions, its backlog grew through the "
                      "run and {:.0f} of its {} were still waiting or running at the last arrival; its "
                      "percentiles describe a queue still growing, not a steady state (add capacity, or "
                      "replay a shorter, stable period)",
                      name, backlog, plural(arrivals, "query", "queries")),
          {name}));
    }
  }
  if (facts.identical_replications) {
    out.push_back(warning(
        "identical_replications",
        fmt::format(
            "the {} replications are identical: nothing in this scenario and trace draws at random "
            "(observed work replayed as captured), so every half-width of 0 reflects that, not "
            "precision. For intervals that mean something, vary the workload between runs (rsim trace "
            "transform --jitter, --sample, or other days of the trace) or use predicted work with its "
            "scatter",
            report["replications"].get<int>()),
        {"overall"}));
  }
  return out;
}

std::string warnings_text(const json& warnings, const std::string& prefix) {
  std::string out;
  for (const json& w : warnings) {
    out += fmt::format("{}warning [{}]: {}\n", prefix, w["code"].get<std::string>(),
                       w["message"].get<std::string>());
  }
  return out;
}

}  // namespace rsim
