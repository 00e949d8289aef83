// Client connection pools (models/model.md section 6): long-lived connections whose keep-alives keep a
// balancer's idle timer from firing and keep a serverless workgroup billed.
#include "models/clients/connection_pool.h"

#include <gtest/gtest.h>

#include "sim/run/replication.h"
#include "sim/run/report.h"
#include "tests/support/query_log.h"
#include "tests/support/run_helpers.h"
#include "tests/support/sources.h"

namespace rsim {
namespace {

using testing::make_query;
constexpr SimTime kS = 1'000'000;

std::string pooled(double keepalive_s, int pool_size) {
  return R"({"name": "pool", "endpoints": [{"name": "wg", "kind": "serverless", "base_rpu": 8}],
    "load_balancers": [{"name": "nlb", "targets": ["wg"]}],
    "connection_pool": {"clients": 1, "pool_size": )" +
         std::to_string(pool_size) + R"(, "keepalive_s": )" + std::to_string(keepalive_s) + R"(, "to": "nlb"},
    "routing": [{"to": "nlb"}]})";
}

struct Day {
  nlohmann::json metrics;
  testing::QueryLog log;
};

// A query at midnight and one just before the next: an otherwise idle day.
Day idle_day(double keepalive_s, int pool_size) {
  const Scenario s = testing::scenario_from(pooled(keepalive_s, pool_size));
  SymbolTable symbols;
  testing::ListSource src({make_query("first", 0, 1), make_query("last", 86'399 * kS, 1)});
  Day d;
  d.metrics = replication_metrics(run_replication(s, src, symbols, 1, &d.log), s);
  return d;
}

TEST(ConnectionPool, KeepAlivesKeepAnIdleWorkgroupBilledAllDay) {
  // Every 5 minutes both connections send a keep-alive: 288 rounds from 00:00 to 23:55, each waking the 8 RPU
  // workgroup for its 60 s minimum; the last query (23:59:59) starts one more: 289 x 60 s x 8 RPU.
  const Day d = idle_day(300, 2);
  const auto& lb = d.metrics["load_balancers"][0];
  EXPECT_EQ(d.metrics["connection_pool"]["keepalives"], 2 * 288);
  EXPECT_EQ(lb["keepalives"], 2 * 288);
  EXPECT_EQ(lb["new_connections"], 2) << "two long-lived connections, opened once";
  EXPECT_EQ(lb["idle_resets"], 0) << "keep-alives every 300 s beat the 350 s idle timeout";
  EXPECT_EQ(d.metrics["endpoints"][0]["billing"]["activations"], 289);
  EXPECT_NEAR(d.metrics["endpoints"][0]["charged_rpu_seconds"].get<double>(), 289.0 * 60 * 8, 1e-6);
  // $0.375 per RPU-hour: $14.45 for a day of doing nothing.
  EXPECT_NEAR(d.metrics["cost"]["items"][0]["usd"].get<double>(), 289.0 * 480 / 3600 * 0.375, 1e-6);
}

TEST(ConnectionPool, WithoutKeepAlivesTheIdleDayCostsTwoMinutesAndAReconnect) {
  // One connection, so that both queries use it (without keep-alives a connection opens on its first use).
  const Day d = idle_day(0, 1);
  const auto& lb = d.metrics["load_balancers"][0];
  EXPECT_EQ(d.metrics["connection_pool"]["keepalives"], 0);
  EXPECT_NEAR(d.metrics["endpoints"][0]["charged_rpu_seconds"].get<double>(), 2.0 * 480, 1e-6);
  // The pool kept its connection all day, but the balancer cut it after 350 s idle: the last query
  // reconnects.
  EXPECT_EQ(lb["idle_resets"], 1);
  EXPECT_EQ(lb["reconnects"], 1);
  const auto& last = d.log.queries.at("last");
  EXPECT_EQ(last.end - last.arrival, 1000 + 50'000);
}

TEST(ConnectionPool, SessionsStickToAClientAndTakeItsConnectionsInTurn) {
  ConnectionPoolConfig c;
  c.clients = 3;
  c.pool_size = 4;
  Simulation sim(1);
  struct : ConnectionPool::Channel {
    void keepalive(std::uint64_t) override {}
  } channel;
  ConnectionPool pool(sim, c, channel);
  const std::uint64_t a = pool.connection_for(42), b = pool.connection_for(42), e = pool.connection_for(42);
  const auto index = [](std::uint64_t x) { return x; };
  EXPECT_EQ(index(a) / 4, index(b) / 4) << "the same client";
  EXPECT_EQ(index(b), index(a) + 1);
  EXPECT_EQ(index(e), index(a) + 2);
  for (int i = 0; i < 100; ++i) EXPECT_LT(index(pool.connection_for(static_cast<std::uint64_t>(i))), 12u);
}

}  // namespace
}  // namespace rsim
