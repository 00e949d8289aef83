#include "models/compute/work_model.h"

#include <fmt/format.h>

#include "sim/io/input_error.h"

namespace rsim {

WorkModel::WorkModel(WorkModelConfig config, const SymbolTable& symbols, const NodeCatalog& catalog)
    : config_(std::move(config)), symbols_(symbols), catalog_(catalog) {
  if (!config_.default_observed_capacity.empty()) {
    std::string why;
    default_capacity_ = catalog_.capacity_of(config_.default_observed_capacity, &why);
    if (!default_capacity_) {
      throw InputError(
          fmt::format("work.default_observed_capacity \"{}\": {}", config_.default_observed_capacity, why));
    }
  }
}

double WorkModel::reference_capacity(const Query& q) {
  if (q.observed_capacity == 0) return default_capacity_.value_or(0.0);
  if (q.observed_capacity >= capacity_by_symbol_.size()) capacity_by_symbol_.resize(symbols_.size(), 0.0);
  double& c = capacity_by_symbol_[q.observed_capacity];
  if (c == 0.0) {
    std::string why;
    const auto resolved = catalog_.capacity_of(symbols_.name(q.observed_capacity), &why);
    if (!resolved) {
      throw InputError(fmt::format("query {}: observed_capacity \"{}\": {}", q.id,
                                   symbols_.name(q.observed_capacity), why));
    }
    c = *resolved;
  }
  return c;
}

double WorkModel::predicted_us(const Query& q, double capacity_rpu, double serial_fraction) const {
  const double c_ref = catalog_.reference_rpu_equivalent();
  const double rate = config_.scan_mb_per_s_per_rpu_by_type[static_cast<std::size_t>(q.type)].value_or(
      config_.scan_mb_per_s_per_rpu.value_or(catalog_.scan_mb_per_s_per_rpu()));
  const double scanned = present(q.mbytes_scanned) ? q.mbytes_scanned : 0.0;
  const double t_ref_ms =
      config_.overhead_ms[static_cast<std::size_t>(q.type)] + scanned / (rate * c_ref) * 1e3;
  return scale_work(t_ref_ms * 1e3, c_ref, capacity_rpu, serial_fraction);
}

double WorkModel::exec_us(const Query& q, double capacity_rpu) {
  const auto& by_type = config_.serial_fraction_by_type[static_cast<std::size_t>(q.type)];
  const double s = by_type.value_or(config_.serial_fraction);
  if (config_.source == WorkSource::kPredicted) return predicted_us(q, capacity_rpu, s);
  const double solo_us = q.exec_ms * 1000.0;
  const double c_ref = reference_capacity(q);
  if (c_ref <= 0.0) return solo_us;
  return scale_work(solo_us, c_ref, capacity_rpu, s);
}

}  // namespace rsim
