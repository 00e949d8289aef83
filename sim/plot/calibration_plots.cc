#include "sim/plot/calibration_plots.h"

#include <fmt/format.h>

#include "sim/io/input_error.h"

namespace rsim {

std::vector<Plot> calibration_plots(const nlohmann::json& profile) {
  if (!profile.contains("validation")) throw InputError("profile: no validation to plot");
  const auto& v = profile["validation"];
  Plot p("calibration",
         fmt::format("Held-out check: predicted against observed ({} queries)",
                     v.value("holdout_queries", std::uint64_t{0})),
         "observed (ms, log scale)", "predicted (ms, log scale)");
  p.log_x = p.log_y = true;
  p.diagonal = true;
  for (const char* metric : {"latency_ms", "queue_ms", "exec_ms"}) {
    if (!v.contains(metric)) continue;
    const auto& m = v[metric];
    PlotSeries s(fmt::format("{} p50/p90/p95/p99 (KS {:.3f})", metric, m.value("ks_distance", 0.0)), {}, {},
                 "linespoints pt 7 ps 1.2");
    for (const auto& [q, observed] : m["observed"].items()) {
      const double o = observed.get<double>(), pr = m["predicted"][q].get<double>();
      if (o <= 0 || pr <= 0) continue;  // a log axis cannot show 0 (no queue wait at that percentile)
      s.x.push_back(o);
      s.y.push_back(pr);
    }
    if (!s.x.empty()) p.series.push_back(std::move(s));
  }
  if (p.series.empty()) return {};
  return {p};
}

}  // namespace rsim
