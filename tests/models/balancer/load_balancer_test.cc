// The load balancer (models/model.md section 6, models/catalog/facts.md 4): flow-hash placement against the
// multinomial law, a query-level policy against it on pooled connections, failure injection, idle resets and
// the bill.
#include "models/balancer/load_balancer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/run/replication.h"
#include "sim/run/report.h"
#include "tests/support/query_log.h"
#include "tests/support/run_helpers.h"
#include "tests/support/scenario_errors.h"
#include "tests/support/sources.h"
#include "workloads/trace/timestamp.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;
using testing::make_query;
constexpr SimTime kS = 1'000'000;

// Three generic endpoints behind one balancer; `balancer` holds its extra keys.
std::string three_behind(const std::string& balancer, const std::string& endpoint = R"("slots": 4)",
                         const std::string& top = "") {
  std::string endpoints;
  for (const char* n : {"a", "b", "c"}) {
    endpoints += std::string(endpoints.empty() ? "" : ", ") + R"({"name": ")" + n +
                 R"(", "capacity_rpu": 8, "concurrency_exponent": 1, )" + endpoint + "}";
  }
  return R"({"name": "lb", )" + top + R"("endpoints": [)" + endpoints +
         R"(], "load_balancers": [{"name": "nlb", "targets": ["a", "b", "c"], )" + balancer +
         R"(}], "routing": [{"to": "nlb"}]})";
}

// P(max of Multinomial(k; 1/3, 1/3, 1/3) <= m), by enumeration.
std::vector<double> max_cdf(int k) {
  std::vector<double> pmf(k + 1, 0.0);
  const double log3 = std::log(3.0);
  for (int a = 0; a <= k; ++a) {
    for (int b = 0; a + b <= k; ++b) {
      const int c = k - a - b;
      const double lp = std::lgamma(k + 1.0) - std::lgamma(a + 1.0) - std::lgamma(b + 1.0) -
                        std::lgamma(c + 1.0) - k * log3;
      pmf[std::max({a, b, c})] += std::exp(lp);
    }
  }
  std::partial_sum(pmf.begin(), pmf.end(), pmf.begin());
  return pmf;
}

TEST(LoadBalancer, FlowHashSpreadsConnectionsLikeTheMultinomial) {
  // 12 long-lived connections (a pool) over 3 targets, 300 runs (seeds 1 to 300, fixed): the largest
  // per-target count follows the multinomial law. Kolmogorov-Smirnov distance under its 1% critical value.
  constexpr int kConnections = 12, kRuns = 300;
  const Scenario s = testing::scenario_from(three_behind(R"("policy": "flow_hash")"));
  std::vector<int> seen(kConnections + 1, 0);
  for (int seed = 1; seed <= kRuns; ++seed) {
    std::vector<Query> qs;
    for (int i = 0; i < kConnections; ++i) {
      for (int j = 0; j < 3; ++j) {  // three queries each, a minute apart: same connection
        Query q = make_query("s" + std::to_string(i) + "q" + std::to_string(j), j * 60 * kS + i, 100);
        q.session = 1000 + i;
        qs.push_back(q);
      }
    }
    std::sort(qs.begin(), qs.end(), [](const Query& x, const Query& y) { return x.arrival < y.arrival; });
    SymbolTable symbols;
    testing::ListSource src(std::move(qs));
    const auto r = run_replication(s, src, symbols, seed);
    const auto& t = r.balancers[0].targets;
    ASSERT_EQ(t[0].connections + t[1].connections + t[2].connections, kConnections) << "one connection each";
    EXPECT_EQ(t[0].queries + t[1].queries + t[2].queries, 3u * kConnections);
    for (const auto& target : t)
      EXPECT_EQ(target.queries, 3 * target.connections) << "queries follow their connection";
    ++seen[std::max({t[0].connections, t[1].connections, t[2].connections})];
  }
  const auto cdf = max_cdf(kConnections);
  double ks = 0, cum = 0;
  for (int m = 0; m <= kConnections; ++m) {
    cum += seen[m];
    ks = std::max(ks, std::abs(cum / kRuns - cdf[m]));
  }
  EXPECT_LT(ks, 1.63 / std::sqrt(kRuns));
  // The law itself: a perfectly even 4/4/4 split has probability 34650 / 3^12 = 6.5%.
  EXPECT_NEAR(cdf[4], 34650.0 / 531441.0, 1e-12);
}

