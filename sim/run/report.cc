#include "sim/run/report.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "models/cost/bill.h"
#include "models/wlm/qmr.h"
#include "sim/io/enum_names.h"
#include "sim/run/warnings.h"
#include "sim/stats/confidence.h"
#include "workloads/trace/timestamp.h"

namespace rsim {

namespace {

using nlohmann::json;

// Milliseconds rounded to the microsecond: the model's resolution, and stable to print.
double ms(double us) { return std::round(us) / 1000.0; }
double round6(double x) { return std::round(x * 1e6) / 1e6; }

// Percentiles, mean and standard deviation of a duration metric, in ms.
template <typename D>
json spread(const D& d) {
  const auto q = [&](double p) { return ms(d.histogram.quantile(p)); };
  return {{"mean", ms(d.summary.mean())},
          {"std", ms(d.summary.stddev())},
          {"p25", q(0.25)},
          {"p50", q(0.50)},
          {"p75", q(0.75)},
          {"p90", q(0.90)},
          {"p95", q(0.95)},
          {"p99", q(0.99)},
          {"max", ms(static_cast<double>(d.histogram.max()))}};
}

json distribution(const Distribution& d) {
  json j = spread(d);
  // Within one replication, the mean's half-width comes from batch means.
  j["ci95"] = {{"mean", ms(d.batches.half_width(0.95))}};
  return j;
}
json distribution(const CompactDistribution& d) { return spread(d); }

// Aborted over all queries (0 without queries). Not rounded: one failure in millions must not read as none.
double failure_rate(std::uint64_t aborted, std::uint64_t queries) {
  return queries ? static_cast<double>(aborted) / static_cast<double>(queries) : 0.0;
}

json counts(const QueryRecord& r) {
  return {{"queries", r.queries()},
          {"completed", r.completed},
          {"aborted", r.aborted},
          {"failure_rate", failure_rate(r.aborted, r.queries())},
          {"hopped", r.hopped},
          {"spilled", r.spilled},
          {"result_cache_hits", r.result_cache_hits},
          {"concurrency_scaling_queries", r.concurrency_scaling},
          {"latency_ms", distribution(r.latency)},
          {"queue_ms", distribution(r.queue)},
          {"exec_ms", distribution(r.exec)}};
}

json dual_write_report(const DualWriteConfig& c, const DualWriteMeters& m, const Scenario& scenario) {
  const auto side = [&](const DualWriteSide& cfg, const DualWriteMeters::Side& s) {
    const std::uint64_t writes = s.succeeded + s.exhausted;
    return json{{"endpoint", scenario.endpoints[cfg.endpoint].name},
                {"attempts", s.attempts},
                {"succeeded", s.succeeded},
                {"failed_attempts", s.failed_attempts},
                {"exhausted", s.exhausted},
                {"success_rate",
                 writes ? round6(static_cast<double>(s.succeeded) / static_cast<double>(writes)) : 1.0}};
  };
  return {{"name", c.name},
          {"messages", m.messages},
          {"acknowledged", m.acknowledged},
          {"redelivered", m.redelivered},
          {"dead_lettered", m.dead_lettered},
          {"unfinished", m.unfinished},
          {"missing_on_secondary", m.missing_on_secondary},
          {"primary", side(c.primary, m.sides[0])},
          {"secondary", side(c.secondary, m.sides[1])},
          {"ack_latency_ms", distribution(m.ack_latency)},
          {"end_to_end_ms", distribution(m.end_to_end)},
          {"backlog",
           {{"peak", m.backlog_peak},
            {"mean", round6(m.backlog_mean)},
            {"per_minute_peak", m.backlog_per_minute}}}};
}

template <typename R>
json label_entry(const char* key, const std::string& name, const R& d) {
  return {{key, name},
          {"queries", d.queries()},
          {"completed", d.completed},
          {"aborted", d.aborted},
          {"failure_rate", failure_rate(d.aborted, d.queries())},
          {"latency_ms", distribution(d.latency)},
          {"queue_ms", distribution(d.queue)},
          {"exec_ms", distribution(d.exec)}};
}

// One object per label, keyed `key`, sorted by name; labels past the recorder's limit as one "(other)".
json labelled(const LabelRecords<LabelRecord>& records, const std::vector<std::string>& names,
              const char* key) {
  std::vector<std::size_t> order(names.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return names[a] < names[b]; });
  json out = json::array();
  for (const std::size_t i : order) out.push_back(label_entry(key, names[i], records.records()[i]));
  if (const LabelRecord* other = records.overflow()) out.push_back(label_entry(key, "(other)", *other));
  return out;
}

// The kTopUsers users with the most queries (ties by name), and the rest merged.
constexpr std::size_t kTopUsers = 100;
json users_report(const UserBreakdown& breakdown, const std::vector<std::string>& names) {
  const std::vector<UserBreakdown::User> users = breakdown.users();
  std::vector<std::size_t> order(users.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return users[a].queries != users[b].queries ? users[a].queries > users[b].queries : names[a] < names[b];
  });
  json top = json::array();
  MeasuredQueries rest;
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (k < kTopUsers) {
      top.push_back(label_entry("user", names[order[k]], breakdown.measured(order[k])));
    } else {
      breakdown.merge_into(order[k], rest);
    }
  }
  rest.merge(breakdown.untracked());
  json rest_json = label_entry("user", "(rest)", rest);
  rest_json["users"] = breakdown.distinct() - top.size();
  // Past UserBreakdown::kUserLimit distinct users, the further ones are not counted one by one.
  if (breakdown.untracked_users() > 0) rest_json["untracked_users"] = breakdown.untracked_users();
  return {{"distinct", breakdown.distinct()},
          {"percentile_error", CompactHistogram::kMaxRelativeError},
          {"top", std::move(top)},
          {"rest", std::move(rest_json)}};
}

