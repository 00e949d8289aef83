// Pause and resume (models/catalog/facts.md 2.2): schedules, what happens to queries, and what is billed.
#include <gtest/gtest.h>

#include "models/endpoint/pause_schedule.h"
#include "sim/io/input_error.h"
#include "sim/run/replication.h"
#include "tests/support/query_log.h"
#include "tests/support/run_helpers.h"
#include "tests/support/sources.h"
#include "workloads/trace/timestamp.h"

namespace rsim {
namespace {

using testing::make_query;
constexpr SimTime kS = 1'000'000;
constexpr SimTime kMin = 60 * kS;

SimTime at(const char* iso) { return *parse_timestamp(iso, nullptr); }

TEST(PauseSchedule, DailyWindowsCrossMidnightAndKeepToTheirWeekdays) {
  // 20:00 to 06:00, starting on weekdays only. 2026-03-06 is a Friday, 2026-03-07 a Saturday.
  PauseSchedule s({DailyPause{20 * 60, 6 * 60, 0x1F}}, {});
  auto w = s.next(at("2026-03-06T12:00:00Z"));
  ASSERT_TRUE(w);
  EXPECT_EQ(w->from, at("2026-03-06T20:00:00Z"));
  EXPECT_EQ(w->to, at("2026-03-07T06:00:00Z"));
  w = s.next(at("2026-03-07T03:00:00Z"));  // inside Friday's window
  EXPECT_EQ(w->from, at("2026-03-06T20:00:00Z"));
  w = s.next(at("2026-03-07T07:00:00Z"));  // no window starts on Saturday or Sunday
  EXPECT_EQ(w->from, at("2026-03-09T20:00:00Z"));
}

TEST(PauseSchedule, AbsoluteWindowsComeFirstWhenEarlier) {
  PauseSchedule s({DailyPause{20 * 60, 21 * 60, 0x7F}},
                  {PauseWindow{at("2026-03-06T10:00:00Z"), at("2026-03-06T11:00:00Z")}});
  EXPECT_EQ(s.next(at("2026-03-06T09:00:00Z"))->from, at("2026-03-06T10:00:00Z"));
  EXPECT_EQ(s.next(at("2026-03-06T11:00:00Z"))->from, at("2026-03-06T20:00:00Z"));
}

std::string cluster(const std::string& pause) {
  return R"({"name": "p", "endpoints": [{"name": "c", "kind": "provisioned", "node_type": "ra3.4xlarge",
    "nodes": 2, "concurrency_exponent": 1.0, "sqa": {"enabled": false}, "pause": )" +
         pause + R"(, "wlm": {"queues": [{"slots": 2, "memory_percent": 100}]}}]})";
}

const std::string kWindow = R"({"windows": [{"from": "1970-01-01T00:10:00Z", "to": "1970-01-01T00:20:00Z"}],
                                  "resume_delay_s": 60)";

TEST(Pause, RunningQueriesEndQueuedOnesWaitForTheResumeAndPausedTimeIsNotBilled) {
  SymbolTable symbols;
  testing::QueryLog log;
  testing::ListSource src({make_query("A", 0, 20 * 60'000), make_query("B", 12 * kMin, 60'000)});
  const auto r = run_replication(testing::scenario_from(cluster(kWindow + "}")), src, symbols, 1, &log);
  EXPECT_EQ(log.queries.at("A").how, QueryEnd::kAborted);
  EXPECT_EQ(log.queries.at("A").end, 10 * kMin);
  // Resume requested at 20 min, queries run from 21 min.
  EXPECT_EQ(log.queries.at("B").how, QueryEnd::kCompleted);
  EXPECT_EQ(log.queries.at("B").end, 22 * kMin);
  EXPECT_EQ(r.meters[0].pauses, 1u);
  EXPECT_DOUBLE_EQ(r.meters[0].paused_s, 600);
  EXPECT_DOUBLE_EQ(r.meters[0].running_s, 22 * 60 - 600);
}

TEST(Pause, ArrivalsFailWhileSetToFail) {
  SymbolTable symbols;
  testing::QueryLog log;
  testing::ListSource src(
      {make_query("A", 0, 1'000), make_query("B", 12 * kMin, 60'000), make_query("C", 30 * kMin, 1'000)});
  run_replication(testing::scenario_from(cluster(kWindow + R"(, "while_paused": "fail"})")), src, symbols, 1,
                  &log);
  EXPECT_EQ(log.queries.at("B").how, QueryEnd::kAborted);
  EXPECT_EQ(log.queries.at("B").end, 12 * kMin);
  EXPECT_EQ(log.queries.at("C").how, QueryEnd::kCompleted);
}

TEST(Pause, BadSchedulesAreRejected) {
  EXPECT_THROW(testing::scenario_from(cluster(R"({"daily": [{"from": "25:00", "to": "06:00"}]})")),
               InputError);
  EXPECT_THROW(
      testing::scenario_from(cluster(R"({"daily": [{"from": "20:00", "to": "06:00", "days": ["fry"]}]})")),
      InputError);
  EXPECT_THROW(testing::scenario_from(cluster(R"({"windows": [{"from": "1970-01-01T00:20:00Z",
                                                               "to": "1970-01-01T00:10:00Z"}]})")),
               InputError);
}

}  // namespace
}  // namespace rsim
