#include "workloads/synthetic/cron_schedule.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "workloads/trace/timestamp.h"

namespace rsim {
namespace {

SimTime at(const char* t) { return *parse_timestamp(t, nullptr); }

CronSchedule cron(const char* text) {
  std::string why;
  auto c = CronSchedule::parse(text, &why);
  EXPECT_TRUE(c) << why;
  return *c;
}

TEST(CronSchedule, NextFiringFollowsEachField) {
  EXPECT_EQ(cron("0 2 * * *").next(at("2026-03-02T01:00:00Z")), at("2026-03-02T02:00:00Z"));
  EXPECT_EQ(cron("0 2 * * *").next(at("2026-03-02T02:00:00Z")), at("2026-03-02T02:00:00Z"));
  EXPECT_EQ(cron("0 2 * * *").next(at("2026-03-02T02:00:01Z")), at("2026-03-03T02:00:00Z"));
  EXPECT_EQ(cron("*/20 * * * *").next(at("2026-03-02T10:41:00Z")), at("2026-03-02T11:00:00Z"));
  EXPECT_EQ(cron("30 6 1 * *").next(at("2026-03-02T00:00:00Z")), at("2026-04-01T06:30:00Z"));
  EXPECT_EQ(cron("0 0 * * 0").next(at("2026-03-02T00:00:00Z")), at("2026-03-08T00:00:00Z"));  // Sunday
  EXPECT_EQ(cron("0 0 * * 7").next(at("2026-03-02T00:00:00Z")), at("2026-03-08T00:00:00Z"));
  EXPECT_EQ(cron("0 12 29 2 *").next(at("2026-03-02T00:00:00Z")), at("2028-02-29T12:00:00Z"));
  EXPECT_EQ(cron("15,45 8-9 * * 1-5").next(at("2026-03-07T00:00:00Z")), at("2026-03-09T08:15:00Z"));
}

TEST(CronSchedule, BothDayFieldsRestrictedMatchEither) {
  // The 15th, or any Friday.
  const CronSchedule c = cron("0 0 15 * 5");
  EXPECT_EQ(c.next(at("2026-03-02T00:00:00Z")), at("2026-03-06T00:00:00Z"));  // Friday the 6th
  EXPECT_EQ(c.next(at("2026-03-14T00:00:01Z")), at("2026-03-15T00:00:00Z"));  // Sunday the 15th
}

// Found by the workload fuzz target: a start before 1970 (negative time) indexed the fields out of range.
TEST(CronSchedule, InstantsBefore1970) {
  EXPECT_EQ(cron("30 2 * * *").next(at("1013-03-02T00:00:00Z")), at("1013-03-02T02:30:00Z"));
  EXPECT_EQ(cron("0 0 * * 0").next(at("1969-12-31T23:59:30Z")), at("1970-01-04T00:00:00Z"));
  EXPECT_EQ(cron("* * * * *").next(at("1969-12-31T23:59:30Z")), at("1970-01-01T00:00:00Z"));
}

TEST(CronSchedule, MalformedExpressionsSayWhy) {
  std::string why;
  EXPECT_FALSE(CronSchedule::parse("* * * *", &why));
  EXPECT_THAT(why, ::testing::HasSubstr("5 fields"));
  EXPECT_FALSE(CronSchedule::parse("60 * * * *", &why));
  EXPECT_THAT(why, ::testing::HasSubstr("minute"));
  EXPECT_FALSE(CronSchedule::parse("* 5-2 * * *", &why));
  EXPECT_FALSE(CronSchedule::parse("*/0 * * * *", &why));
  EXPECT_FALSE(CronSchedule::parse("* * 0 * *", &why));
  EXPECT_FALSE(CronSchedule::parse("a * * * *", &why));
}

TEST(CronSchedule, StepDayFieldsDoNotWidenTheOther) {
  // "*/2" starts with '*': as in cron, only the weekday restricts, so odd days that are weekdays fire.
  const CronSchedule c = cron("0 0 */2 * 1-5");
  EXPECT_EQ(c.next(at("2026-03-07T00:00:01Z")), at("2026-03-09T00:00:00Z"));  // Saturday 7th: not a weekday
  EXPECT_EQ(c.next(at("2026-03-10T00:00:01Z")), at("2026-03-11T00:00:00Z"));  // Wednesday 11th (odd)
}

}  // namespace
}  // namespace rsim