// 40 equal buckets from 0 to the p98 latency, and the tail above it. Counts come from the log-linear
// histogram, so a bucket edge is placed within its 0.2%.
json latency_histogram(const Distribution& latency) {
  constexpr int kBuckets = 40;
  const double p98 = latency.histogram.quantile(0.98);
  const double width = std::max(1.0, std::ceil(p98 / kBuckets));  // µs
  json counts = json::array();
  std::uint64_t below = 0;
  for (int b = 1; b <= kBuckets; ++b) {
    const std::uint64_t upto = latency.histogram.count_at_or_below(static_cast<std::uint64_t>(width * b) - 1);
    counts.push_back(upto - below);
    below = upto;
  }
  return {{"bucket_ms", ms(width)},
          {"buckets", kBuckets},
          {"counts", std::move(counts)},
          {"tail", {{"from_ms", ms(width * kBuckets)}, {"queries", latency.histogram.count() - below}}}};
}

// The latency CDF for plotting: quantiles on a fine grid, each computed as the report's percentiles are
// (so the point at 0.95 is the report's p95).
json latency_cdf(const Distribution& latency) {
  json qs = json::array(), values = json::array();
  const auto point = [&](double q) {
    qs.push_back(q);
    values.push_back(ms(latency.histogram.quantile(q)));
  };
  for (const double q : {0.001, 0.005}) point(q);
  for (int i = 1; i <= 99; ++i) point(i / 100.0);
  for (const double q : {0.995, 0.999}) point(q);
  qs.push_back(1.0);  // the exact maximum, as the report's max
  values.push_back(ms(static_cast<double>(latency.histogram.max())));
  return {{"quantiles", std::move(qs)}, {"latency_ms", std::move(values)}};
}

