// Alarm rules (models/model.md section 10) on simulated metrics, checked against hand-worked timelines.
#include "sim/run/alarm_monitor.h"

#include <gtest/gtest.h>

#include "sim/io/input_error.h"
#include "sim/run/replication.h"
#include "tests/support/run_helpers.h"
#include "tests/support/sources.h"

namespace rsim {
namespace {

using testing::make_query;
constexpr SimTime kS = 1'000'000;

ReplicationResult run(const std::string& alarms, std::vector<Query> qs, int slots = 1) {
  SymbolTable symbols;
  testing::ListSource src(std::move(qs));
  const Scenario s = testing::scenario_from(
      R"({"name": "a", "endpoints": [{"name": "e", "capacity_rpu": 16, "slots": )" + std::to_string(slots) +
      R"(, "concurrency_exponent": 0.5}], "alarms": )" + alarms + "}");
  return run_replication(s, src, symbols, 1);
}

TEST(Alarms, CpuOverThresholdForTenMinutes) {
  // Busy from 0 to 15 min: every minute breaches; the alarm goes off at the end of the 10th minute.
  const auto r =
      run(R"([{"name": "cpu", "metric": "cpu_utilization", "threshold": 80, "evaluation_periods": 10}])",
          {make_query("long", 0, 15 * 60'000)});
  ASSERT_EQ(r.alarms.size(), 1u);
  const auto& f = r.alarms[0];
  EXPECT_EQ(f.alarm, "cpu");
  EXPECT_EQ(f.endpoint, "e");
  EXPECT_EQ(f.breach_from, 0);
  EXPECT_EQ(f.alarm_at, 600 * kS);
  EXPECT_EQ(f.to, 900 * kS);
  EXPECT_EQ(f.periods, 15u);
  EXPECT_DOUBLE_EQ(f.peak, 100.0);
}

TEST(Alarms, TooFewBreachingPeriodsDoNotFire) {
  const auto r =
      run(R"([{"name": "cpu", "metric": "cpu_utilization", "threshold": 80, "evaluation_periods": 10}])",
          {make_query("short", 0, 5 * 60'000)});
  EXPECT_TRUE(r.alarms.empty());
}

TEST(Alarms, PartiallyBusyPeriodIsAveraged) {
  // Busy 0-90 s: minute 0 at 100%, minute 1 at 50%: only minute 0 breaches 80%.
  const auto r =
      run(R"([{"name": "cpu", "metric": "cpu_utilization", "threshold": 80}])", {make_query("q", 0, 90'000)});
  ASSERT_EQ(r.alarms.size(), 1u);
  EXPECT_EQ(r.alarms[0].periods, 1u);
  EXPECT_EQ(r.alarms[0].to, 60 * kS);
}

TEST(Alarms, CpuShareFollowsTheConcurrencyCurve) {
  // 4 slots, M(n) = n^0.5: one query uses (1/4)^0.5 = 50% of the peak, all four 100%.
  const auto one = run(R"([{"name": "cpu", "metric": "cpu_utilization", "threshold": 49}])",
                       {make_query("a", 0, 60'000)}, 4);
  ASSERT_EQ(one.alarms.size(), 1u);
  EXPECT_NEAR(one.alarms[0].peak, 50.0, 1e-9);
  const auto under = run(R"([{"name": "cpu", "metric": "cpu_utilization", "threshold": 51}])",
                         {make_query("a", 0, 60'000)}, 4);
  EXPECT_TRUE(under.alarms.empty());
}

TEST(Alarms, QueryDurationMaximum) {
  const auto r =
      run(R"([{"name": "slow", "metric": "query_duration", "statistic": "maximum", "threshold": 30}])",
          {make_query("fast", 0, 10'000), make_query("slow", 70 * kS, 45'000)});
  ASSERT_EQ(r.alarms.size(), 1u);
  EXPECT_EQ(r.alarms[0].breach_from, 60 * kS);  // slow finished at 115 s, in minute 1
  EXPECT_DOUBLE_EQ(r.alarms[0].peak, 45.0);
}

TEST(Alarms, ConnectionsCountOpenSessions) {
  // Three sessions each run one 1 s query at 0 s and stay open 300 s idle: 3 connections in minutes 0-5.
  std::vector<Query> qs;
  for (int i = 0; i < 3; ++i) {
    Query q = make_query("q" + std::to_string(i), 0, 1'000);
    q.session = 100 + i;
    qs.push_back(q);
  }
  Query same_session = make_query("again", 30 * kS, 1'000);
  same_session.session = 100;  // an existing connection: not a new one
  qs.push_back(same_session);
  Query later = make_query("later", 600 * kS, 1'000);  // the run goes on past the idle sessions
  later.session = 200;
  qs.push_back(later);
  const auto r =
      run(R"([{"name": "conns", "metric": "connections", "statistic": "maximum", "threshold": 2}])", qs, 10);
  ASSERT_EQ(r.alarms.size(), 1u);
  EXPECT_EQ(r.alarms[0].breach_from, 0);
  EXPECT_EQ(r.alarms[0].to, 6 * 60 * kS);
  EXPECT_DOUBLE_EQ(r.alarms[0].peak, 3.0);
}

TEST(Alarms, SampleCountIsMissingWhereNoQueryFinished) {
  // One query finishes in minute 0; "fewer than 1 per minute" must not fire for the empty minutes after.
  const auto r = run(R"([{"name": "idle", "metric": "query_duration", "statistic": "sample_count",
                          "comparison": "<", "threshold": 1}])",
                     {make_query("a", 0, 1'000), make_query("b", 300 * kS, 1'000)});
  EXPECT_TRUE(r.alarms.empty());
}

TEST(Alarms, BadRulesAreRejected) {
  EXPECT_THROW(
      testing::scenario_from(R"({"name": "a", "endpoints": [{"name": "e", "capacity_rpu": 16, "slots": 1}],
      "alarms": [{"name": "x", "metric": "spill", "threshold": 1}, {"name": "x", "metric": "spill", "threshold": 2}]})"),
      InputError);
  EXPECT_THROW(
      testing::scenario_from(R"({"name": "a", "endpoints": [{"name": "e", "capacity_rpu": 16, "slots": 1}],
      "alarms": [{"name": "x", "metric": "cpu", "threshold": 1}]})"),
      InputError);
  EXPECT_THROW(
      testing::scenario_from(R"({"name": "a", "endpoints": [{"name": "e", "capacity_rpu": 16, "slots": 1}],
      "alarms": [{"name": "x", "endpoint": "nope", "metric": "spill", "threshold": 1}]})"),
      InputError);
}

}  // namespace
}  // namespace rsim
