// Fits rsim's service-time model (models/model.md sections 2 and 3) to observed executions.
//
// The model: a query of type T scanning m MB, with spill overflow fraction f and compile time c, has solo
// work on an endpoint of base capacity B
//   W = (o_T + m / (r_T * C_ref)) * (s + (1 - s) * C_ref / B) * (1 + p * f) + c
// (C_ref = 16 RPU-equivalents), and progresses at M(n) / n * speed(C) with M(n) = n^e and
// speed(C) = 1 / (s + (1 - s) * B / C) while n queries run at capacity C. So for each candidate (e, s, p) the
// work every query must have had follows from the observed executions (ExecutionTimeline); the fit finds the
// overhead o_T and scan rate r_T per type by a robust (Huber) regression on log work, which matches
// multiplicative noise, and the candidate (e, s, p) with the smallest total loss: a grid, then coordinate
// refinement by golden section.
//
// What the data cannot tell stays at its default and is flagged: s needs executions at two capacities or
// more (several clusters, or a workgroup that scaled); p needs spilled queries; a type needs
// kMinQueriesPerType queries, and its scan rate needs queries that scanned different amounts.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "calibration/fit/execution_timeline.h"
#include "workloads/query.h"

namespace rsim {

struct ObservedQuery {
  QueryType type = QueryType::kSelect;
  double mbytes_scanned = 0;
  double overflow = 0;  // spilled MB / peak memory MB, in [0, 1]
  double compile_s = 0;
  std::size_t execution = 0;  // index into the ExecutionTimeline
  std::uint32_t endpoint = 0;
};

struct TypeFit {
  std::size_t queries = 0;
  bool calibrated = false;  // false: too few queries; the defaults below are kept
  bool scan_calibrated = false;
  double overhead_ms = 0;
  double scan_mb_per_s_per_rpu = 0;
};

struct ServiceTimeFit {
  std::array<TypeFit, kQueryTypeCount> types{};
  double exponent = 0.3;
  double serial_fraction = 0.1;
  bool serial_calibrated = false;
  double spill_penalty = 1.0;
  bool spill_calibrated = false;
  double log_sd = 0;     // robust spread of log(work / fitted work): the noise the model leaves
  std::size_t used = 0;  // queries the fit used
  std::size_t evaluations = 0;
};

struct ServiceTimeFitOptions {
  double reference_rpu = 16;
  std::array<double, kQueryTypeCount> default_overhead_ms{};
  double default_scan_mb_per_s_per_rpu = 125;
  double default_serial_fraction = 0.1;
  double default_exponent = 0.3;
  double default_spill_penalty = 1.0;
};

inline constexpr std::size_t kMinQueriesPerType = 20;

// `base_rpu[e]`: endpoint e's base capacity (a cluster's capacity; a workgroup's base).
ServiceTimeFit fit_service_time(const std::vector<ObservedQuery>& queries, const ExecutionTimeline& timeline,
                                const std::vector<double>& base_rpu, const ServiceTimeFitOptions& options);

}  // namespace rsim