// Per endpoint over time (sim/run/timeline.h): means per bin, in the report's units.
json timeline_report(const ReplicationResult& r, const Scenario& scenario) {
  const Timeline& t = r.recorder->timeline();
  const BinnedSeries& s = t.series();
  const std::size_t bins = t.bins();
  // A level's mean over the part of each bin the run covered (the first and last bins are partial).
  std::vector<double> covered = s.overlap(t.start(), t.end(), bins);
  for (double& c : covered) c = std::max(c, 1.0);
  json endpoints = json::array();
  for (std::size_t i = 0; i < scenario.endpoints.size(); ++i) {
    const auto ch = [&](Timeline::Channel c) { return s.values(Timeline::channel(i, c), bins); };
    const auto mean_level = [&](Timeline::Channel c) {
      json out = json::array();
      const std::vector<double> v = ch(c);
      for (std::size_t b = 0; b < bins; ++b) out.push_back(std::round(v[b] / covered[b] * 1000.0) / 1000.0);
      return out;
    };
    const std::vector<double> completions = ch(Timeline::kCompletions), wait = ch(Timeline::kQueueWait);
    json wait_ms = json::array();
    for (std::size_t b = 0; b < bins; ++b)
      wait_ms.push_back(completions[b] > 0 ? ms(wait[b] / completions[b]) : 0.0);
    json e = {{"name", scenario.endpoints[i].name},
              {"arrivals", ch(Timeline::kArrivals)},
              {"completions", completions},
              {"queue_wait_ms", std::move(wait_ms)},
              {"running", mean_level(Timeline::kRunning)},
              {"queued", mean_level(Timeline::kQueued)}};
    if (scenario.endpoints[i].kind == EndpointKind::kServerless) e["rpu"] = mean_level(Timeline::kRpu);
    if (!r.meters.empty() && r.meters[i].scaling_activations > 0)
      e["clusters"] = mean_level(Timeline::kClusters);
    endpoints.push_back(std::move(e));
  }
  return {{"first_minute", format_timestamp(s.origin())},
          {"bin_minutes", s.width() / 60'000'000},
          {"bins", bins},
          {"endpoints", std::move(endpoints)}};
}

// The bill accumulating over the run, per timeline bin (at each bin's end): each item spread over time in
// proportion to what it meters (a serverless workgroup's capacity while busy, concurrency-scaling clusters),
// and evenly over the run otherwise (nodes, balancer hours, storage). The last point is the total.
json accumulated_cost(const Bill& bill, const ReplicationResult& r, const Scenario& scenario) {
  const Timeline& t = r.recorder->timeline();
  const BinnedSeries& s = t.series();
  const std::size_t bins = t.bins();
  const std::vector<double> even = s.overlap(r.first_arrival, r.end, bins);
  std::vector<double> per_bin(bins, 0.0);
  for (const CostItem& item : bill.items) {
    std::vector<double> w = even;
    for (std::size_t i = 0; i < scenario.endpoints.size(); ++i) {
      if (scenario.endpoints[i].name != item.component) continue;
      if (item.meter == "rpu_hours") w = s.values(Timeline::channel(i, Timeline::kBusyRpu), bins);
      if (item.meter == "concurrency_scaling_seconds")
        w = s.values(Timeline::channel(i, Timeline::kClusters), bins);
    }
    double total = 0;
    for (const double x : w) total += x;
    if (total <= 0) {
      w = even;
      total = 0;
      for (const double x : w) total += x;
    }
    if (total <= 0) continue;
    for (std::size_t b = 0; b < bins; ++b) per_bin[b] += item.usd * w[b] / total;
  }
  json out = json::array();
  double sum = 0;
  for (const double x : per_bin) out.push_back(round6(sum += x));
  return out;
}

json longest_queries(const ReplicationResult& r, const Scenario& scenario) {
  json out = json::array();
  const std::vector<LongQuery> longest = r.recorder->longest();
  for (std::size_t i = 0; i < longest.size(); ++i) {
    const LongQuery& q = longest[i];
    out.push_back({{"query_id", q.id},
                   {"arrival", format_timestamp(q.arrival)},
                   {"user", r.longest_names[i].user},
                   {"query_group", r.longest_names[i].query_group},
                   {"domain", r.longest_names[i].domain},
                   {"query_type", std::string(query_type_name(q.type))},
                   {"endpoint", scenario.endpoints[q.endpoint].name},
                   {"latency_ms", ms(static_cast<double>(q.latency))},
                   {"queue_ms", ms(static_cast<double>(q.queue))},
                   {"exec_ms", ms(static_cast<double>(q.latency - q.queue))}});
  }
  return out;
}

// The key naming an entry of a labelled list (users, domains, query groups, query types), or null.
const char* label_key(const json& entry) {
  if (!entry.is_object() || entry.contains("query_id")) return nullptr;  // a particular query, not a label
  for (const char* key : {"user", "domain", "query_group", "query_type"}) {
    if (entry.contains(key) && entry[key].is_string()) return key;
  }
  return nullptr;
}

