#include "sim/plot/report_plots.h"

#include <fmt/format.h>

#include <cctype>
#include <set>

#include "sim/io/input_error.h"
#include "workloads/trace/timestamp.h"

namespace rsim {

namespace {

using nlohmann::json;

const json& need(const json& j, const char* key, const std::string& what) {
  if (!j.is_object() || !j.contains(key))
    throw InputError(fmt::format("{}: no \"{}\" to plot (a report from an older rsim?)", what, key));
  return j[key];
}

std::vector<double> numbers(const json& array) {
  std::vector<double> out;
  for (const auto& v : array) out.push_back(v.get<double>());
  return out;
}

SimTime timestamp(const json& text, const std::string& what) {
  const auto t = parse_timestamp(text.get<std::string>(), nullptr);
  if (!t) throw InputError(fmt::format("{}: bad timestamp {}", what, text.dump()));
  return *t;
}

// A file-name-safe stem: the chart's name, with a label's (a scenario in a comparison) after it.
std::string stem(const std::string& name, const std::string& label) {
  std::string out;
  for (const char c : label.empty() ? name : name + "-" + label)
    out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return out;
}

std::string titled(const std::string& title, const std::string& label) {
  return label.empty() ? title : title + " (" + label + ")";
}

// The timeline's bins as hours from its first minute: at the middle of each bin, or at its end.
std::vector<double> bin_hours(const json& timeline, std::size_t bins, bool at_end) {
  const double width = need(timeline, "bin_minutes", "timeline").get<double>() / 60.0;
  std::vector<double> x(bins);
  for (std::size_t b = 0; b < bins; ++b) x[b] = (static_cast<double>(b) + (at_end ? 1.0 : 0.5)) * width;
  return x;
}

std::vector<Plot> time_plots(const LabelledReport& r) {
  const json& report = *r.report;
  const std::string what = r.label.empty() ? "report" : r.label;
  const json& t = need(report, "timeline", what);
  const std::string x_label =
      fmt::format("hours from {}", need(t, "first_minute", what).get<std::string>().substr(0, 16) + "Z");
  const auto bins = need(t, "bins", what).get<std::size_t>();
  const std::vector<double> mid = bin_hours(t, bins, false), end = bin_hours(t, bins, true);
  const SimTime origin = timestamp(t["first_minute"], what);
  const auto hours_of = [&](const json& ts) {
    return static_cast<double>(timestamp(ts, what) - origin) / 3.6e9;
  };

  Plot wait{stem("queue_wait", r.label), titled("Mean queue wait of the queries completing", r.label),
            x_label, "queue wait (ms)"};
  Plot running{stem("running", r.label), titled("Running queries (time-averaged)", r.label), x_label,
               "running queries"};
  Plot capacity{stem("capacity", r.label), titled("Capacity over time", r.label), x_label,
                "RPU (serverless) / clusters (concurrency scaling)"};
  for (const json& e : need(t, "endpoints", what)) {
    const std::string name = e["name"].get<std::string>();
    wait.series.push_back({name, mid, numbers(e["queue_wait_ms"])});
    running.series.push_back({name, mid, numbers(e["running"])});
    if (e.contains("rpu")) capacity.series.push_back({name + " RPU", mid, numbers(e["rpu"]), "steps"});
    if (e.contains("clusters"))
      capacity.series.push_back({name + " scaling clusters", mid, numbers(e["clusters"]), "steps"});
  }
  std::vector<Plot> out = {wait, running};
  if (!capacity.series.empty()) out.push_back(capacity);

  // Per-target load behind each balancer: the queries that arrived at each target per minute.
  if (report.contains("load_balancers")) {
    const double bin_minutes = t["bin_minutes"].get<double>();
    for (const json& b : report["load_balancers"]) {
      const std::string name = b["name"].get<std::string>();
      Plot load{stem("balancer_load-" + name, r.label), titled("Load per target behind " + name, r.label),
                x_label, "queries arriving per minute"};
      for (const json& target : b["targets"]) {
        const std::string endpoint = target["endpoint"].get<std::string>();
        for (const json& e : t["endpoints"]) {
          if (e["name"] != endpoint) continue;
          std::vector<double> per_minute = numbers(e["arrivals"]);
          for (double& v : per_minute) v /= bin_minutes;
          load.series.push_back({endpoint, mid, per_minute});
        }
      }
      for (const json& h : b["health_events"]) {
        load.marks.push_back(
            {hours_of(h["at"]), h["endpoint"].get<std::string>() + " " + h["state"].get<std::string>()});
      }
      out.push_back(std::move(load));
    }
  }
  if (t.contains("cost_usd")) {
    Plot cost{stem("cost", r.label), titled("Cost accumulating over the run", r.label), x_label, "USD"};
    cost.series.push_back({"total", end, numbers(t["cost_usd"])});
    out.push_back(std::move(cost));
  }
  return out;
}

}  // namespace

std::vector<Plot> report_plots(const std::vector<LabelledReport>& reports) {
  Plot cdf{"latency_cdf", "Latency distribution (CDF)", "latency (ms, log scale)", "fraction of queries"};
  cdf.log_x = true;
  for (const LabelledReport& r : reports) {
    const std::string what = r.label.empty() ? "report" : r.label;
    const json& c = need(*r.report, "latency_cdf", what);
    std::vector<double> x = numbers(need(c, "latency_ms", what)), y = numbers(need(c, "quantiles", what));
    // A log axis cannot show 0 ms (cache hits): those points are left out.
    std::vector<double> xs, ys;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (x[i] <= 0) continue;
      xs.push_back(x[i]);
      ys.push_back(y[i]);
    }
    cdf.series.push_back({r.label.empty() ? "all queries" : r.label, xs, ys});
  }
  std::vector<Plot> out = {cdf};
  for (const LabelledReport& r : reports) {
    for (Plot& p : time_plots(r)) out.push_back(std::move(p));
  }
  // Names made safe may meet ("a b" and "a_b"): a later one is numbered rather than overwrite the first.
  std::set<std::string> taken;
  for (Plot& p : out) {
    const std::string base = p.name;
    for (int n = 2; !taken.insert(p.name).second; ++n) p.name = base + "-" + std::to_string(n);
  }
  return out;
}

}  // namespace rsim
