// A query's work on an endpoint: how long it would run there alone (models/model.md section 2). Two sources:
// - observed (the default): the trace's exec_ms, measured on observed_capacity, is scaled to the endpoint's
//   capacity by Amdahl's law with the serial fraction of the query's type. A row without observed_capacity
//   was captured on `default_observed_capacity` if the scenario names one, else on the endpoint it runs on
//   (no scaling).
// - predicted: from the query's features, for traces without durations and data-scale what-ifs. On the
//   reference capacity C_ref (one reference node, 16 RPU-equivalents) a query runs
//     t_ref = overhead_ms[type] + mbytes_scanned / (scan_mb_per_s_per_rpu * C_ref)
//   and is scaled to the endpoint's capacity by the same Amdahl law. A query without mbytes_scanned costs its
//   overhead only. The defaults are assumptions (listed in the report); a calibrated profile replaces them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/catalog/node_catalog.h"
#include "models/compute/work_scaling.h"
#include "sim/core/symbol_table.h"
#include "workloads/query.h"

namespace rsim {

enum class WorkSource : std::uint8_t { kObserved, kPredicted };
inline constexpr std::array<std::string_view, 2> kWorkSourceNames = {"observed", "predicted"};

// Fixed cost of a query by type, ms on the reference capacity, for predicted work: an assumption of rsim
// (fleet data says most queries run under 100 ms, models/catalog/facts.md 7.1; loads and unloads carry S3
// round trips).
inline constexpr std::array<double, kQueryTypeCount> kDefaultOverheadMs = {
    20.0,    // select
    50.0,    // insert
    100.0,   // update
    100.0,   // delete
    1000.0,  // copy
    500.0,   // unload
    200.0,   // ctas
    50.0,    // ddl
    10.0,    // other
};

struct WorkModelConfig {
  WorkSource source = WorkSource::kObserved;
  // Predicted work: scan throughput per RPU-equivalent (default: the catalog's) and overhead by type.
  std::optional<double> scan_mb_per_s_per_rpu;
  // Per query type (a calibrated profile's); unset entries use scan_mb_per_s_per_rpu.
  std::array<std::optional<double>, kQueryTypeCount> scan_mb_per_s_per_rpu_by_type{};
  std::array<double, kQueryTypeCount> overhead_ms = kDefaultOverheadMs;
  // Predicted work is the median of a query's work; each query's is that times a lognormal factor of median
  // 1 and this log-scale spread (a calibrated profile's residual spread; 0: none).
  double noise_log_sd = 0;
  double serial_fraction = kDefaultSerialFraction;
  // Per query type; unset entries use serial_fraction.
  std::array<std::optional<double>, kQueryTypeCount> serial_fraction_by_type{};
  std::string default_observed_capacity;  // e.g. "ra3.4xlarge:2"; empty: unscaled
};

class WorkModel {
 public:
  // Throws InputError if default_observed_capacity is invalid.
  WorkModel(WorkModelConfig config, const SymbolTable& symbols, const NodeCatalog& catalog);

  // Solo execution time in µs of `q` on an endpoint of `capacity_rpu`. Throws InputError naming the query
  // if its observed_capacity is not a valid capacity.
  double exec_us(const Query& q, double capacity_rpu);

  const WorkModelConfig& config() const { return config_; }
  // The spread of predicted work's lognormal scatter; 0 for observed work (its scatter is in the trace).
  double noise_log_sd() const {
    return config_.source == WorkSource::kPredicted ? config_.noise_log_sd : 0.0;
  }

 private:
  double reference_capacity(const Query& q);
  double predicted_us(const Query& q, double capacity_rpu, double serial_fraction) const;

  WorkModelConfig config_;
  const SymbolTable& symbols_;
  const NodeCatalog& catalog_;
  std::optional<double> default_capacity_;
  std::vector<double> capacity_by_symbol_;  // memo: 0 = not resolved yet
};

}  // namespace rsim
