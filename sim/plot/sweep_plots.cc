#include "sim/plot/sweep_plots.h"

#include <fmt/format.h>

#include <map>
#include <optional>

#include "sim/io/input_error.h"

namespace rsim {

std::vector<Plot> sweep_plots(const nlohmann::json& sweep) {
  const auto value = [](const nlohmann::json& variant, const char* metric) -> std::optional<double> {
    const auto& m = variant["metrics"];
    if (!m.contains(metric) || !m[metric]["value"].is_number()) return std::nullopt;
    return m[metric]["value"].get<double>();
  };
  if (!sweep.contains("variants") || !sweep.contains("pareto"))
    throw InputError("sweep: no variants or front to plot");
  Plot p("pareto", fmt::format("Cost against p95 latency: {}", sweep.value("sweep", std::string())),
         "p95 latency (ms)", "cost per day (USD)");
  PlotSeries all("variants", {}, {}, "points pt 7 ps 1.2");
  std::map<std::uint64_t, std::pair<double, double>> by_index;
  for (const auto& v : sweep["variants"]) {
    const auto cost = value(v, "cost_per_day_usd"), p95 = value(v, "latency_p95_ms");
    if (!cost || !p95) continue;
    all.x.push_back(*p95);
    all.y.push_back(*cost);
    by_index[v["variant"].get<std::uint64_t>()] = {*p95, *cost};
  }
  if (all.x.empty()) return {};
  PlotSeries front("Pareto front", {}, {}, "linespoints pt 6 ps 2");
  for (const auto& index : sweep["pareto"]["front"]) {
    const auto it = by_index.find(index.get<std::uint64_t>());
    if (it == by_index.end()) continue;
    front.x.push_back(it->second.first);
    front.y.push_back(it->second.second);
  }
  p.series.push_back(std::move(all));
  if (!front.x.empty()) p.series.push_back(std::move(front));
  return {p};
}

}  // namespace rsim