TEST(LoadBalancer, LeastOutstandingStaysBalancedAndLowersP99OnPooledConnections) {
  // Nine pooled connections carry Poisson work at 70% of the three targets' capacity. Flow hash fixes each
  // connection's target, so a lumpy split overloads one; a query-aware proxy placing each query on the target
  // with the fewest in flight stays even.
  double fh_imbalance = 0, lo_imbalance = 0, fh_p99 = 0, lo_p99 = 0;
  constexpr int kSeeds = 5;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    for (const bool proxy : {false, true}) {
      const Scenario s = testing::scenario_from(three_behind(
          proxy ? R"("policy": "least_outstanding", "query_proxy": true)" : R"("policy": "flow_hash")"));
      PoissonWorkload w;
      w.rate_per_s = 0.7 * 12;  // 12 slots of 1 s mean work
      w.mean_work_ms = 1000;
      w.queries = 50'000;
      PoissonSource poisson(w, RandomStream(seed, "workload", "arrivals"),
                            RandomStream(seed, "workload", "work"));
      RandomStream pick(seed, "workload", "connection");
      testing::TaggedSource src(poisson, "", [&](Query& q) { q.session = 1 + pick.below(9); });
      SymbolTable symbols;
      const auto r = run_replication(s, src, symbols, seed);
      const auto m = replication_metrics(r, s);
      const double imbalance = m["load_balancers"][0]["imbalance"].get<double>();
      const double p99 = m["overall"]["latency_ms"]["p99"].get<double>();
      (proxy ? lo_imbalance : fh_imbalance) += imbalance / kSeeds;
      (proxy ? lo_p99 : fh_p99) += p99 / kSeeds;
      if (proxy) {
        EXPECT_LT(imbalance, 1.02) << "seed " << seed;
      }
    }
  }
  RecordProperty("flow_hash",
                 std::to_string(fh_imbalance) + " imbalance, p99 " + std::to_string(fh_p99) + " ms");
  RecordProperty("least_outstanding",
                 std::to_string(lo_imbalance) + " imbalance, p99 " + std::to_string(lo_p99) + " ms");
  EXPECT_GT(fh_imbalance, 1.15);
  EXPECT_LT(lo_p99, fh_p99);
}

TEST(LoadBalancer, FailureInjectionLosesNoQueryAndHealthChecksSteerNewConnections) {
  // Target b is down from 10 to 20 minutes. Each query opens its own connection.
  const std::string json = three_behind(
      R"("policy": "flow_hash", "failures": [{"target": "b", "from": "1970-01-01T00:10:00Z",
          "to": "1970-01-01T00:20:00Z"}])",
      R"("slots": 10)");
  const Scenario s = testing::scenario_from(json);
  PoissonWorkload w;
  w.rate_per_s = 3;
  w.mean_work_ms = 2000;
  w.queries = 10'800;  // an hour
  PoissonSource src(w, RandomStream(1, "workload", "arrivals"), RandomStream(1, "workload", "work"));
  SymbolTable symbols;
  testing::QueryLog log;
  const auto r = run_replication(s, src, symbols, 1, &log);
  const auto m = replication_metrics(r, s);
  // Every query is accounted for: completed or failed, and the failures are the down target's.
  const auto& overall = m["overall"];
  EXPECT_EQ(overall["completed"].get<std::uint64_t>() + overall["aborted"].get<std::uint64_t>(), w.queries);
  EXPECT_EQ(log.queries.size(), w.queries);
  const auto& targets = r.balancers[0].targets;
  EXPECT_EQ(targets[0].failed + targets[2].failed, 0u);
  EXPECT_EQ(targets[1].failed, overall["aborted"].get<std::uint64_t>());
  EXPECT_GT(targets[1].failed, 0u);
  // Marked unhealthy within interval x unhealthy threshold + timeout of going down; healthy again after
  // five good probes once it is back.
  const auto& health = r.balancers[0].health;
  ASSERT_EQ(health.size(), 2u);
  const SimTime down = 600 * kS, up = 1200 * kS;
  EXPECT_FALSE(health[0].healthy);
  EXPECT_GE(health[0].at, down);
  EXPECT_LE(health[0].at, down + (30 * 2 + 10) * kS);
  EXPECT_TRUE(health[1].healthy);
  EXPECT_GE(health[1].at, up + 4 * 30 * kS);
  EXPECT_LE(health[1].at, up + 5 * 30 * kS);
  std::uint64_t after_mark_on_b = 0, failed_before_mark = 0, back_on_b = 0;
  for (const auto& [id, q] : log.queries) {
    if (q.arrival >= health[0].at && q.arrival < health[1].at && q.endpoint == 1) ++after_mark_on_b;
    if (q.endpoint == 1 && q.how == QueryEnd::kAborted) {
      EXPECT_LT(q.arrival, health[0].at) << id;
      EXPECT_GE(q.end, down) << id;
      EXPECT_LT(q.end, health[0].at) << id;
      ++failed_before_mark;
    }
    if (q.arrival >= health[1].at && q.endpoint == 1) ++back_on_b;
  }
  EXPECT_EQ(after_mark_on_b, 0u) << "new connections avoid a target marked unhealthy";
  EXPECT_EQ(failed_before_mark, targets[1].failed);
  EXPECT_GT(back_on_b, 0u);
}

