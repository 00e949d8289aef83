#include "models/scenario/profile_settings.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/io/input_error.h"
#include "sim/io/json_input.h"

namespace rsim {

namespace {

// Drops the assumptions whose JSON path ends with `key` (the profile replaced them).
void calibrated(Scenario& s, std::string_view key) {
  std::erase_if(s.defaulted, [&](const std::string& d) {
    const std::string_view path = std::string_view(d).substr(0, d.find(" = "));
    return path.ends_with(key);
  });
}

}  // namespace

void apply_profile(const std::filesystem::path& file, Scenario& s) {
  const JsonDocument doc = JsonDocument::load(file);
  JsonObject root = doc.root().object();
  const auto version = root.integer("schema_version", std::nullopt, 1, 1000);
  if (version != kProfileSchemaVersion)
    root.require("schema_version")
        .fail(fmt::format("expected {} (this rsim's profiles)", kProfileSchemaVersion));
  root.string("kind", "");
  root.require("fitted_from");
  s.work.noise_log_sd = root.number("residual_log_sd", std::nullopt, 0.0, 10.0);
  root.require("validation");
  JsonObject work = root.require("work").object();
  JsonObject types = work.require("by_type").object();
  for (int t = 0; t < kQueryTypeCount; ++t) {
    const std::string type(query_type_name(static_cast<QueryType>(t)));
    if (!types.has(type)) continue;
    JsonObject tf = types.require(type).object();
    tf.integer("queries", 0, 0, INT64_MAX);
    const double overhead = tf.number("overhead_ms", std::nullopt, 0.0, 1e9);
    const double rate = tf.number("scan_mb_per_s_per_rpu", std::nullopt, 1e-9, 1e12);
    if (tf.boolean("calibrated", false)) {
      s.work.overhead_ms[static_cast<std::size_t>(t)] = overhead;
      calibrated(s, "work.predicted.overhead_ms." + type);
    }
    if (tf.boolean("scan_calibrated", false))
      s.work.scan_mb_per_s_per_rpu_by_type[static_cast<std::size_t>(t)] = rate;
    tf.finish();
  }
  types.finish();
  const double serial = work.number("serial_fraction", std::nullopt, 0.0, 1.0);
  if (work.boolean("serial_fraction_calibrated", false)) {
    s.work.serial_fraction = serial;
    s.work.serial_fraction_by_type = {};
    for (auto& e : s.endpoints) e.serverless.serial_fraction = serial;
    calibrated(s, "work.serial_fraction");
  }
  work.finish();
  const double exponent = root.number("concurrency_exponent", std::nullopt, 0.0, 1.0);
  const double spill = root.number("spill_penalty", std::nullopt, 0.0, 1000.0);
  const bool spill_calibrated = root.boolean("spill_penalty_calibrated", false);
  for (auto& e : s.endpoints) {
    e.concurrency_exponent = exponent;
    if (spill_calibrated) e.spill_penalty = spill;
  }
  calibrated(s, ".concurrency_exponent");
  if (spill_calibrated) calibrated(s, ".spill_penalty");
  if (const auto scaling = root.get("serverless_scaling")) {
    JsonObject sc = scaling->object();
    for (const char* key : {"base_rpu", "max_rpu", "rises", "falls"}) sc.number(key, 0.0, 0.0, 1e9);
    const double step = sc.number("step_rpu", 0.0, 0.0, 1024.0);
    auto seconds = [](const std::optional<JsonValue>& v) -> std::optional<double> {
      if (!v || v->raw().is_null()) return std::nullopt;
      const double x = v->number();
      if (x < 0 || x > 86400) v->fail("expected seconds from 0 to 86400, or null");
      return x;
    };
    const auto delay = seconds(sc.get("up_delay_s"));
    const auto quiet = seconds(sc.get("down_quiet_s"));
    for (std::size_t i = 0; i < s.endpoints.size(); ++i) {
      auto& e = s.endpoints[i];
      if (e.kind != EndpointKind::kServerless) continue;
      if (step > 0) e.serverless.scaling.step_rpu = step;
      if (delay) e.serverless.scaling.up_delay_s = *delay;
      if (quiet) e.serverless.scaling.down_quiet_s = *quiet;
      // A scenario without a scaling block lists its defaults as one assumption: what stays default is
      // listed key by key instead.
      const std::string block = fmt::format("$.endpoints[{}].scaling", i);
      if (std::erase_if(s.defaulted, [&](const std::string& d) { return d.starts_with(block + " = "); }) >
          0) {
        const auto& sc_config = e.serverless.scaling;
        s.defaulted.push_back(
            fmt::format("{}.slow_speed_fraction = {}", block, sc_config.slow_speed_fraction));
        if (!delay) s.defaulted.push_back(fmt::format("{}.up_delay_s = {}", block, sc_config.up_delay_s));
        if (!quiet) s.defaulted.push_back(fmt::format("{}.down_quiet_s = {}", block, sc_config.down_quiet_s));
        if (step <= 0) s.defaulted.push_back(fmt::format("{}.step_rpu = base", block));
      }
    }
    if (step > 0) calibrated(s, ".scaling.step_rpu");
    if (delay) calibrated(s, ".scaling.up_delay_s");
    if (quiet) calibrated(s, ".scaling.down_quiet_s");
    sc.finish();
  }
  root.finish();
}

}  // namespace rsim
