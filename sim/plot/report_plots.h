// The plots of run reports (report.json): the latency CDF of each on one chart (log scale), and per report
// over time: queue wait and running queries per endpoint, serverless capacity and concurrency-scaling
// clusters, per-target load behind each balancer with its health events marked, and the bill accumulating.
// Reads only the report, so a report written earlier plots the same.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/plot/plot.h"

namespace rsim {

struct LabelledReport {
  std::string label;  // the scenario's name in a comparison; empty for a single run
  const nlohmann::json* report = nullptr;
};

// Throws InputError when a report lacks what a plot needs (a report from before the plots).
std::vector<Plot> report_plots(const std::vector<LabelledReport>& reports);

}  // namespace rsim
