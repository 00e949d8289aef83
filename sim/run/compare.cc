#include "sim/run/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "sim/io/input_error.h"
#include "sim/run/run_command.h"
#include "sim/run/warnings.h"

namespace rsim {

namespace {

using nlohmann::json;

struct Measure {
  std::string metric;
  std::string unit;
  bool lower_is_better = true;
  std::vector<std::optional<double>> values;  // per scenario; empty when it does not apply
};

std::optional<double> at(const json& j, std::initializer_list<const char*> path) {
  const json* p = &j;
  for (const char* k : path) {
    if (!p->is_object() || !p->contains(k)) return std::nullopt;
    p = &(*p)[k];
  }
  return p->is_number() ? std::optional<double>(p->get<double>()) : std::nullopt;
}

// The array under `key`, or an empty one: reports from elsewhere may lack parts.
const json& list(const json& j, const char* key) {
  static const json empty = json::array();
  return j.is_object() && j.contains(key) && j[key].is_array() ? j[key] : empty;
}

std::string text(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

// Spread of queries over the places a balancer, or else data sharing, spreads them: max over mean.
std::optional<double> imbalance(const json& report) {
  if (!list(report, "load_balancers").empty()) {
    std::optional<double> worst;
    for (const auto& b : list(report, "load_balancers")) {
      if (const auto x = at(b, {"imbalance"})) worst = std::max(worst.value_or(0.0), *x);
    }
    return worst;
  }
  if (report.contains("data_sharing")) {
    std::vector<double> q;
    for (const auto& c : list(report["data_sharing"], "consumers")) {
      for (const auto& e : list(report, "endpoints")) {
        if (text(e, "name") == text(c, "endpoint")) {
          if (const auto n = at(e, {"queries"})) q.push_back(*n);
        }
      }
    }
    if (q.empty()) return std::nullopt;
    double sum = 0, most = 0;
    for (const double x : q) {
      sum += x;
      most = std::max(most, x);
    }
    return sum > 0 ? std::optional<double>(most / (sum / static_cast<double>(q.size()))) : std::nullopt;
  }
  return std::nullopt;
}

std::vector<Measure> measures(const std::vector<json>& reports) {
  std::vector<Measure> rows;
  auto add = [&](std::string metric, std::string unit, bool lower, auto get) {
    Measure m{std::move(metric), std::move(unit), lower, {}};
    for (const auto& r : reports) m.values.push_back(get(r));
    rows.push_back(std::move(m));
  };
  add("queries", "", false, [](const json& r) { return at(r, {"overall", "queries"}); });
  add("failed queries", "", true, [](const json& r) { return at(r, {"overall", "aborted"}); });
  for (const char* p : {"p50", "p95", "p99"}) {
    add(fmt::format("latency {}", p), "ms", true, [p](const json& r) {
      return at(r, {"overall", "latency_ms", p});
    });
  }
  add("mean queue wait", "ms", true, [](const json& r) { return at(r, {"overall", "queue_ms", "mean"}); });
  add("mean execution", "ms", true, [](const json& r) { return at(r, {"overall", "exec_ms", "mean"}); });
  std::set<std::string> domains;
  for (const auto& r : reports) {
    for (const auto& d : list(r, "domains")) domains.insert(text(d, "domain"));
  }
  for (const auto& name : domains) {
    add(fmt::format("p95 latency, {}", name.empty() ? "(no domain)" : name), "ms", true,
        [&name](const json& r) -> std::optional<double> {
          for (const auto& d : list(r, "domains")) {
            if (text(d, "domain") == name) return at(d, {"latency_ms", "p95"});
          }
          return std::nullopt;
        });
  }
  add("imbalance (max / mean)", "", true, imbalance);
  add("cost per day", "USD", true, [](const json& r) { return at(r, {"cost", "per_day_usd"}); });
  add("cost per 1,000 queries", "USD", true, [](const json& r) -> std::optional<double> {
    const auto total = at(r, {"cost", "total_usd"});
    const auto queries = at(r, {"overall", "queries"});
    if (!total || !queries || *queries <= 0) return std::nullopt;
    return *total / *queries * 1000.0;
  });
  return rows;
}

// Index of the best value, or nullopt when none is better than every other (or the row has no winner).
std::optional<std::size_t> winner(const Measure& m) {
  if (!m.lower_is_better) return std::nullopt;
  std::optional<std::size_t> best;
  bool tie = false;
  for (std::size_t i = 0; i < m.values.size(); ++i) {
    if (!m.values[i]) return std::nullopt;  // not comparable across every scenario
    if (!best || *m.values[i] < *m.values[*best]) {
      best = i;
      tie = false;
    } else if (*m.values[i] == *m.values[*best]) {
      tie = true;
    }
  }
  return tie ? std::nullopt : best;
}

json values_json(const Measure& m) {
  json v = json::array();
  for (const auto& x : m.values) v.push_back(x ? json(*x) : json(nullptr));
  return v;
}

bool mixes_provisioned_and_serverless(const std::vector<json>& reports) {
  bool provisioned = false, serverless = false;
  for (const auto& r : reports) {
    for (const auto& e : list(r, "endpoints")) {
      provisioned |= text(e, "kind") == "provisioned";
      serverless |= text(e, "kind") == "serverless";
    }
  }
  return provisioned && serverless;
}

std::vector<json> run_all(const CompareRequest& request, double factor) {
  std::vector<json> reports;
  for (const auto& s : request.scenarios) {
    RunRequest r;
    r.scenario = s;
    r.trace = request.trace;
    r.seed = request.seed;
    r.replications = request.replications;
    r.sort = request.sort;
    r.rpu_per_node_factor = factor;
    reports.push_back(execute_run(r));
  }
  return reports;
}

}  // namespace

json compare_reports(const std::vector<std::string>& names, const std::vector<json>& reports) {
  json rows = json::array();
  for (const Measure& m : measures(reports)) {
    json row = {{"metric", m.metric}, {"unit", m.unit}, {"values", values_json(m)}};
    const auto w = winner(m);
    row["winner"] = w ? json(names[*w]) : json(nullptr);
    if (w) {
      // The margin over the runner-up: how much better the winner is.
      double second = INFINITY;
      for (std::size_t i = 0; i < m.values.size(); ++i) {
        if (i != *w) second = std::min(second, *m.values[i]);
      }
      row["difference"] = second - *m.values[*w];
      row["relative"] = second != 0 ? json((second - *m.values[*w]) / second) : json(nullptr);
    }
    rows.push_back(std::move(row));
  }
  return {{"scenarios", names}, {"rows", std::move(rows)}};
}

Comparison execute_compare(const CompareRequest& request) {
  if (request.scenarios.size() < 2) throw InputError("compare needs at least two scenarios");
  Comparison c;
  c.reports = run_all(request, 1.0);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < c.reports.size(); ++i) {
    std::string name = text(c.reports[i].value("scenario", json::object()), "name");
    if (name.empty()) name = request.scenarios[i].stem().string();
    if (!seen.insert(name).second) name = fmt::format("{}-{}", name, i + 1);
    seen.insert(name);
    c.names.push_back(name);
  }
  c.comparison = compare_reports(c.names, c.reports);
  c.comparison["seed"] = request.seed;
  c.comparison["trace"] = c.reports.front()["trace"];
  // Each scenario's warnings (warnings.h), by name: a verdict may rest on them.
  json warnings = json::object();
  for (std::size_t i = 0; i < c.reports.size(); ++i)
    warnings[c.names[i]] = c.reports[i].value("warnings", json::array());
  c.comparison["warnings"] = std::move(warnings);
  if (mixes_provisioned_and_serverless(c.reports)) {
    // The verdict against the node-to-RPU exchange rate (models/model.md section 2): halved and doubled.
    json& rows = c.comparison["rows"];
    for (const double factor : {0.5, 2.0}) {
      const json other = compare_reports(c.names, run_all(request, factor));
      const std::string key = factor < 1 ? "winner_at_half_rpu_per_node" : "winner_at_double_rpu_per_node";
      for (std::size_t i = 0; i < rows.size(); ++i) rows[i][key] = other["rows"][i]["winner"];
    }
    for (auto& row : rows) {
      row["verdict_changes"] = row["winner"] != row["winner_at_half_rpu_per_node"] ||
                               row["winner"] != row["winner_at_double_rpu_per_node"];
    }
    c.comparison["assumption"] =
        "provisioned against serverless: node capacities in RPU come from the node catalog's rpu_equivalent "
        "(ra3.4xlarge: 16 RPU per node), an assumption (models/model.md section 2); each row also gives its "
        "winner "
        "with "
        "that rate halved and doubled, and whether the verdict changes";
  }
  return c;
}

std::string comparison_table(const json& comparison) {
  const auto& names = comparison["scenarios"];
  const bool sensitivity = comparison.contains("assumption");
  std::string out = fmt::format("{:<28}", "metric");
  for (const auto& n : names) out += fmt::format(" {:>14}", n.get<std::string>());
  out += fmt::format("  {:<14} {:>22}", "winner", "margin");
  if (sensitivity) out += "  rpu/node x0.5 | x2";
  out += "\n";
  for (const auto& row : comparison["rows"]) {
    const std::string unit = row["unit"].get<std::string>();
    out += fmt::format("{:<28}", row["metric"].get<std::string>() + (unit.empty() ? "" : " (" + unit + ")"));
    for (const auto& v : row["values"]) {
      out += v.is_null() ? fmt::format(" {:>14}", "-")
                         : fmt::format(" {:>14.{}f}", v.get<double>(), unit == "USD" ? 2 : 1);
    }
    const std::string w = row["winner"].is_null() ? "-" : row["winner"].get<std::string>();
    std::string margin = "-";
    if (!row["winner"].is_null()) {
      margin = fmt::format("{:.{}f}", row["difference"].get<double>(), unit == "USD" ? 2 : 1);
      if (!row["relative"].is_null())
        margin += fmt::format(" ({:.1f}%)", 100 * row["relative"].get<double>());
    }
    out += fmt::format("  {:<14} {:>22}", w, margin);
    if (sensitivity) {
      auto name = [](const json& x) { return x.is_null() ? std::string("-") : x.get<std::string>(); };
      out += fmt::format("  {} | {}{}", name(row["winner_at_half_rpu_per_node"]),
                         name(row["winner_at_double_rpu_per_node"]),
                         row["verdict_changes"].get<bool>() ? "  (changes)" : "");
    }
    out += "\n";
  }
  if (sensitivity) out += "note: " + comparison["assumption"].get<std::string>() + "\n";
  if (comparison.contains("warnings")) {
    for (const auto& [name, warnings] : comparison["warnings"].items())
      out += warnings_text(warnings, name + ": ");
  }
  return out;
}

}  // namespace rsim
