#include "models/scenario/balancer_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "models/scenario/assumptions.h"
#include "models/scenario/json_time.h"
#include "sim/io/enum_names.h"

namespace rsim {

LoadBalancerConfig parse_balancer(JsonObject& o,
                                  const std::function<std::uint32_t(const JsonValue&)>& endpoint_index,
                                  std::vector<std::string>& defaulted) {
  LoadBalancerConfig c;
  c.name = o.string("name", std::nullopt);
  if (c.name.empty()) o.require("name").fail("a load balancer name must not be empty");
  const JsonValue targets = o.require("targets");
  for (const auto& t : targets.array()) {
    const std::uint32_t e = endpoint_index(t);
    if (std::find(c.targets.begin(), c.targets.end(), e) != c.targets.end())
      t.fail(fmt::format("target \"{}\" is listed twice", t.string()));
    c.targets.push_back(e);
  }
  if (c.targets.empty()) targets.fail("a load balancer needs at least one target");
  if (c.targets.size() > 255) targets.fail("at most 255 targets");
  c.policy = o.enum_choice<BalancePolicy>("policy", "flow_hash", kBalancePolicyNames);
  c.query_proxy = o.boolean("query_proxy", false);
  if (is_query_level(c.policy) && !c.query_proxy) {
    o.require("policy").fail(fmt::format(
        "\"{}\" places each query, which a network load balancer cannot (it sees connections): declare a "
        "query-aware proxy with \"query_proxy\": true",
        enum_name(kBalancePolicyNames, c.policy)));
  }
  if (c.policy == BalancePolicy::kWeighted) {
    const JsonValue w = o.require("weights");
    for (const auto& v : w.array()) {
      const double x = v.number();
      if (!(x > 0)) v.fail("a weight must be > 0");
      c.weights.push_back(x);
    }
    if (c.weights.size() != c.targets.size())
      w.fail(fmt::format("{} weights for {} targets: one per target", c.weights.size(), c.targets.size()));
  } else if (o.has("weights")) {
    o.require("weights").fail("weights apply only to the \"weighted\" policy");
  }
  if (auto h = o.get("health_check")) {
    JsonObject hc = h->object();
    static constexpr std::array<std::string_view, 2> kProtocols = {"tcp", "sql"};
    c.health.protocol = hc.enum_choice<HealthCheckProtocol>("protocol", "tcp", kProtocols);
    c.health.interval_s = hc.number("interval_s", 30.0, 5.0, 300.0);
    c.health.timeout_s = hc.number("timeout_s", 10.0, 2.0, 120.0);
    c.health.healthy_threshold = static_cast<int>(hc.integer("healthy_threshold", 5, 2, 10));
    c.health.unhealthy_threshold = static_cast<int>(hc.integer("unhealthy_threshold", 2, 2, 10));
    hc.finish();
  }
  c.idle_timeout_s = o.number("idle_timeout_s", 350.0, 60.0, 6000.0);
  note_default(defaulted, o, "reconnect_ms", c.reconnect_ms);
  c.reconnect_ms = o.number("reconnect_ms", c.reconnect_ms, 0.0, 60'000.0);
  note_default(defaulted, o, "kib_per_query", c.kib_per_query);
  c.kib_per_query = o.number("kib_per_query", c.kib_per_query, 0.0, 1e9);
  if (auto f = o.get("failures")) {
    for (const auto& fv : f->array()) {
      JsonObject fo = fv.object();
      const JsonValue target = fo.require("target");
      const std::uint32_t e = endpoint_index(target);
      const auto at = std::find(c.targets.begin(), c.targets.end(), e);
      if (at == c.targets.end())
        target.fail(fmt::format("\"{}\" is not a target of this balancer", target.string()));
      TargetFailure tf;
      tf.target = static_cast<std::uint32_t>(at - c.targets.begin());
      tf.from = json_instant(fo.require("from"));
      tf.to = json_instant(fo.require("to"));
      if (tf.to <= tf.from) fo.require("to").fail("a failure must end after it starts");
      fo.finish();
      c.failures.push_back(tf);
    }
  }
  o.finish();
  return c;
}

}  // namespace rsim
