#include "calibration/validate/holdout_replay.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <unordered_map>

#include "models/scenario/scenario.h"
#include "sim/run/replication.h"

namespace rsim {

namespace {

class VectorSource final : public QuerySource {
 public:
  explicit VectorSource(const std::vector<Query>& queries) : queries_(queries) {}
  bool next(Query& q) override {
    if (next_ >= queries_.size()) return false;
    q = queries_[next_++];
    return true;
  }

 private:
  const std::vector<Query>& queries_;
  std::size_t next_ = 0;
};

struct Outcome {
  double queue_ms, exec_ms, latency_ms;
};

// What the replay predicts for each query, by its ordinal in the trace.
class OutcomeLog final : public MeasurementSink {
 public:
  void query_finished(const QueryInFlight& q, SimTime now, QueryEnd) override {
    outcomes[q.query.ordinal] = {to_millis(q.queue_us), to_millis(now - q.admitted),
                                 to_millis(now - q.query.arrival)};
  }
  void endpoint_state(std::uint32_t, SimTime, std::uint32_t, std::uint32_t) override {}
  void rule_fired(std::uint32_t, std::uint32_t, SimTime) override {}
  std::unordered_map<std::uint64_t, Outcome> outcomes;
};

// The WLM queue a query ran in: what follows the last '/' of its observed endpoint ("prod/etl"), or the
// whole name when the pull had no --endpoint ("etl"), without a concurrency-scaling mark.
std::string_view service_class_of(std::string_view endpoint) {
  if (const auto mark = endpoint.find('#'); mark != std::string_view::npos)
    endpoint = endpoint.substr(0, mark);
  const auto slash = endpoint.rfind('/');
  return slash == std::string_view::npos ? endpoint : endpoint.substr(slash + 1);
}

// A field of a pulled service class; `fallback` when absent or NULL.
template <typename T>
T field(const nlohmann::json& c, const char* key, T fallback) {
  const auto it = c.find(key);
  if (it == c.end() || it->is_null()) return fallback;
  if constexpr (std::is_same_v<T, std::string>) {
    if (!it->is_string()) return fallback;
  } else {
    if (!it->is_number()) return fallback;
  }
  return it->get<T>();
}

DistributionComparison compare(const std::vector<double>& observed, const std::vector<double>& predicted) {
  DistributionComparison c;
  for (std::size_t i = 0; i < kValidationQuantiles.size(); ++i) {
    c.observed[i] = quantile(observed, kValidationQuantiles[i]);
    c.predicted[i] = quantile(predicted, kValidationQuantiles[i]);
  }
  c.ks = ks_distance(observed, predicted);
  return c;
}

}  // namespace

double quantile(std::vector<double> v, double q) {
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  const auto at = v.begin() + static_cast<std::ptrdiff_t>(std::clamp<std::size_t>(rank, 1, v.size()) - 1);
  std::nth_element(v.begin(), at, v.end());
  return *at;
}

double ks_distance(std::vector<double> a, std::vector<double> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::size_t i = 0, j = 0;
  double d = 0;
  while (i < a.size() && j < b.size()) {
    const double x = std::min(a[i], b[j]);
    while (i < a.size() && a[i] <= x) ++i;
    while (j < b.size() && b[j] <= x) ++j;
    d = std::max(d, std::abs(static_cast<double>(i) / static_cast<double>(a.size()) -
                             static_cast<double>(j) / static_cast<double>(b.size())));
  }
  return d;
}

nlohmann::json replay_scenario(const ObservedEndpoint& endpoint, const ServiceTimeFit& fit,
                               const std::optional<ScalingFit>& scaling) {
  nlohmann::json work = {{"source", "predicted"}, {"serial_fraction", fit.serial_fraction}};
  work["predicted"]["noise_log_sd"] = fit.log_sd;
  for (std::size_t t = 0; t < kQueryTypeCount; ++t) {
    const std::string type(query_type_name(static_cast<QueryType>(t)));
    work["predicted"]["overhead_ms"][type] = fit.types[t].overhead_ms;
    work["predicted"]["scan_mb_per_s_per_rpu_by_type"][type] = fit.types[t].scan_mb_per_s_per_rpu;
  }
  nlohmann::json e = {{"name", "observed"},
                      {"concurrency_exponent", fit.exponent},
                      {"compile", "always"},  // a trace's compile_ms is the compilation that happened
                      {"result_cache", "trace"}};
  if (endpoint.serverless) {
    e["kind"] = "serverless";
    e["base_rpu"] = endpoint.base_rpu;
    if (scaling) {
      e["max_rpu"] = std::max(scaling->max_rpu, endpoint.base_rpu);
      if (scaling->step_rpu > 0) e["scaling"]["step_rpu"] = scaling->step_rpu;
      if (scaling->up_delay_s) e["scaling"]["up_delay_s"] = *scaling->up_delay_s;
      if (scaling->down_quiet_s) e["scaling"]["down_quiet_s"] = *scaling->down_quiet_s;
    }
  } else {
    const auto colon = endpoint.observed_capacity.find(':');
    const std::string node_type = endpoint.observed_capacity.substr(0, colon);
    const int nodes = std::stoi(endpoint.observed_capacity.substr(colon + 1));
    e["kind"] = "provisioned";
    e["node_type"] = node_type;
    e["nodes"] = nodes;
    e["spill_penalty"] = fit.spill_penalty;
    e["sqa"] = {{"enabled", false}};
    nlohmann::json queues = nlohmann::json::array();
    double memory = 0;
    if (endpoint.wlm) {
      for (const auto& c : (*endpoint.wlm)["service_classes"]) {
        const int service_class = field(c, "service_class", 0);
        if (service_class < 6 || service_class > 13) continue;  // manual WLM user queues
        const int slots = std::clamp(field(c, "num_query_tasks", 1), 1, 50);
        const double per_slot = std::max(0, field(c, "query_working_mem", 0)) * static_cast<double>(nodes);
        memory += per_slot * slots;
        queues.push_back({{"name", field(c, "name", fmt::format("queue{}", service_class))},
                          {"slots", slots},
                          {"memory_mb", per_slot * slots},
                          {"concurrency_scaling",
                           field<std::string>(c, "concurrency_scaling", "off") == "auto" ? "auto" : "off"}});
      }
    }
    if (queues.empty()) queues.push_back({{"name", "default"}, {"slots", 5}, {"memory_mb", 0.0}});
    for (std::size_t i = 0; i < queues.size(); ++i) {
      const double mb = queues[i]["memory_mb"];
      queues[i]["memory_percent"] =
          memory > 0 ? 100.0 * mb / memory : 100.0 / static_cast<double>(queues.size());
      queues[i].erase("memory_mb");
      // Each query goes back to the queue it ran in: its query group is set to that queue's name. The last
      // (default) queue takes the rest and may not list groups.
      if (i + 1 < queues.size()) queues[i]["query_groups"] = {queues[i]["name"]};
    }
    e["wlm"] = {{"mode", "manual"}, {"queues", queues}};
    if (memory > 0) e["wlm"]["memory_mb"] = memory;
  }
  return {{"name", "holdout replay"}, {"work", work}, {"endpoints", {e}}};
}

HoldoutValidation validate_on_holdout(CalibrationData& data, const ServiceTimeFit& fit,
                                      const std::optional<ScalingFit>& scaling) {
  HoldoutValidation v;
  std::vector<double> obs_latency, obs_queue, obs_exec, pred_latency, pred_queue, pred_exec;
  for (std::size_t e = 0; e < data.endpoints.size(); ++e) {
    auto& queries = data.holdout[e];
    if (queries.empty()) continue;
    for (Query& q : queries) {
      q.query_group = data.symbols.intern(service_class_of(data.symbols.name(q.observed_endpoint)));
      q.observed_capacity = 0;  // work is predicted from features
    }
    const auto scenario_json =
        replay_scenario(data.endpoints[e], fit, data.endpoints[e].serverless ? scaling : std::nullopt);
    const Scenario scenario =
        parse_scenario(scenario_json.dump(), "holdout replay of " + data.endpoints[e].trace.string());
    VectorSource source(queries);
    OutcomeLog log;
    run_replication(scenario, source, data.symbols, 1, &log);
    for (const Query& q : queries) {
      const auto it = log.outcomes.find(q.ordinal);
      if (!present(q.exec_ms) || it == log.outcomes.end()) continue;
      const double queue = present(q.queue_ms) ? q.queue_ms : 0.0;
      const double exec = q.exec_ms + q.compile_ms;  // the replay's execution includes the compilation
      obs_queue.push_back(queue);
      obs_exec.push_back(exec);
      obs_latency.push_back(queue + exec);
      pred_queue.push_back(it->second.queue_ms);
      pred_exec.push_back(it->second.exec_ms);
      pred_latency.push_back(it->second.latency_ms);
    }
  }
  v.queries = obs_latency.size();
  if (v.queries == 0) return v;
  v.latency = compare(obs_latency, pred_latency);
  v.queue = compare(obs_queue, pred_queue);
  v.exec = compare(obs_exec, pred_exec);
  return v;
}

}  // namespace rsim