bool is_distribution(const json& j) { return j.is_object() && j.contains("p50") && j.contains("mean"); }

}  // namespace

json replication_metrics(const ReplicationResult& r, const Scenario& scenario) {
  json endpoints = json::array();
  const SimTime end = r.end;
  for (std::size_t i = 0; i < scenario.endpoints.size(); ++i) {
    const auto& cfg = scenario.endpoints[i];
    const EndpointRecord& rec = r.recorder->endpoint(i);
    const bool provisioned = cfg.kind == EndpointKind::kProvisioned;
    json e = {{"name", cfg.name}, {"kind", enum_name(kEndpointKindNames, cfg.kind)}};
    const std::uint32_t slots = cfg.total_slots();
    e["capacity"] = {{"rpu", round6(cfg.capacity_rpu)},
                     {"slots", slots == 0 ? json("unlimited") : json(slots)},
                     {"memory_mb", round6(cfg.total_memory_mb())}};
    if (provisioned) {
      e["capacity"]["node_type"] = cfg.node_type;
      e["capacity"]["nodes"] = cfg.nodes;
    }
    if (const auto& w = r.meters[i].workgroup) {
      // Capacity over time: the base, the cap, the time-weighted mean and peak, and seconds at each capacity.
      json at = json::array();
      for (const auto& [rpu, seconds] : w->seconds_at_rpu)
        at.push_back({{"rpu", round6(rpu)}, {"seconds", round6(seconds)}});
      e["capacity"]["base_rpu"] = round6(cfg.serverless.base_rpu);
      e["capacity"]["max_rpu"] = round6(cfg.serverless.max_rpu);
      e["capacity"]["mean_rpu"] = round6(w->mean_rpu);
      e["capacity"]["peak_rpu"] = round6(w->peak_rpu);
      e["capacity"]["scale_ups"] = w->scale_ups;
      e["capacity"]["scale_downs"] = w->scale_downs;
      e["capacity"]["seconds_at_rpu"] = std::move(at);
      e["rpu_seconds"] = round6(w->usage.rpu_seconds);
      e["charged_rpu_seconds"] = round6(w->usage.charged_rpu_seconds);
      e["billing"] = {{"mode", enum_name(kServerlessBillingNames, cfg.serverless.billing)},
                      {"active_s", round6(w->usage.active_s)},
                      {"activations", w->usage.activations}};
    }
    e.update(counts(rec));
    const double mean_running = rec.running.mean(end);
    // Slot occupancy for a slotted endpoint; for an unlimited one, the fraction of time anything runs.
    e["utilization"] = round6(slots ? mean_running / slots : rec.busy.mean(end));
    e["busy_fraction"] = round6(rec.busy.mean(end));
    e["mean_running"] = round6(mean_running);
    e["mean_queued"] = round6(rec.queued.mean(end));
    e["peak_running"] = rec.running.peak();
    e["peak_queued"] = rec.queued.peak();
    if (provisioned) {
      e["wlm_mode"] = cfg.wlm.mode == WlmMode::kManual ? "manual" : "auto";
      if (!cfg.pause.empty()) {
        e["paused"] = {{"pauses", r.meters[i].pauses},
                       {"paused_s", round6(r.meters[i].paused_s)},
                       {"billed_s", round6(r.meters[i].running_s)}};
      }
      const EndpointMeters& m = r.meters[i];
      if (m.scaling_activations > 0 || std::any_of(cfg.wlm.queues.begin(), cfg.wlm.queues.end(),
                                                   [](const auto& q) { return q.concurrency_scaling; })) {
        e["concurrency_scaling"] = {
            {"max_clusters", cfg.scaling.max_clusters},   {"peak_clusters", m.scaling_peak_clusters},
            {"activations", m.scaling_activations},       {"busy_s", round6(m.scaling_busy_s)},
            {"billable_s", round6(m.scaling_billable_s)}, {"credit_used_s", round6(m.scaling_credit_used_s)},
            {"charged_s", round6(m.scaling_charged_s)}};
      }
      json queues = json::array();
      json rules = json::array();
      std::size_t rule = 0;
      for (std::size_t k = 0; k < cfg.wlm.queues.size(); ++k) {
        const WlmQueueConfig& qc = cfg.wlm.queues[k];
        json qj = {{"name", qc.name}};
        if (cfg.wlm.mode == WlmMode::kManual) {
          qj["slots"] = qc.slots;
          qj["memory_percent"] = round6(qc.memory_percent);
          qj["slot_memory_mb"] = round6(qc.memory_mb / qc.slots);
          qj["timeout_ms"] = round6(qc.timeout_ms);
        } else {
          qj["slots"] = "auto";
          qj["priority"] = std::string(priority_name(qc.priority));
        }
        qj.update(counts(rec.queues[k]));
        queues.push_back(std::move(qj));
        for (const QmrRule& qr : qc.rules) {
          rules.push_back({{"rule", qr.name},
                           {"queue", qc.name},
                           {"action", std::string(qmr_action_name(qr.action))},
                           {"fired", rec.rule_fired[rule++]}});
        }
      }
      if (cfg.sqa.enabled) {
        json lane = {
            {"name", "sqa"},
            {"slots", cfg.sqa.slots},
            {"max_runtime_s", cfg.sqa.max_runtime_s > 0 ? json(cfg.sqa.max_runtime_s) : json("dynamic")},
            {"final_max_runtime_s", round6(r.meters[i].sqa_max_runtime_s)}};
        lane.update(counts(rec.queues[cfg.wlm.queues.size()]));
        e["short_query_acceleration"] = std::move(lane);
      }
      e["queues"] = std::move(queues);
      e["rules"] = std::move(rules);
    }
    endpoints.push_back(std::move(e));
  }
  json out = {{"overall", counts(r.recorder->overall())}, {"endpoints", endpoints}};
  // Observed work is scaled from the capacity it was captured on; without one (no observed_capacity and no
  // work.default_observed_capacity) a query's exec_ms is replayed as measured (warnings.h, unscaled_work).
  const bool unscaled =
      scenario.work.source == WorkSource::kObserved && scenario.work.default_observed_capacity.empty();
  out["work"] = {{"source", enum_name(kWorkSourceNames, scenario.work.source)},
                 {"unscaled_queries", unscaled ? r.without_observed_capacity : 0}};
  // By business domain and by query group, in name order (a trace without them has one, named "").
  out["domains"] = labelled(r.recorder->domains(), r.domain_names, "domain");
  out["query_groups"] = labelled(r.recorder->query_groups(), r.query_group_names, "query_group");
  json types = json::array();
  for (int t = 0; t < kQueryTypeCount; ++t) {
    const LabelRecord& rec = r.recorder->query_types()[static_cast<std::size_t>(t)];
    if (rec.queries() > 0)
      types.push_back(
          label_entry("query_type", std::string(query_type_name(static_cast<QueryType>(t))), rec));
  }
  out["query_types"] = std::move(types);
  out["users"] = users_report(r.recorder->users(), r.user_names);
  out["latency_histogram"] = latency_histogram(r.recorder->overall().latency);
  out["latency_cdf"] = latency_cdf(r.recorder->overall().latency);
  out["timeline"] = timeline_report(r, scenario);
  out["longest_queries"] = longest_queries(r, scenario);
  const BinnedSeries& throughput = r.recorder->throughput();
  const auto counts_of = [&](std::size_t series) {
    json counts = json::array();
    for (const double n : throughput.values(series, throughput.size(series)))
      counts.push_back(static_cast<std::uint64_t>(n));
    return counts;
  };
  out["throughput_per_minute"] = {{"from", format_timestamp(r.recorder->start())},
                                  {"first_minute", format_timestamp(r.recorder->first_minute())},
                                  {"bin_minutes", throughput.width() / 60'000'000},
                                  {"arrivals", counts_of(Recorder::kArrivals)},
                                  {"completions", counts_of(Recorder::kCompletions)}};
  if (!scenario.balancers.empty()) {
    json balancers = json::array();
    for (std::size_t b = 0; b < scenario.balancers.size(); ++b) {
      const LoadBalancerConfig& cfg = scenario.balancers[b];
      const BalancerMeters& m = r.balancers[b];
      json targets = json::array();
      double total = 0, most = 0;
      for (std::size_t t = 0; t < cfg.targets.size(); ++t) {
        const auto& tm = m.targets[t];
        targets.push_back({{"endpoint", scenario.endpoints[cfg.targets[t]].name},
                           {"connections", tm.connections},
                           {"queries", tm.queries},
                           {"failed", tm.failed},
                           {"refused_connections", tm.refused_connections}});
        total += static_cast<double>(tm.queries);
        most = std::max(most, static_cast<double>(tm.queries));
      }
      json health = json::array();
      for (const HealthEvent& h : m.health) {
        health.push_back({{"endpoint", scenario.endpoints[cfg.targets[h.target]].name},
                          {"at", format_timestamp(h.at)},
                          {"state", h.healthy ? "healthy" : "unhealthy"},
                          {"connections_reset", h.connections_reset}});
      }
      json failures = json::array();
      for (const TargetFailure& f : cfg.failures) {
        failures.push_back({{"endpoint", scenario.endpoints[cfg.targets[f.target]].name},
                            {"from", format_timestamp(f.from)},
                            {"to", format_timestamp(f.to)}});
      }
      const double mean = total / static_cast<double>(cfg.targets.size());
      balancers.push_back(
          {{"name", cfg.name},
           {"policy", enum_name(kBalancePolicyNames, cfg.policy)},
           {"placement", is_query_level(cfg.policy) ? "per query (query-aware proxy)" : "per connection"},
           {"targets", std::move(targets)},
           {"imbalance", round6(mean > 0 ? most / mean : 0.0)},
           {"new_connections", m.new_connections},
           {"idle_resets", m.idle_resets},
           {"health_resets", m.health_resets},
           {"reconnects", m.reconnects},
           {"fail_open_queries", m.fail_open_queries},
           {"keepalives", m.keepalives},
           {"failures", std::move(failures)},
           {"health_events", std::move(health)}});
    }
    out["load_balancers"] = std::move(balancers);
  }
  if (!scenario.alarms.empty()) {
    json alarms = json::array();
    for (const AlarmFiring& f : r.alarms) {
      const auto& rule = *std::find_if(scenario.alarms.begin(), scenario.alarms.end(),
                                       [&](const AlarmRule& a) { return a.name == f.alarm; });
      alarms.push_back(
          {{"alarm", f.alarm},
           {"endpoint", f.endpoint},
           {"metric", std::string(alarm_metric_name(rule.metric))},
           {"condition", fmt::format("{} {} {} {} for {} x {} s", alarm_statistic_name(rule.statistic),
                                     alarm_metric_name(rule.metric), alarm_comparison_name(rule.comparison),
                                     rule.threshold, rule.evaluation_periods, rule.period_s)},
           {"breach_from", format_timestamp(f.breach_from)},
           {"alarm_at", format_timestamp(f.alarm_at)},
           {"to", format_timestamp(f.to)},
           {"periods", f.periods},
           {"peak", round6(f.peak)}});
    }
    out["alarms"] = std::move(alarms);
  }
  if (const auto& pool = scenario.connection_pool) {
    out["connection_pool"] = {{"clients", pool->clients},
                              {"pool_size", pool->pool_size},
                              {"keepalive_s", round6(pool->keepalive_s)},
                              {"keepalives", r.keepalives}};
  }
  if (scenario.data_sharing && r.sharing) {
    const DataSharingConfig& ds = *scenario.data_sharing;
    json consumers = json::array();
    for (std::size_t c = 0; c < ds.consumers.size(); ++c) {
      const ComputeEndpointConfig& e = scenario.endpoints[ds.consumers[c]];
      consumers.push_back({{"endpoint", e.name},
                           {"region", e.region},
                           {"cross_region_queries", r.sharing->cross_region_queries[c]},
                           {"cross_region_gb", round6(r.sharing->cross_region_mb[c] / 1024.0)}});
    }
    out["data_sharing"] = {{"producer", scenario.endpoints[ds.producer].name},
                           {"region", scenario.endpoints[ds.producer].region},
                           {"visibility_delay_s", round6(ds.visibility_delay_s)},
                           {"writes_shared", r.sharing->writes_shared},
                           {"consumers", std::move(consumers)}};
  }
  if (scenario.dual_write && r.dual_write)
    out["dual_write"] = dual_write_report(*scenario.dual_write, *r.dual_write, scenario);
  Bill bill;
  const double span_s = static_cast<double>(r.end - r.first_arrival) / 1e6;
  for (std::size_t i = 0; i < scenario.endpoints.size(); ++i) {
    if (scenario.endpoints[i].kind == EndpointKind::kServerless) {
      add_serverless_items(bill, scenario.endpoints[i], r.meters[i], RateCard::builtin(),
                           scenario.endpoints[i].region);
    }
    if (scenario.endpoints[i].kind != EndpointKind::kProvisioned) continue;
    add_provisioned_items(bill, scenario.endpoints[i], r.meters[i], NodeCatalog::builtin(),
                          RateCard::builtin(), scenario.endpoints[i].region, span_s);
  }
  for (std::size_t b = 0; b < scenario.balancers.size(); ++b) {
    add_balancer_items(bill, scenario.balancers[b], r.balancers[b], RateCard::builtin(), scenario.region);
  }
  if (scenario.data_sharing && r.sharing) {
    add_sharing_items(bill, scenario.endpoints, *scenario.data_sharing, *r.sharing, RateCard::builtin());
  }
  if (!bill.items.empty()) {
    json items = json::array();
    for (const CostItem& c : bill.items) {
      items.push_back({{"component", c.component},
                       {"meter", c.meter},
                       {"quantity", round6(c.quantity)},
                       {"unit", c.unit},
                       {"rate_usd", round6(c.rate_usd)},
                       {"usd", round6(c.usd)},
                       {"source", c.source}});
    }
    const double total = bill.total_usd();
    out["cost"] = {{"region", scenario.region},
                   {"rate_card",
                    {{"node_prices", "models/catalog/node_catalog.json"},
                     {"other_rates", "models/cost/rate_card.json"},
                     {"as_of", RateCard::builtin().as_of()}}},
                   {"span_s", round6(span_s)},
                   {"total_usd", round6(total)},
                   {"per_day_usd", round6(span_s > 0 ? total * 86400.0 / span_s : 0.0)},
                   {"items", std::move(items)}};
    out["timeline"]["cost_usd"] = accumulated_cost(bill, r, scenario);
  }
  return out;
}

