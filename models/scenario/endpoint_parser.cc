#include "models/scenario/endpoint_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "models/scenario/assumptions.h"
#include "models/scenario/json_time.h"
#include "models/serverless/rpu_grid.h"
#include "models/wlm/qmr.h"

namespace rsim {

namespace {

// The keys every kind of endpoint shares: the concurrency curve, spill, compile and result caches.
void parse_common(JsonObject& e, ComputeEndpointConfig& c, bool memory_modelled,
                  std::vector<std::string>& defaulted) {
  note_default(defaulted, e, "concurrency_exponent", ConcurrencyCurve::kDefaultExponent);
  c.concurrency_exponent = e.number("concurrency_exponent", ConcurrencyCurve::kDefaultExponent, 0.0, 1.0);
  if (memory_modelled) note_default(defaulted, e, "spill_penalty", 1.0);
  c.spill_penalty = e.number("spill_penalty", 1.0, 0.0, 1000.0);
  static constexpr std::array<std::string_view, 3> kCompileModes = {"first_per_fingerprint", "always",
                                                                    "never"};
  c.compile = e.enum_choice<CompileMode>("compile", "first_per_fingerprint", kCompileModes);
  if (c.compile == CompileMode::kFirstPerFingerprint) {
    note_default(defaulted, e, "compile_cache_entries", CompileCache::kDefaultEntries);
  }
  c.compile_cache_entries = static_cast<std::uint32_t>(
      e.integer("compile_cache_entries", CompileCache::kDefaultEntries, 1, 100'000'000));
  c.result_cache_ms = e.number("result_cache_ms", 5.0, 0.0, 1e6);
  static constexpr std::array<std::string_view, 3> kResultCacheModes = {"trace", "model", "off"};
  c.result_cache = e.enum_choice<ResultCacheMode>(
      "result_cache", c.kind == EndpointKind::kProvisioned ? "model" : "trace", kResultCacheModes);
  if (c.result_cache == ResultCacheMode::kModel) {
    note_default(defaulted, e, "result_cache_entries", ResultCache::kDefaultEntries);
  }
  c.result_cache_entries = static_cast<std::uint32_t>(
      e.integer("result_cache_entries", ResultCache::kDefaultEntries, 1, 100'000'000));
}

std::vector<std::string> names(const JsonValue& v) {
  std::vector<std::string> out;
  for (const auto& e : v.array()) {
    out.push_back(e.string());
    if (out.back().empty()) e.fail("expected a non-empty name");
  }
  return out;
}

QmrRule parse_rule(const JsonValue& v) {
  JsonObject o = v.object();
  QmrRule r;
  r.name = o.string("name", std::nullopt);
  if (r.name.empty()) o.require("name").fail("a rule name must not be empty");
  const JsonValue preds = o.require("predicates");
  const auto list = preds.array();
  if (list.empty() || list.size() > kMaxQmrPredicates) {
    preds.fail(fmt::format("a rule has 1 to {} predicates; got {}", kMaxQmrPredicates, list.size()));
  }
  for (const auto& pv : list) {
    JsonObject p = pv.object();
    QmrPredicate pred;
    const JsonValue metric = p.require("metric");
    const auto m = parse_qmr_metric(metric.string());
    if (!m) {
      std::string known;
      for (int i = 0; i < kQmrMetricCount; ++i) {
        known += (i ? ", " : "") + std::string(qmr_metric_name(static_cast<QmrMetric>(i)));
      }
      metric.fail(fmt::format("unknown metric \"{}\": the model produces {}", metric.string(), known));
    }
    pred.metric = *m;
    const JsonValue op = p.require("op");
    const auto parsed_op = parse_qmr_op(op.string());
    if (!parsed_op)
      op.fail(fmt::format("unknown operator \"{}\": expected \">\", \"<\" or \"=\"", op.string()));
    pred.op = *parsed_op;
    pred.value = p.number("value", std::nullopt, 0.0, 1e15);
    p.finish();
    r.predicates.push_back(pred);
  }
  const JsonValue action = o.require("action");
  const auto a = parse_qmr_action(action.string());
  if (!a)
    action.fail(
        fmt::format("unknown action \"{}\": expected log, hop, abort or change_priority", action.string()));
  r.action = *a;
  if (r.action == QmrAction::kChangePriority) {
    r.priority = o.enum_choice<Priority>("priority", std::nullopt, kPriorityNames);
  }
  o.finish();
  return r;
}

// Short query acceleration: on by default in Redshift, with a dynamic maximum.
void parse_sqa(JsonObject& e, ComputeEndpointConfig& c, std::vector<std::string>& defaulted) {
  const auto v = e.get("sqa");
  if (!v) {
    c.sqa.enabled = true;
    defaulted.push_back(
        fmt::format("{}.sqa = on, dynamic maximum (5 s until the first hour of data), 6 slots, "
                    "prediction_sigma 0.5",
                    e.value().path()));
    return;
  }
  JsonObject o = v->object();
  c.sqa.enabled = o.boolean("enabled", true);
  if (auto m = o.get("max_runtime_s")) {
    if (m->is_string()) {
      if (m->string() != "dynamic") m->fail("expected a number of seconds from 1 to 20, or \"dynamic\"");
    } else {
      c.sqa.max_runtime_s = m->number();
      if (c.sqa.max_runtime_s < 1 || c.sqa.max_runtime_s > 20) {
        m->fail(fmt::format("{} s: a fixed SQA maximum is 1 to 20 s (or \"dynamic\")", c.sqa.max_runtime_s));
      }
    }
  }
  if (c.sqa.enabled) {
    note_default(defaulted, o, "slots", 6);
    note_default(defaulted, o, "prediction_sigma", 0.5);
    if (c.sqa.max_runtime_s == 0) note_default(defaulted, o, "dynamic_initial_s", 5);
  }
  c.sqa.slots = static_cast<std::uint32_t>(o.integer("slots", 6, 1, 50));
  c.sqa.prediction_sigma = o.number("prediction_sigma", 0.5, 0.0, 5.0);
  c.sqa.dynamic_initial_s = o.number("dynamic_initial_s", 5.0, 2.0, 20.0);
  o.finish();
}

int minute_of_day(const JsonValue& v) {
  const std::string t = v.string();
  int h = 0, m = 0;
  if (t.size() != 5 || t[2] != ':' || std::sscanf(t.c_str(), "%2d:%2d", &h, &m) != 2 || h < 0 || h > 23 ||
      m < 0 || m > 59) {
    v.fail(fmt::format("expected a UTC time of day \"HH:MM\", got \"{}\"", t));
  }
  return h * 60 + m;
}

// Pause and resume (models/catalog/facts.md 2.2): daily windows and absolute windows.
void parse_pause(JsonObject& e, ComputeEndpointConfig& c, std::vector<std::string>& defaulted) {
  const auto v = e.get("pause");
  if (!v) return;
  JsonObject o = v->object();
  std::vector<DailyPause> daily;
  std::vector<PauseWindow> windows;
  if (auto d = o.get("daily")) {
    for (const auto& wv : d->array()) {
      JsonObject w = wv.object();
      DailyPause p;
      p.from_minute = minute_of_day(w.require("from"));
      p.to_minute = minute_of_day(w.require("to"));
      if (p.from_minute == p.to_minute) w.require("to").fail("a pause window must not be empty");
      if (auto days = w.get("days")) {
        static const std::vector<std::string> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
        p.weekdays = 0;
        for (const auto& dv : days->array()) {
          const auto it = std::find(kDays.begin(), kDays.end(), dv.string());
          if (it == kDays.end()) dv.fail("expected a weekday: mon, tue, wed, thu, fri, sat or sun");
          p.weekdays |= static_cast<std::uint8_t>(1u << (it - kDays.begin()));
        }
        if (p.weekdays == 0) days->fail("expected at least one weekday");
      }
      w.finish();
      daily.push_back(p);
    }
  }
  if (auto a = o.get("windows")) {
    for (const auto& wv : a->array()) {
      JsonObject w = wv.object();
      PauseWindow p{json_instant(w.require("from")), json_instant(w.require("to"))};
      if (p.to <= p.from) w.require("to").fail("a pause window must end after it starts");
      w.finish();
      windows.push_back(p);
    }
  }
  if (daily.empty() && windows.empty()) v->fail("give \"daily\" or \"windows\" (or leave \"pause\" out)");
  note_default(defaulted, o, "resume_delay_s", 300);
  c.resume_delay_s = o.number("resume_delay_s", 300.0, 0.0, 86400.0);
  c.fail_while_paused = o.choice("while_paused", "wait", {"wait", "fail"}) == "fail";
  o.finish();
  c.pause = PauseSchedule(std::move(daily), std::move(windows));
}

bool is_ra3(const NodeType& node) { return node.name.rfind("ra3.", 0) == 0; }

// Concurrency scaling (models/catalog/facts.md 2.3): clusters of dc2.large, dc2.8xlarge, ra3.xlplus,
// ra3.4xlarge or ra3.16xlarge, not single-node, RA3 at most 32 nodes; writes only on RA3.
void parse_scaling(JsonObject& e, const NodeType& node, ComputeEndpointConfig& c,
                   std::vector<std::string>& defaulted) {
  bool wanted = false;
  for (const auto& q : c.wlm.queues) wanted |= q.concurrency_scaling;
  const auto v = e.get("concurrency_scaling");
  if (!wanted) {
    if (v) v->fail("no WLM queue has \"concurrency_scaling\": \"auto\", so these settings would do nothing");
    return;
  }
  const JsonValue where = v ? *v : e.value();
  if (node.name == "ra3.large") where.fail("concurrency scaling is not available on ra3.large clusters");
  if (c.nodes == 1) where.fail("concurrency scaling is not available on single-node clusters");
  if (is_ra3(node) && c.nodes > 32) {
    where.fail(fmt::format("concurrency scaling needs an RA3 cluster of at most 32 nodes; this one has {}",
                           c.nodes));
  }
  c.scaling.writes = is_ra3(node);
  if (!v) {
    defaulted.push_back(
        fmt::format("{}.concurrency_scaling = max_clusters 1, startup_s 10, idle_stop_s 300, "
                    "initial_credit_hours 0",
                    e.value().path()));
    return;
  }
  JsonObject o = v->object();
  c.scaling.max_clusters = static_cast<std::uint32_t>(o.integer("max_clusters", 1, 0, 10));
  note_default(defaulted, o, "startup_s", 10);
  c.scaling.startup_s = o.number("startup_s", 10.0, 0.0, 3600.0);
  note_default(defaulted, o, "idle_stop_s", 300);
  c.scaling.idle_stop_s = o.number("idle_stop_s", 300.0, 0.0, 86400.0);
  note_default(defaulted, o, "initial_credit_hours", 0);
  c.scaling.credit.initial_s = o.number("initial_credit_hours", 0.0, 0.0, 30.0) * 3600.0;
  o.finish();
}

}  // namespace

void parse_wlm(JsonObject& wlm, const NodeType& node, ComputeEndpointConfig& c,
               std::vector<std::string>& defaulted) {
  const bool manual = wlm.choice("mode", "manual", {"manual", "auto"}) == "manual";
  const std::string mode_name = manual ? "manual" : "automatic";
  c.wlm.mode = manual ? WlmMode::kManual : WlmMode::kAuto;
  const double cluster_memory_mb = node.memory_gib * 1024.0 * c.nodes;
  note_default(defaulted, wlm, "memory_mb", cluster_memory_mb);
  const double memory_mb = wlm.number("memory_mb", cluster_memory_mb, 1.0, 1e12);
  const double vcpus = static_cast<double>(node.vcpu) * c.nodes;
  note_default(defaulted, wlm, "cpu_seconds_per_work_second", vcpus);
  c.wlm.cpu_seconds_per_work_second = wlm.number("cpu_seconds_per_work_second", vcpus, 0.0, 1e6);
  if (manual) {
    note_default(defaulted, wlm, "qmr_hop_moves_dml", "true");
    c.wlm.qmr_hop_moves_dml = wlm.boolean("qmr_hop_moves_dml", true);
  } else {
    c.wlm.memory_mb = memory_mb;
    note_default(defaulted, wlm, "default_memory_estimate_mb", memory_mb / 5);
    c.wlm.default_memory_estimate_mb =
        wlm.number("default_memory_estimate_mb", memory_mb / 5, 1.0, memory_mb);
    c.wlm.max_concurrency = static_cast<std::uint32_t>(wlm.integer("max_concurrency", 0, 0, 1000));
    c.wlm.aging = wlm.boolean("aging", true);
    if (c.wlm.aging) note_default(defaulted, wlm, "aging_s", 300);
    c.wlm.aging_s = wlm.number("aging_s", 300.0, 1.0, 86400.0);
    if (auto w = wlm.get("priority_weights")) {
      JsonObject weights = w->object();
      for (int p = 0; p < kPriorityCount; ++p) {
        const auto name = std::string(priority_name(static_cast<Priority>(p)));
        c.wlm.priority_weights[p] = weights.number(name, c.wlm.priority_weights[p], 1e-6, 1e6);
      }
      weights.finish();
    } else {
      defaulted.push_back(fmt::format("{}.priority_weights = lowest 1, low 2, normal 4, high 8, highest 16",
                                      wlm.value().path()));
    }
  }
  if (auto g = wlm.get("groups")) {
    JsonObject groups = g->object();
    for (const auto& name : groups.keys()) {
      const JsonValue members = groups.require(name);
      c.groups[name] = names(members);
      if (c.groups[name].empty()) members.fail("a group needs at least one member");
    }
    groups.finish();
  }

  const JsonValue queues = wlm.require("queues");
  const auto list = queues.array();
  if (list.empty() || list.size() > 8) {
    queues.fail(fmt::format("{} WLM has 1 to 8 queues (the last is the default queue); got {}", mode_name,
                            list.size()));
  }
  double percent = 0;
  std::uint32_t slots = 0;
  std::size_t rules = 0;
  std::vector<std::string> rule_names;
  for (std::size_t i = 0; i < list.size(); ++i) {
    JsonObject q = list[i].object();
    WlmQueueConfig queue;
    const bool is_default = i + 1 == list.size();
    queue.name = q.string("name", is_default ? "default" : fmt::format("queue{}", i + 1));
    if (manual) {
      queue.slots = static_cast<std::uint32_t>(q.integer("slots", 5, 1, 50));
      slots += queue.slots;
      queue.memory_percent = q.number("memory_percent", std::nullopt, 1.0, 100.0);
      percent += queue.memory_percent;
      queue.memory_mb = memory_mb * queue.memory_percent / 100.0;
      queue.timeout_ms = q.number("timeout_ms", 0.0, 0.0, 86'400'000.0 * 30);
    } else {
      queue.priority = q.enum_choice<Priority>("priority", "normal", kPriorityNames);
    }
    if (auto v = q.get("user_groups")) queue.user_groups = names(*v);
    if (auto v = q.get("query_groups")) queue.query_groups = names(*v);
    queue.user_group_wildcard = q.boolean("user_group_wildcard", false);
    queue.query_group_wildcard = q.boolean("query_group_wildcard", false);
    if (is_default && (!queue.user_groups.empty() || !queue.query_groups.empty())) {
      list[i].fail(
          "the last queue is the default queue: it takes every query no other queue matches, so it "
          "cannot list user_groups or query_groups (add a queue after it)");
    }
    if (auto r = q.get("rules")) {
      for (const auto& rv : r->array()) {
        QmrRule rule = parse_rule(rv);
        if (manual && rule.action == QmrAction::kChangePriority) {
          rv.fail("change_priority applies only under automatic WLM; manual WLM rules log, hop or abort");
        }
        if (!manual && rule.action == QmrAction::kHop) {
          rv.fail("hop applies only under manual WLM; automatic WLM rules log, change_priority or abort");
        }
        if (std::find(rule_names.begin(), rule_names.end(), rule.name) != rule_names.end()) {
          rv.fail(fmt::format("rule name \"{}\" is used twice", rule.name));
        }
        rule_names.push_back(rule.name);
        queue.rules.push_back(std::move(rule));
        if (++rules > kMaxQmrRules) {
          rv.fail(fmt::format("at most {} query monitoring rules in total across the queues", kMaxQmrRules));
        }
      }
    }
    queue.concurrency_scaling = q.choice("concurrency_scaling", "off", {"off", "auto"}) == "auto";
    q.finish();
    c.wlm.queues.push_back(std::move(queue));
  }
  if (slots > 50) {
    queues.fail(fmt::format("{} slots in total: manual WLM allows at most 50 across the queues", slots));
  }
  if (percent > 100.0 + 1e-9) {
    queues.fail(fmt::format("memory_percent adds up to {}%: at most 100% across the queues", percent));
  }
  wlm.finish();
}

namespace {

// A slot limit: a number, or "unlimited" (0).
std::uint32_t parse_slots(const JsonValue& slots) {
  if (slots.is_string()) {
    if (slots.string() != "unlimited")
      slots.fail("expected a number of slots (1 to 1000000) or \"unlimited\"");
    return 0;
  }
  const auto n = slots.integer();
  if (n < 1 || n > 1'000'000) slots.fail(fmt::format("{} slots: expected 1 to 1000000 or \"unlimited\"", n));
  return static_cast<std::uint32_t>(n);
}

// A serverless workgroup (models/model.md section 5): base and max RPU on AWS's grid, billing mode, scaling
// policy, an admission limit. No slot memory and no spill (serverless queues carry no memory model,
// models/catalog/facts.md 1.6).
void parse_serverless(JsonObject& e, const std::string& region, ComputeEndpointConfig& c,
                      std::vector<std::string>& defaulted) {
  c.kind = EndpointKind::kServerless;
  ServerlessConfig& w = c.serverless;
  note_default(defaulted, e, "base_rpu", w.base_rpu);
  w.base_rpu = e.number("base_rpu", w.base_rpu, 0.0, 1e6);
  if (const auto why = check_base_rpu(w.base_rpu, region); !why.empty()) e.require("base_rpu").fail(why);
  w.max_rpu = e.number("max_rpu", w.base_rpu, 0.0, 1e6);
  if (e.has("max_rpu")) {
    const JsonValue max = e.require("max_rpu");
    if (const auto why = check_max_rpu(w.max_rpu); !why.empty()) max.fail(why);
    if (w.max_rpu < w.base_rpu) {
      max.fail(fmt::format("max_rpu {} is below base_rpu {}: the cap must be at least the base", w.max_rpu,
                           w.base_rpu));
    }
  }
  note_default(defaulted, e, "billing", kServerlessBillingNames[0]);
  w.billing = e.enum_choice<ServerlessBillingMode>("billing", std::string(kServerlessBillingNames[0]),
                                                   kServerlessBillingNames);
  if (auto v = e.get("scaling")) {
    JsonObject sc = v->object();
    ServerlessScalingConfig& p = w.scaling;
    if (w.scales()) {
      note_default(defaulted, sc, "slow_speed_fraction", p.slow_speed_fraction);
      note_default(defaulted, sc, "up_delay_s", p.up_delay_s);
      note_default(defaulted, sc, "down_quiet_s", p.down_quiet_s);
    }
    p.slow_speed_fraction = sc.number("slow_speed_fraction", p.slow_speed_fraction, 0.0, 1.0);
    p.up_delay_s = sc.number("up_delay_s", p.up_delay_s, 0.0, 86400.0);
    p.down_quiet_s = sc.number("down_quiet_s", p.down_quiet_s, 0.0, 86400.0);
    p.step_rpu = sc.number("step_rpu", 0.0, 0.0, kServerlessTopRpu);
    if (sc.has("step_rpu") && p.step_rpu < 4) sc.require("step_rpu").fail("a step adds at least 4 RPU");
    sc.finish();
  } else if (w.scales()) {
    defaulted.push_back(fmt::format(
        "{}.scaling = {{slow_speed_fraction {}, up_delay_s {}, down_quiet_s {}, "
        "step_rpu = base}}",
        e.value().path(), w.scaling.slow_speed_fraction, w.scaling.up_delay_s, w.scaling.down_quiet_s));
  }
  c.capacity_rpu = w.base_rpu;
  c.max_connections = 2000;  // per workgroup, not adjustable (models/catalog/facts.md 1.6)
  WlmQueueConfig queue;
  queue.name = c.name;
  // AWS publishes no concurrency limit for a workgroup (models/catalog/facts.md 1.6).
  if (e.has("slots")) {
    queue.slots = parse_slots(e.require("slots"));
  } else {
    defaulted.push_back(fmt::format("{}.slots = unlimited", e.value().path()));
  }
  c.wlm.queues.push_back(std::move(queue));
  parse_common(e, c, false, defaulted);
  e.finish();
}

}  // namespace

ComputeEndpointConfig parse_endpoint(JsonObject& e, const NodeCatalog& catalog, const std::string& region,
                                     std::vector<std::string>& defaulted) {
  ComputeEndpointConfig c;
  c.name = e.string("name", std::nullopt);
  if (c.name.empty()) e.require("name").fail("an endpoint name must not be empty");
  c.region = e.string("region", region);
  const auto kind = e.enum_choice<EndpointKind>("kind", "compute", kEndpointKindNames);
  if (kind == EndpointKind::kServerless) {
    parse_serverless(e, c.region, c, defaulted);
    return c;
  }

  if (kind == EndpointKind::kProvisioned) {
    c.kind = EndpointKind::kProvisioned;
    const JsonValue type = e.require("node_type");
    const NodeType* node = catalog.find(type.string());
    if (!node) {
      std::string known;
      for (const auto& [k, unused] : catalog.types()) known += (known.empty() ? "" : ", ") + k;
      type.fail(fmt::format("unknown node type \"{}\" (known: {})", type.string(), known));
    }
    c.node_type = node->name;
    const JsonValue nodes = e.require("nodes");
    const auto n = nodes.integer();
    if (auto rule = catalog.check_nodes(*node, n); !rule.empty()) nodes.fail(rule);
    c.nodes = static_cast<std::uint32_t>(n);
    c.capacity_rpu = node->rpu_equivalent * c.nodes;
    if (auto w = e.get("wlm")) {
      JsonObject wlm = w->object();
      parse_wlm(wlm, *node, c, defaulted);
    } else {
      // Redshift's manual default: one queue of 5 slots with all the memory.
      defaulted.push_back(
          fmt::format("{}.wlm = one default queue, 5 slots, 100% of memory", e.value().path()));
      WlmQueueConfig queue;
      queue.name = "default";
      queue.slots = 5;
      queue.memory_percent = 100;
      queue.memory_mb = node->memory_gib * 1024.0 * c.nodes;
      c.wlm.queues.push_back(std::move(queue));
      c.wlm.cpu_seconds_per_work_second = static_cast<double>(node->vcpu) * c.nodes;
    }
    parse_common(e, c, true, defaulted);
    parse_scaling(e, *node, c, defaulted);
    parse_sqa(e, c, defaulted);
    parse_pause(e, c, defaulted);
    c.pricing = e.choice("pricing", "on_demand", {"on_demand", "reserved_1y", "reserved_3y"});
    c.max_connections = static_cast<std::uint32_t>(e.integer("max_connections", 2000, 1, 2000));
    c.storage_gb = e.number("storage_gb", 0.0, 0.0, 1e9);
    e.finish();
    return c;
  }

  const bool has_rpu = e.has("capacity_rpu");
  const bool has_spec = e.has("capacity");
  if (has_rpu == has_spec) {
    e.value().fail(
        "give exactly one of \"capacity_rpu\" (a number) or \"capacity\" (\"rpu:N\" or "
        "\"NODE_TYPE:COUNT\")");
  }
  if (has_rpu) {
    c.capacity_rpu = e.number("capacity_rpu", std::nullopt, 1e-6, 1e7);
  } else {
    const JsonValue v = e.require("capacity");
    std::string why;
    const auto cap = catalog.capacity_of(v.string(), &why);
    if (!cap) v.fail(why);
    c.capacity_rpu = *cap;
  }
  WlmQueueConfig queue;
  queue.name = c.name;
  queue.slots = parse_slots(e.require("slots"));
  queue.memory_mb = e.number("memory_mb", 0.0, 0.0, 1e12);
  if (queue.memory_mb > 0 && queue.slots == 0) {
    e.require("memory_mb").fail("memory per slot needs a slot limit: set \"slots\" to a number");
  }
  const bool memory_modelled = queue.memory_mb > 0;
  c.max_connections = static_cast<std::uint32_t>(e.integer("max_connections", 0, 0, 1'000'000));
  c.wlm.queues.push_back(std::move(queue));
  parse_common(e, c, memory_modelled, defaulted);
  e.finish();
  return c;
}

}  // namespace rsim
