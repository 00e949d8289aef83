#include "workloads/synthetic/arrival_process.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <numeric>

#include "tests/support/scenario_errors.h"
#include "workloads/trace/timestamp.h"

namespace rsim {
namespace {

constexpr SimTime kHour = 3600 * kMicrosPerSecond;
constexpr SimTime kDay = 24 * kHour;
const SimTime kMonday = *parse_timestamp("2026-03-02", nullptr);  // a Monday, midnight UTC

ArrivalSpec spec_of(const std::string& json) {
  const JsonDocument doc = JsonDocument::parse(json, "w.json");
  return parse_arrivals(doc.root());
}

std::vector<SimTime> arrivals(const std::string& json, SimTime span, std::uint64_t seed = 1) {
  ArrivalProcess p(spec_of(json), kMonday, kMonday + span, RandomStream(seed));
  std::vector<SimTime> out;
  while (auto t = p.next()) out.push_back(*t);
  return out;
}

// Counts per window of `width`, over [start, start + span).
std::vector<double> counts(const std::vector<SimTime>& ts, SimTime width, SimTime span) {
  std::vector<double> c(static_cast<std::size_t>(span / width), 0.0);
  for (const SimTime t : ts) c[static_cast<std::size_t>((t - kMonday) / width)] += 1;
  return c;
}

double dispersion(const std::vector<double>& c) {
  const double n = static_cast<double>(c.size());
  const double mean = std::accumulate(c.begin(), c.end(), 0.0) / n;
  double var = 0;
  for (const double x : c) var += (x - mean) * (x - mean);
  return var / (n - 1) / mean;
}

TEST(ArrivalProcess, PoissonCountsHaveDispersionNearOne) {
  const auto ts = arrivals(R"({"process": "poisson", "rate_per_s": 2})", 2 * kDay);
  EXPECT_TRUE(std::is_sorted(ts.begin(), ts.end()));
  // 345,600 expected arrivals: within 4 standard deviations (588) of the mean.
  EXPECT_NEAR(static_cast<double>(ts.size()), 345'600.0, 2'400.0);
  // 2,880 one-minute windows of mean 120: the dispersion index's standard error is sqrt(2 / 2879) = 0.026.
  EXPECT_NEAR(dispersion(counts(ts, 60 * kMicrosPerSecond, 2 * kDay)), 1.0, 0.1);
}

TEST(ArrivalProcess, HourlyAndWeeklyProfileShapeTheRate) {
  std::array<double, 24> hourly{};
  for (int h = 0; h < 24; ++h) hourly[h] = h >= 8 && h < 18 ? 4.0 : 1.0;
  const std::array<double, 7> weekly = {1, 1, 1, 1, 1, 0.25, 0.25};
  std::string json = R"({"process": "profile", "rate_per_s": 1, "hourly": [)";
  for (int h = 0; h < 24; ++h) json += (h ? "," : "") + std::to_string(hourly[h]);
  json += R"(], "weekly": [1, 1, 1, 1, 1, 0.25, 0.25]})";
  const SimTime span = 4 * 7 * kDay;
  const auto ts = arrivals(json, span);
  EXPECT_TRUE(std::is_sorted(ts.begin(), ts.end()));
  // The mean rate is rate_per_s: the weights are relative.
  EXPECT_NEAR(static_cast<double>(ts.size()) / to_seconds(span), 1.0, 0.01);
  // Each hour of the day's share of the arrivals, against its weight's share.
  std::array<double, 24> by_hour{};
  std::array<double, 7> by_day{};
  for (const SimTime t : ts) {
    by_hour[static_cast<std::size_t>(((t - kMonday) / kHour) % 24)] += 1;
    by_day[static_cast<std::size_t>(((t - kMonday) / kDay) % 7)] += 1;
  }
  const double total = static_cast<double>(ts.size());
  const double hourly_sum = std::accumulate(hourly.begin(), hourly.end(), 0.0);
  for (int h = 0; h < 24; ++h) {
    EXPECT_NEAR(by_hour[h] / total, hourly[h] / hourly_sum, 0.05 * hourly[h] / hourly_sum) << "hour " << h;
  }
  for (int d = 0; d < 7; ++d)
    EXPECT_NEAR(by_day[d] / total, weekly[d] / 5.5, 0.05 * weekly[d] / 5.5) << "day " << d;
}

TEST(ArrivalProcess, MmppIsBurstyAndKeepsItsMeanRate) {
  const auto ts = arrivals(
      R"({"process": "mmpp", "on_rate_per_s": 5, "off_rate_per_s": 0.1, "mean_on_s": 120, "mean_off_s": 600})",
      7 * kDay);
  EXPECT_TRUE(std::is_sorted(ts.begin(), ts.end()));
  // Mean rate: (5 x 120 + 0.1 x 600) / 720 = 0.9167 per second.
  EXPECT_NEAR(static_cast<double>(ts.size()) / to_seconds(7 * kDay), 0.9167, 0.05);
  EXPECT_GT(dispersion(counts(ts, 60 * kMicrosPerSecond, 7 * kDay)), 20.0);
}

TEST(ArrivalProcess, ScheduleFiresAtCronTimes) {
  const auto ts = arrivals(
      R"({"process": "schedule", "cron": "*/15 9-17 * * 1-5", "queries": 3, "spread_s": 10})", 7 * kDay);
  // 9:00 to 17:45 every 15 minutes = 36 firings a weekday, 5 weekdays, 3 queries each.
  ASSERT_EQ(ts.size(), 36u * 5u * 3u);
  EXPECT_TRUE(std::is_sorted(ts.begin(), ts.end()));
  EXPECT_EQ((ts.front() - kMonday) / kMicrosPerSecond / 60, 9 * 60);
  for (const SimTime t : ts) EXPECT_LT((t - kMonday) % (15 * 60 * kMicrosPerSecond), 10 * kMicrosPerSecond);
}

TEST(ArrivalProcess, PeriodicIsExact) {
  const auto ts = arrivals(R"({"process": "periodic", "interval_s": 60, "phase_s": 30})", kHour);
  ASSERT_EQ(ts.size(), 60u);
  EXPECT_EQ(ts[0] - kMonday, 30 * kMicrosPerSecond);
  EXPECT_EQ(ts[59] - ts[0], 59 * 60 * kMicrosPerSecond);
}

// Found by the workload fuzz target: a profile starting before 1970 took a negative hour of day.
TEST(ArrivalProcess, ProfileBefore1970) {
  const SimTime start = *parse_timestamp("1013-03-02", nullptr);
  ArrivalProcess p(
      spec_of(R"({"process": "profile", "rate_per_s": 1, "hourly": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                                                                 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]})"),
      start, start + kDay, RandomStream(1));
  int n = 0, last_hour = 0;
  while (auto t = p.next()) {
    ++n;
    last_hour += (*t - start) / kHour == 23;
  }
  EXPECT_NEAR(n, 86400, 1200);
  EXPECT_EQ(last_hour, 0) << "the last hour has weight 0";
}

TEST(ArrivalProcess, BadSpecsNameTheKey) {
  const auto error = [](const std::string& json) { return testing::input_error([&] { spec_of(json); }); };
  EXPECT_THAT(error(R"({"process": "gamma"})"), ::testing::HasSubstr("$.process"));
  EXPECT_THAT(error(R"({"process": "poisson", "rate_per_s": -1})"), ::testing::HasSubstr("$.rate_per_s"));
  EXPECT_THAT(error(R"({"process": "profile", "rate_per_s": 1, "hourly": [1, 2]})"),
              ::testing::HasSubstr("expected 24 weights"));
  EXPECT_THAT(error(R"({"process": "schedule", "cron": "61 * * * *"})"), ::testing::HasSubstr("minute"));
  EXPECT_THAT(error(R"({"process": "poisson", "rate_per_s": 1, "burst": 2})"),
              ::testing::HasSubstr("$.burst"));
}

}  // namespace
}  // namespace rsim