json combine_replications(const std::vector<json>& reps) {
  if (reps.size() == 1) return reps.front();
  // Walks the first replication's tree; every number becomes the mean over replications at the same path
  // (rounded to 6 decimals, except rates: one failure in millions must not average to none).
  std::function<json(const std::vector<const json*>&, bool)> walk = [&](const std::vector<const json*>& at,
                                                                        bool exact) -> json {
    const json& first = *at.front();
    if (first.is_number()) {
      double sum = 0;
      for (const json* j : at) sum += j->get<double>();
      const double mean = sum / static_cast<double>(at.size());
      return json(exact ? mean : round6(mean));
    }
    if (first.is_array() && !first.empty() && label_key(first.front())) {
      // Labelled entries (users, domains, groups) are matched by label: their order follows counts that may
      // differ between replications. An entry some replication lacks is reported for the first one.
      const char* key = label_key(first.front());
      json out = json::array();
      for (const json& e : first) {
        std::vector<const json*> next;
        for (const json* j : at) {
          for (const json& candidate : *j) {
            if (candidate.is_object() && candidate.contains(key) && candidate[key] == e[key]) {
              next.push_back(&candidate);
              break;
            }
          }
        }
        out.push_back(next.size() == at.size() ? walk(next, false) : e);
      }
      return out;
    }
    if (first.is_array()) {
      // Lists whose length varies between replications (alarm firings) are reported for the first one.
      for (const json* j : at) {
        if (j->size() != first.size()) return first;
      }
      json out = json::array();
      for (std::size_t i = 0; i < first.size(); ++i) {
        std::vector<const json*> next;
        for (const json* j : at) next.push_back(&(*j)[i]);
        out.push_back(walk(next, false));
      }
      return out;
    }
    if (first.is_object()) {
      json out = json::object();
      for (const auto& [key, value] : first.items()) {
        if (key == "ci95") continue;
        std::vector<const json*> next;
        for (const json* j : at) next.push_back(&(*j)[key]);
        out[key] = walk(next, key == "failure_rate");
      }
      if (is_distribution(first)) {
        json ci = json::object();
        for (const auto& [key, value] : first.items()) {
          if (!value.is_number()) continue;
          std::vector<double> xs;
          for (const json* j : at) xs.push_back((*j)[key].get<double>());
          ci[key] = round6(t_half_width(xs, 0.95));
        }
        out["ci95"] = ci;
      }
      return out;
    }
    return first;
  };
  std::vector<const json*> all;
  for (const auto& r : reps) all.push_back(&r);
  return walk(all, false);
}

