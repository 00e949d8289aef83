// A query's work on an endpoint: how long it would run there alone (model.md section 2, "observed" source).
// The trace's exec_ms was measured on observed_capacity; it is scaled to the endpoint's capacity by Amdahl's
// law with the serial fraction of the query's type. A row without observed_capacity was captured on
// `default_observed_capacity` if the scenario names one, else on the endpoint it runs on (no scaling).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "models/catalog/node_catalog.h"
#include "models/compute/work_scaling.h"
#include "sim/core/symbol_table.h"
#include "workloads/query.h"

namespace rsim {

struct WorkModelConfig {
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

 private:
  double reference_capacity(const Query& q);

  WorkModelConfig config_;
  const SymbolTable& symbols_;
  const NodeCatalog& catalog_;
  std::optional<double> default_capacity_;
  std::vector<double> capacity_by_symbol_;  // memo: 0 = not resolved yet
};

}  // namespace rsim