TEST(LoadBalancer, IdleTimeoutResetsAConnectionAndItsNextQueryReconnects) {
  auto run = [](double session_idle_s) {
    const Scenario s =
        testing::scenario_from(three_behind(R"("policy": "flow_hash")", R"("slots": 4)",
                                            R"("session_idle_s": )" + std::to_string(session_idle_s) + ", "));
    Query a = make_query("a", 0, 1000), b = make_query("b", 400 * kS, 1000);
    a.session = b.session = 7;
    SymbolTable symbols;
    testing::ListSource src({a, b});
    testing::QueryLog log;
    const auto r = run_replication(s, src, symbols, 1, &log);
    return std::make_pair(r.balancers[0], log.queries.at("b").end - log.queries.at("b").arrival);
  };
  // The client keeps the session 1000 s, the balancer cuts it at 350 s: the second query pays 50 ms.
  auto [kept, latency] = run(1000);
  EXPECT_EQ(kept.idle_resets, 1u);
  EXPECT_EQ(kept.reconnects, 1u);
  EXPECT_EQ(kept.new_connections, 2u);
  EXPECT_EQ(latency, 1000 * 1000 + 50 * 1000);
  // The client closes idle sessions after 300 s: the second query opens a new connection, no penalty.
  auto [closed, latency2] = run(300);
  EXPECT_EQ(closed.idle_resets, 0u);
  EXPECT_EQ(closed.reconnects, 0u);
  EXPECT_EQ(closed.new_connections, 2u);
  EXPECT_EQ(latency2, 1000 * 1000);
}

