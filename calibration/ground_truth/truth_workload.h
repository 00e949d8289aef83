// A workload whose service times follow rsim's model with known parameters, plus noise: the ground truth of
// the calibration round-trip tests. Poisson arrivals (optionally alternating between two rates); each query's
// type from a mix, data scanned lognormal, and its solo execution time on the reference capacity (16
// RPU-equivalents, observed_capacity "rpu:16")
//   exec_ms = (overhead_ms[type] + mbytes_scanned / (scan_mb_per_s_per_rpu * 16) * 1000) * noise
// with lognormal noise of median 1. A share of queries declares a peak memory above `spill_above_mb` (so it
// spills on an endpoint whose slots hold that much). The serial fraction, M(n) and spill penalty are the
// scenario's: the simulation applies them.
#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/core/random.h"
#include "sim/core/symbol_table.h"
#include "workloads/query.h"

namespace rsim {

struct TruthWorkload {
  SimTime start = 0;
  double span_s = 3600;
  double rate_per_s = 1;
  // With a period, the rate alternates: `rate_per_s` for the first half of each period, `low_rate_per_s`
  // for the second (bursts that make a workgroup scale up and down).
  double period_s = 0;
  double low_rate_per_s = 0;
  std::vector<std::pair<QueryType, double>> mix = {{QueryType::kSelect, 1.0}};  // type, weight
  std::array<double, kQueryTypeCount> overhead_ms{};
  double scan_mb_per_s_per_rpu = 100;
  double scan_median_mb = 500;
  double scan_sigma = 1.0;
  double noise_sigma = 0.1;
  // Outliers: this share of queries runs 3 to 10 times longer than the model says (a lock wait, a bad plan).
  double outlier_share = 0;
  double spill_share = 0;     // of queries
  double spill_above_mb = 0;  // their peak memory is this times U(1.2, 3)
};

class TruthWorkloadSource final : public QuerySource {
 public:
  TruthWorkloadSource(const TruthWorkload& w, std::uint64_t seed, SymbolTable& symbols);
  bool next(Query& q) override;

 private:
  TruthWorkload w_;
  RandomStream arrivals_, features_, noise_;
  Symbol capacity_, users_[4];
  double t_;
  double total_weight_ = 0;
  std::uint64_t n_ = 0;
};

}  // namespace rsim