std::string summary_table(const json& report) {
  std::string out;
  const auto& t = report["trace"];
  out += fmt::format("scenario {}  |  {} queries over {:.2f} h  |  seed {}  |  {} replication{}\n",
                     report["scenario"]["name"].get<std::string>(), t["queries"].get<std::uint64_t>(),
                     t["span_s"].get<double>() / 3600.0, report["seed"].get<std::uint64_t>(),
                     report["replications"].get<int>(), report["replications"].get<int>() == 1 ? "" : "s");
  out += fmt::format("{:<20} {:>10} {:>11} {:>11} {:>11} {:>11} {:>12} {:>6} {:>8}\n", "endpoint", "queries",
                     "p50 ms", "p95 ms", "p99 ms", "max ms", "mean queue", "util", "spilled");
  auto row = [&](const std::string& name, const json& e) {
    const auto& l = e["latency_ms"];
    out +=
        fmt::format("{:<20} {:>10} {:>11.1f} {:>11.1f} {:>11.1f} {:>11.1f} {:>9.1f} ms {:>6} {:>8}\n", name,
                    e["queries"].get<double>(), l["p50"].get<double>(), l["p95"].get<double>(),
                    l["p99"].get<double>(), l["max"].get<double>(), e["queue_ms"]["mean"].get<double>(),
                    e.contains("utilization") ? fmt::format("{:.0f}%", 100 * e["utilization"].get<double>())
                                              : std::string("-"),
                    e["spilled"].get<double>());
  };
  for (const auto& e : report["endpoints"]) row(e["name"].get<std::string>(), e);
  row("overall", report["overall"]);
  if (report.contains("cost")) {
    const auto& c = report["cost"];
    out += fmt::format("cost {}: ${:.2f} over the run, ${:.2f} per day ({} items in report.json)\n",
                       c["region"].get<std::string>(), c["total_usd"].get<double>(),
                       c["per_day_usd"].get<double>(), c["items"].size());
  }
  if (report.contains("alarms")) {
    std::map<std::string, int> fired;
    for (const auto& a : report["alarms"]) ++fired[a["alarm"].get<std::string>()];
    std::string list;
    for (const auto& [name, n] : fired) list += fmt::format("{}{} x{}", list.empty() ? "" : ", ", name, n);
    out += fmt::format("alarms: {}\n", list.empty() ? "none fired" : list);
  }
  if (report.contains("dual_write")) {
    const auto& d = report["dual_write"];
    out += fmt::format(
        "dual write {}: {} messages, {} acknowledged (p99 {:.1f} ms), primary success {:.4f}, secondary "
        "success {:.4f}, {} missing on the secondary, {} redelivered, {} dead-lettered, backlog peak {}\n",
        d["name"].get<std::string>(), d["messages"].get<std::uint64_t>(),
        d["acknowledged"].get<std::uint64_t>(), d["ack_latency_ms"]["p99"].get<double>(),
        d["primary"]["success_rate"].get<double>(), d["secondary"]["success_rate"].get<double>(),
        d["missing_on_secondary"].get<std::uint64_t>(), d["redelivered"].get<std::uint64_t>(),
        d["dead_lettered"].get<std::uint64_t>(), d["backlog"]["peak"].get<std::uint64_t>());
  }
  if (report.contains("warnings")) out += warnings_text(report["warnings"]);
  const auto& run = report["run"];
  out += fmt::format("{} events in {:.3f} s ({:.2f} M events/s), peak memory {:.1f} MiB\n",
                     run["events"].get<std::uint64_t>(), run["wall_s"].get<double>(),
                     run["events_per_s"].get<double>() / 1e6, run["peak_rss_mb"].get<double>());
  return out;
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

}  // namespace rsim
