#include "calibration/profile.h"

#include <fmt/format.h>

#include <algorithm>

namespace rsim {

namespace {

nlohmann::ordered_json comparison_json(const DistributionComparison& c) {
  nlohmann::ordered_json j;
  for (const char* side : {"observed", "predicted"}) {
    const auto& values = std::string_view(side) == "observed" ? c.observed : c.predicted;
    for (std::size_t i = 0; i < kValidationQuantiles.size(); ++i)
      j[side][fmt::format("p{}", static_cast<int>(kValidationQuantiles[i] * 100))] = values[i];
  }
  for (std::size_t i = 0; i < kValidationQuantiles.size(); ++i) {
    const double o = c.observed[i];
    j["relative_error"][fmt::format("p{}", static_cast<int>(kValidationQuantiles[i] * 100))] =
        o > 0 ? (c.predicted[i] - o) / o : 0.0;
  }
  j["ks_distance"] = c.ks;
  return j;
}

}  // namespace

nlohmann::ordered_json profile_to_json(const Profile& p) {
  nlohmann::ordered_json j;
  j["schema_version"] = kProfileSchemaVersion;
  j["kind"] = "rsim calibration profile";
  j["fitted_from"] = {{"traces", p.traces}, {"fit_queries", p.fit_queries}, {"excluded", p.excluded}};
  const ServiceTimeFit& f = p.service;
  nlohmann::ordered_json types;
  for (std::size_t t = 0; t < kQueryTypeCount; ++t) {
    const TypeFit& tf = f.types[t];
    if (tf.queries == 0) continue;
    types[std::string(query_type_name(static_cast<QueryType>(t)))] = {
        {"queries", tf.queries},
        {"overhead_ms", tf.overhead_ms},
        {"scan_mb_per_s_per_rpu", tf.scan_mb_per_s_per_rpu},
        {"calibrated", tf.calibrated},
        {"scan_calibrated", tf.scan_calibrated}};
  }
  j["work"] = {{"by_type", types},
               {"serial_fraction", f.serial_fraction},
               {"serial_fraction_calibrated", f.serial_calibrated}};
  j["concurrency_exponent"] = f.exponent;
  j["spill_penalty"] = f.spill_penalty;
  j["spill_penalty_calibrated"] = f.spill_calibrated;
  j["residual_log_sd"] = f.log_sd;
  if (p.scaling) {
    nlohmann::ordered_json s = {{"base_rpu", p.scaling->base_rpu},
                                {"max_rpu", p.scaling->max_rpu},
                                {"step_rpu", p.scaling->step_rpu},
                                {"rises", p.scaling->rises},
                                {"falls", p.scaling->falls}};
    s["up_delay_s"] = p.scaling->up_delay_s ? nlohmann::ordered_json(*p.scaling->up_delay_s) : nullptr;
    s["down_quiet_s"] = p.scaling->down_quiet_s ? nlohmann::ordered_json(*p.scaling->down_quiet_s) : nullptr;
    j["serverless_scaling"] = s;
  }
  j["validation"] = {{"holdout_queries", p.validation.queries},
                     {"latency_ms", comparison_json(p.validation.latency)},
                     {"queue_ms", comparison_json(p.validation.queue)},
                     {"exec_ms", comparison_json(p.validation.exec)}};
  return j;
}

}  // namespace rsim
