// Validation on data the fit did not see: the hold-out window's arrivals replayed through the calibrated
// model, on each endpoint as it was observed (a cluster's node type, count and WLM queues, each query sent
// to the queue it ran in; a workgroup's base, max and fitted scaling), with work predicted from the queries'
// features. Predicted and observed queue wait, execution and latency are compared at p50/p90/p95/p99, with
// the two-sample Kolmogorov-Smirnov distance between the distributions.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "calibration/fit/observed_traces.h"
#include "calibration/fit/scaling_fit.h"
#include "calibration/fit/service_time_fit.h"

namespace rsim {

inline constexpr std::array<double, 4> kValidationQuantiles = {0.50, 0.90, 0.95, 0.99};

struct DistributionComparison {
  std::array<double, 4> observed{};  // ms, at kValidationQuantiles
  std::array<double, 4> predicted{};
  double ks = 0;  // sup |F_observed - F_predicted|
};

struct HoldoutValidation {
  std::size_t queries = 0;
  DistributionComparison latency, queue, exec;
};

// The two-sample Kolmogorov-Smirnov statistic. REQUIRES: both non-empty.
double ks_distance(std::vector<double> a, std::vector<double> b);
// Nearest-rank quantile. REQUIRES: non-empty.
double quantile(std::vector<double> v, double q);

// The scenario the hold-out window of `endpoint` is replayed through (as JSON, for parse_scenario).
nlohmann::json replay_scenario(const ObservedEndpoint& endpoint, const ServiceTimeFit& fit,
                               const std::optional<ScalingFit>& scaling);

// Replays every endpoint's hold-out window. `data.holdout` is consumed (its query groups are rewritten to
// the service classes they ran in).
HoldoutValidation validate_on_holdout(CalibrationData& data, const ServiceTimeFit& fit,
                                      const std::optional<ScalingFit>& scaling);

}  // namespace rsim