TEST(LoadBalancer, BillsHoursAndTheLargestCapacityUnitDimension) {
  // One query a second for two hours, each on its own connection: per hour 3600 new connections (4.5 / 3600
  // NLCU), a few active, 3600 x 64 KiB = 235.9 MB = 0.2359 GB (decimal, as AWS prices it; 0.2197 would be
  // GiB): bytes are the largest dimension.
  std::vector<Query> qs;
  for (int i = 0; i < 7200; ++i) {
    qs.push_back(make_query("q" + std::to_string(i), i * kS, 10));
    qs.back().session = 1 + i;
  }
  const Scenario s = testing::scenario_from(three_behind(R"("policy": "round_robin")"));
  SymbolTable symbols;
  testing::ListSource src(std::move(qs));
  const auto m = replication_metrics(run_replication(s, src, symbols, 1), s);
  const auto& items = m["cost"]["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["meter"], "nlb_hours");
  EXPECT_NEAR(items[0]["quantity"].get<double>(), 7199.01 / 3600, 1e-5);
  EXPECT_EQ(items[1]["meter"], "nlcu_hours");
  EXPECT_NEAR(items[1]["quantity"].get<double>(), 2 * 0.2359296, 1e-6);  // reported to 6 decimals
  EXPECT_NEAR(m["cost"]["total_usd"].get<double>(),
              items[0]["quantity"].get<double>() * 0.0225 + items[1]["quantity"].get<double>() * 0.006, 1e-6);
  // Round robin over three: an even split.
  EXPECT_EQ(m["load_balancers"][0]["imbalance"], 1.0);
}

TEST(LoadBalancer, AWorkgroupRefusesConnectionsPastTwoThousand) {
  // 2,100 sessions open within two seconds on one workgroup (2000 connections at most,
  // models/catalog/facts.md 1.6): the last 100 are refused and their queries fail; every query is still
  // accounted for.
  const Scenario s =
      testing::scenario_from(R"({"name": "c", "endpoints": [{"name": "wg", "kind": "serverless",
      "base_rpu": 8}], "load_balancers": [{"name": "nlb", "targets": ["wg"]}], "routing": [{"to": "nlb"}]})");
  std::vector<Query> qs;
  for (int i = 0; i < 2100; ++i) {
    qs.push_back(make_query("q" + std::to_string(i), i * 1000, 60'000));
    qs.back().session = 1 + i;
  }
  SymbolTable symbols;
  testing::ListSource src(std::move(qs));
  testing::QueryLog log;
  const auto r = run_replication(s, src, symbols, 1, &log);
  const auto& t = r.balancers[0].targets[0];
  EXPECT_EQ(t.refused_connections, 100u);
  EXPECT_EQ(t.failed, 100u);
  EXPECT_EQ(r.recorder->overall().completed, 2000u);
  EXPECT_EQ(log.queries.at("q1999").how, QueryEnd::kCompleted);
  EXPECT_EQ(log.queries.at("q2000").how, QueryEnd::kAborted);
}

// Per-target connections after 3,000 one-query sessions, a second apart (few open at once).
std::vector<std::uint64_t> spread(const std::string& balancer) {
  const Scenario s = testing::scenario_from(three_behind(balancer));
  std::vector<Query> qs;
  for (int i = 0; i < 3000; ++i) {
    qs.push_back(make_query("q" + std::to_string(i), i * kS, 100));
    qs.back().session = 1 + i;
  }
  SymbolTable symbols;
  testing::ListSource src(std::move(qs));
  const auto r = run_replication(s, src, symbols, 1);
  std::vector<std::uint64_t> out;
  for (const auto& t : r.balancers[0].targets) out.push_back(t.connections);
  return out;
}

TEST(LoadBalancer, EachPolicyPlacesAsItSays) {
  // Uniform draws: each target within 4 standard deviations of 1,000 (sd = 25.8).
  for (const char* p : {R"("policy": "flow_hash")", R"("policy": "random")"}) {
    for (const auto n : spread(p)) EXPECT_NEAR(static_cast<double>(n), 1000, 4 * 25.8) << p;
  }
  EXPECT_EQ(spread(R"("policy": "round_robin")"), (std::vector<std::uint64_t>{1000, 1000, 1000}));
  // Least connections: each connection closes long before the next opens, so ties go round: even.
  EXPECT_EQ(spread(R"("policy": "least_connections")"), (std::vector<std::uint64_t>{1000, 1000, 1000}));
  // Weighted 1:2:3: 500, 1000, 1500 expected.
  const auto w = spread(R"("policy": "weighted", "weights": [1, 2, 3])");
  EXPECT_NEAR(static_cast<double>(w[0]), 500, 4 * 20.4);
  EXPECT_NEAR(static_cast<double>(w[1]), 1000, 4 * 25.8);
  EXPECT_NEAR(static_cast<double>(w[2]), 1500, 4 * 27.4);
}

TEST(LoadBalancer, PowerOfTwoBalancesQueriesBehindAProxy) {
  const Scenario s = testing::scenario_from(three_behind(R"("policy": "power_of_two", "query_proxy": true)"));
  PoissonWorkload w;
  w.rate_per_s = 0.7 * 12;
  w.mean_work_ms = 1000;
  w.queries = 30'000;
  PoissonSource poisson(w, RandomStream(1, "workload", "arrivals"), RandomStream(1, "workload", "work"));
  testing::TaggedSource src(poisson, "", [](Query& q) { q.session = 1; });  // one connection carries all
  SymbolTable symbols;
  const auto m = replication_metrics(run_replication(s, src, symbols, 1), s);
  EXPECT_LT(m["load_balancers"][0]["imbalance"].get<double>(), 1.05);
  EXPECT_EQ(m["load_balancers"][0]["placement"], "per query (query-aware proxy)");
}

TEST(LoadBalancer, FailsOpenWhenNoTargetIsHealthy) {
  // Every target down from 10 to 20 minutes: once all are marked unhealthy the balancer places on all of them
  // again (fail-open); those queries fail on the down targets, and all are accounted for.
  const Scenario s = testing::scenario_from(three_behind(R"("failures": [
      {"target": "a", "from": "1970-01-01T00:10:00Z", "to": "1970-01-01T00:20:00Z"},
      {"target": "b", "from": "1970-01-01T00:10:00Z", "to": "1970-01-01T00:20:00Z"},
      {"target": "c", "from": "1970-01-01T00:10:00Z", "to": "1970-01-01T00:20:00Z"}])"));
  PoissonWorkload w;
  w.rate_per_s = 1;
  w.mean_work_ms = 500;
  w.queries = 3600;
  PoissonSource src(w, RandomStream(1, "workload", "arrivals"), RandomStream(1, "workload", "work"));
  SymbolTable symbols;
  const auto r = run_replication(s, src, symbols, 1);
  EXPECT_GT(r.balancers[0].fail_open_queries, 0u);
  EXPECT_EQ(r.recorder->overall().completed + r.recorder->overall().aborted, w.queries);
  std::uint64_t failed = 0;
  for (const auto& t : r.balancers[0].targets) failed += t.failed;
  EXPECT_EQ(failed, r.recorder->overall().aborted);
  EXPECT_GE(failed, 500u) << "about ten minutes of arrivals";
}

TEST(LoadBalancer, SqlHealthChecksKeepServerlessTargetsBilled) {
  // A SQL probe every 30 s is a statement: an idle 8 RPU workgroup is billed all the time between two queries
  // an hour apart; TCP probes are handshakes and cost nothing.
  auto charged = [](const char* protocol) {
    const Scenario s = testing::scenario_from(
        std::string(R"({"name": "h", "endpoints": [{"name": "wg", "kind": "serverless", "base_rpu": 8}],
        "load_balancers": [{"name": "nlb", "targets": ["wg"], "health_check": {"protocol": ")") +
        protocol + R"("}}], "routing": [{"to": "nlb"}]})");
    Query a = make_query("a", 0, 1), b = make_query("b", 3600 * kS, 1);
    a.session = 1;
    b.session = 2;
    SymbolTable symbols;
    testing::ListSource src({a, b});
    return run_replication(s, src, symbols, 1).meters[0].workgroup->usage.charged_rpu_seconds;
  };
  EXPECT_NEAR(charged("tcp"), 2 * 480.0, 1e-6);
  // Probes at 30, 60, ... 3570 s each land inside the previous one's minute: billed from 0 to 3660 s.
  EXPECT_NEAR(charged("sql"), 3660.0 * 8, 1e-3);
}

