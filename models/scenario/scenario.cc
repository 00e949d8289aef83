#include "models/scenario/scenario.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "models/scenario/assumptions.h"
#include "models/scenario/balancer_parser.h"
#include "models/scenario/dual_write_parser.h"
#include "models/scenario/endpoint_parser.h"
#include "sim/io/input_error.h"
#include "sim/io/json_input.h"
#include "sim/io/json_overrides.h"

namespace rsim {

namespace {

std::vector<std::string> strings(const JsonValue& v) {
  if (v.is_string()) return {v.string()};
  std::vector<std::string> out;
  for (const auto& e : v.array()) out.push_back(e.string());
  if (out.empty()) v.fail("expected a non-empty list of names");
  return out;
}

// "work": {"source": "predicted", "predicted": {"scan_mb_per_s_per_rpu": R, "scan_mb_per_s_per_rpu_by_type":
// {TYPE: R}, "overhead_ms": {TYPE: ms}}}.
void parse_predicted_work(JsonObject& work, const NodeCatalog& catalog, Scenario& s) {
  const auto p = work.get("predicted");
  std::optional<JsonObject> predicted;
  if (p) predicted = p->object();
  if (predicted && predicted->has("scan_mb_per_s_per_rpu")) {
    s.work.scan_mb_per_s_per_rpu = predicted->number("scan_mb_per_s_per_rpu", std::nullopt, 1e-9, 1e12);
  } else {
    s.defaulted.push_back(fmt::format("$.work.predicted.scan_mb_per_s_per_rpu = {} (node catalog)",
                                      catalog.scan_mb_per_s_per_rpu()));
  }
  if (predicted) {
    s.work.noise_log_sd = predicted->number("noise_log_sd", 0.0, 0.0, 10.0);
    if (auto by = predicted->get("scan_mb_per_s_per_rpu_by_type")) {
      JsonObject types = by->object();
      for (int t = 0; t < kQueryTypeCount; ++t) {
        const auto type = std::string(query_type_name(static_cast<QueryType>(t)));
        if (types.has(type))
          s.work.scan_mb_per_s_per_rpu_by_type[t] = types.number(type, std::nullopt, 1e-9, 1e12);
      }
      types.finish();
    }
  }
  std::optional<JsonObject> overhead;
  if (predicted) {
    if (auto o = predicted->get("overhead_ms")) overhead = o->object();
  }
  for (int t = 0; t < kQueryTypeCount; ++t) {
    const auto type = std::string(query_type_name(static_cast<QueryType>(t)));
    if (overhead && overhead->has(type)) {
      s.work.overhead_ms[t] = overhead->number(type, std::nullopt, 0.0, 1e9);
    } else {
      s.defaulted.push_back(fmt::format("$.work.predicted.overhead_ms.{} = {}", type, kDefaultOverheadMs[t]));
    }
  }
  if (overhead) overhead->finish();
  if (predicted) predicted->finish();
}

}  // namespace

Scenario parse_scenario(std::string_view json, const std::string& name, const NodeCatalog& catalog,
                        const RateCard& rates) {
  const JsonDocument doc = JsonDocument::parse(json, name);
  JsonObject root = doc.root().object();
  Scenario s;
  s.file = name;
  root.integer("schema_version", 1, 1, 1);
  s.name = root.string("name", std::nullopt);
  s.description = root.string("description", "");
  if (auto t = root.get("trace")) {
    std::filesystem::path p = t->string();
    s.trace = p.is_absolute() ? p : std::filesystem::path(name).parent_path() / p;
  }

  if (auto w = root.get("work")) {
    JsonObject work = w->object();
    note_default(s.defaulted, work, "serial_fraction", kDefaultSerialFraction);
    s.work.serial_fraction = work.number("serial_fraction", kDefaultSerialFraction, 0.0, 1.0);
    if (auto by = work.get("serial_fraction_by_type")) {
      JsonObject types = by->object();
      for (int t = 0; t < kQueryTypeCount; ++t) {
        const auto type_name = std::string(query_type_name(static_cast<QueryType>(t)));
        if (types.has(type_name))
          s.work.serial_fraction_by_type[t] = types.number(type_name, std::nullopt, 0.0, 1.0);
        else
          types.get(type_name);
      }
      types.finish();
    }
    if (auto d = work.get("default_observed_capacity")) {
      s.work.default_observed_capacity = d->string();
      std::string why;
      if (!catalog.capacity_of(s.work.default_observed_capacity, &why)) d->fail(why);
    }
    s.work.source = work.enum_choice<WorkSource>("source", "observed", kWorkSourceNames);
    if (s.work.source == WorkSource::kPredicted) parse_predicted_work(work, catalog, s);
    work.finish();
  } else {
    s.defaulted.push_back(fmt::format("$.work.serial_fraction = {}", kDefaultSerialFraction));
  }

  if (auto c = root.get("cost")) {
    JsonObject cost = c->object();
    const JsonValue region = cost.require("region");
    s.region = region.string();
    if (!rates.has_region(s.region)) {
      region.fail(
          fmt::format("no rates for region \"{}\" (the rate card has {})", s.region, rates.regions()));
    }
    cost.finish();
  }

  std::set<std::string> names;
  const JsonValue endpoints = root.require("endpoints");
  for (const auto& v : endpoints.array()) {
    JsonObject e = v.object();
    ComputeEndpointConfig c = parse_endpoint(e, catalog, s.region, s.defaulted);
    c.serverless.serial_fraction = s.work.serial_fraction;
    if (!names.insert(c.name).second) v.fail(fmt::format("endpoint name \"{}\" is used twice", c.name));
    if (!rates.has_region(c.region)) {
      v.fail(fmt::format("region \"{}\": the rate card has no rates for it (it has {})", c.region,
                         rates.regions()));
    }
    if (c.kind == EndpointKind::kProvisioned && !catalog.find(c.node_type)->prices.contains(c.region)) {
      v.fail(fmt::format("the node catalog has no {} price for {}", c.region, c.node_type));
    }
    s.endpoints.push_back(std::move(c));
  }
  if (s.endpoints.empty()) endpoints.fail("a scenario needs at least one endpoint");

  auto endpoint_index = [&](const JsonValue& v) -> std::uint32_t {
    const std::string n = v.string();
    for (std::size_t i = 0; i < s.endpoints.size(); ++i) {
      if (s.endpoints[i].name == n) return static_cast<std::uint32_t>(i);
    }
    v.fail(fmt::format("no endpoint is named \"{}\"", n));
  };
  if (auto b = root.get("load_balancers")) {
    for (const auto& bv : b->array()) {
      JsonObject o = bv.object();
      if (s.balancers.size() == 254) bv.fail("at most 254 load balancers");
      LoadBalancerConfig lb = parse_balancer(o, endpoint_index, s.defaulted);
      if (!names.insert(lb.name).second)
        bv.fail(fmt::format("name \"{}\" is already used by an endpoint or balancer", lb.name));
      s.balancers.push_back(std::move(lb));
    }
  }
  if (auto d = root.get("dual_write")) {
    JsonObject o = d->object();
    s.dual_write = parse_dual_write(o, endpoint_index, s.defaulted);
  }
  if (auto d = root.get("data_sharing")) {
    JsonObject o = d->object();
    DataSharingConfig ds;
    ds.producer = endpoint_index(o.require("producer"));
    if (auto cv = o.get("consumers")) {
      for (const auto& consumer : cv->array()) {
        const std::uint32_t e = endpoint_index(consumer);
        if (e == ds.producer) consumer.fail("the producer cannot be its own consumer");
        if (std::find(ds.consumers.begin(), ds.consumers.end(), e) != ds.consumers.end())
          consumer.fail(fmt::format("consumer \"{}\" is listed twice", consumer.string()));
        ds.consumers.push_back(e);
      }
      if (ds.consumers.empty()) cv->fail("list at least one consumer, or leave \"consumers\" out for all");
    } else {
      for (std::uint32_t e = 0; e < s.endpoints.size(); ++e) {
        if (e != ds.producer) ds.consumers.push_back(e);
      }
    }
    note_default(s.defaulted, o, "visibility_delay_s", 0);
    ds.visibility_delay_s = o.number("visibility_delay_s", 0.0, 0.0, 86400.0);
    o.finish();
    s.data_sharing = std::move(ds);
  }
  const bool priced =
      !s.balancers.empty() || std::any_of(s.endpoints.begin(), s.endpoints.end(),
                                          [](const auto& e) { return e.kind != EndpointKind::kCompute; });
  if (priced && !root.has("cost")) s.defaulted.push_back("$.cost.region = us-east-1");
  // A routing target: an endpoint, or a load balancer (numbered after the endpoints).
  auto target_index = [&](const JsonValue& v) -> std::uint32_t {
    const std::string n = v.string();
    for (std::size_t i = 0; i < s.balancers.size(); ++i) {
      if (s.balancers[i].name == n) return static_cast<std::uint32_t>(s.endpoints.size() + i);
    }
    for (std::size_t i = 0; i < s.endpoints.size(); ++i) {
      if (s.endpoints[i].name == n) return static_cast<std::uint32_t>(i);
    }
    v.fail(fmt::format("no endpoint or load balancer is named \"{}\"", n));
  };
  if (auto r = root.get("routing")) {
    const auto rules = r->array();
    for (std::size_t i = 0; i < rules.size(); ++i) {
      JsonObject rule = rules[i].object();
      RouteRule rr;
      if (auto m = rule.get("match")) {
        JsonObject match = m->object();
        if (auto v = match.get("domain")) rr.match.domain = strings(*v);
        if (auto v = match.get("user")) rr.match.user = strings(*v);
        if (auto v = match.get("query_group")) rr.match.query_group = strings(*v);
        if (auto v = match.get("database")) rr.match.database = strings(*v);
        if (auto v = match.get("query_type")) {
          for (const auto& tname : strings(*v)) {
            QueryType t;
            if (!parse_query_type(tname, t)) {
              v->fail(fmt::format(
                  "unknown query type \"{}\": expected select, insert, update, delete, copy, unload, "
                  "ctas, ddl or other",
                  tname));
            }
            rr.match.query_type.push_back(t);
          }
        }
        match.finish();
        if (rr.match.any()) m->fail("an empty match: leave \"match\" out for the default rule");
      }
      rr.target = target_index(rule.require("to"));
      rule.finish();
      if (rr.match.any() && i + 1 != rules.size()) {
        rules[i].fail("a rule without \"match\" takes every query, so it must be the last rule");
      }
      s.routing.push_back(std::move(rr));
    }
    if (s.routing.empty() || !s.routing.back().match.any()) {
      r->fail(
          "the last routing rule must have no \"match\": it is the default for queries no other rule takes");
    }
  } else {
    if (s.endpoints.size() > 1) {
      root.value().fail("several endpoints need \"routing\" rules to say which queries go where");
    }
    s.routing.push_back(RouteRule{{}, 0});
  }
  if (auto cp = root.get("connection_pool")) {
    JsonObject o = cp->object();
    ConnectionPoolConfig pool;
    pool.clients = static_cast<std::uint32_t>(o.integer("clients", std::nullopt, 1, 10'000));
    pool.pool_size = static_cast<std::uint32_t>(o.integer("pool_size", std::nullopt, 1, 10'000));
    pool.keepalive_s = o.number("keepalive_s", 0.0, 0.0, 86400.0);
    pool.target = target_index(o.require("to"));
    o.finish();
    s.connection_pool = pool;
  }
  if (auto a = root.get("alarms")) {
    for (const auto& av : a->array()) {
      JsonObject o = av.object();
      AlarmRule rule;
      rule.name = o.string("name", std::nullopt);
      for (const AlarmRule& other : s.alarms) {
        if (other.name == rule.name)
          o.require("name").fail(fmt::format("alarm name \"{}\" is used twice", rule.name));
      }
      if (auto e = o.get("endpoint")) {
        rule.endpoint = e->string();
        if (!names.contains(rule.endpoint))
          e->fail(fmt::format("no endpoint is named \"{}\"", rule.endpoint));
      }
      rule.metric = o.enum_choice<AlarmMetric>("metric", std::nullopt, kAlarmMetricNames);
      rule.statistic = o.enum_choice<AlarmStatistic>("statistic", "average", kAlarmStatisticNames);
      rule.comparison = o.enum_choice<AlarmComparison>("comparison", ">", kAlarmComparisonNames);
      rule.threshold = o.number("threshold", std::nullopt, -1e15, 1e15);
      rule.period_s = o.number("period_s", 60.0, 1.0, 86400.0);
      rule.evaluation_periods = static_cast<std::uint32_t>(o.integer("evaluation_periods", 1, 1, 10000));
      o.finish();
      s.alarms.push_back(std::move(rule));
    }
  }
  const bool counts_connections = std::any_of(s.alarms.begin(), s.alarms.end(), [](const AlarmRule& r) {
    return r.metric == AlarmMetric::kConnections;
  });
  if (counts_connections || !s.balancers.empty()) note_default(s.defaulted, root, "session_idle_s", 300);
  s.session_idle_s = root.number("session_idle_s", 300.0, 0.0, 86400.0);
  root.finish();
  return s;
}

Scenario load_scenario(const std::filesystem::path& file, const NodeCatalog& catalog, const RateCard& rates,
                       const std::vector<std::string>& overrides) {
  return parse_scenario(apply_json_overrides(read_text_file(file), file.string(), overrides), file.string(),
                        catalog, rates);
}

TraceColumnSet trace_columns_read(const Scenario& scenario) {
  bool database = false, tables = false;
  for (const RouteRule& r : scenario.routing) database |= !r.match.database.empty();
  for (const ComputeEndpointConfig& e : scenario.endpoints)
    tables |= e.result_cache == ResultCacheMode::kModel;
  TraceColumnSet columns = all_trace_columns();
  // The user, the domain and the query group are always read: the report breaks latency down by each.
  // Read by nothing in a run (kept in the trace for analysis and calibration).
  remove_column(columns, TraceColumn::kClient);
  remove_column(columns, TraceColumn::kObservedEndpoint);
  if (!database) remove_column(columns, TraceColumn::kDatabase);
  if (!tables) {
    remove_column(columns, TraceColumn::kReadTables);
    remove_column(columns, TraceColumn::kWriteTables);
  }
  return columns;
}

}  // namespace rsim