TEST(LoadBalancer, RejectsPoliciesItCannotApply) {
  const auto error_of = [](const std::string& b) {
    return testing::scenario_error(three_behind(b), "s.json");
  };
  EXPECT_THAT(error_of(R"("policy": "least_outstanding")"),
              HasSubstr("$.load_balancers[0].policy: \"least_outstanding\" places each query"));
  EXPECT_THAT(error_of(R"("policy": "weighted", "weights": [1, 2])"), HasSubstr("2 weights for 3 targets"));
  EXPECT_THAT(error_of(R"("policy": "flow_hash", "weights": [1, 2, 3])"),
              HasSubstr("only to the \"weighted\""));
  EXPECT_THAT(error_of(R"("health_check": {"interval_s": 1})"), HasSubstr("interval_s"));
  EXPECT_THAT(error_of(R"("idle_timeout_s": 10)"), HasSubstr("idle_timeout_s"));
  EXPECT_THAT(
      error_of(
          R"("failures": [{"target": "zz", "from": "1970-01-01T00:00:00Z", "to": "1970-01-01T00:01:00Z"}])"),
      HasSubstr("no endpoint is named \"zz\""));
  EXPECT_THAT(
      testing::scenario_error(R"({"name": "x", "endpoints": [{"name": "a", "capacity_rpu": 8, "slots": 1}],
      "load_balancers": [{"name": "a", "targets": ["a"]}]})",
                              "s.json"),
      HasSubstr("already used"));
}

}  // namespace
}  // namespace rsim
