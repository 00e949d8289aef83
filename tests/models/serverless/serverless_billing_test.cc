// The serverless compute meter against bills computed by hand (models/model.md section 5,
// models/catalog/facts.md 1.3).
#include "models/serverless/serverless_billing.h"

#include <gtest/gtest.h>

namespace rsim {
namespace {

constexpr SimTime kS = 1'000'000;  // one second in µs
constexpr auto kMin60 = ServerlessBillingMode::kPerSecondMin60;
constexpr auto kMinute = ServerlessBillingMode::kPerActiveMinute;

TEST(ServerlessBilling, OneTenSecondQueryAt8RpuIsChargedTheMinute) {
  for (const auto mode : {kMin60, kMinute}) {
    ServerlessBilling b(mode, 8);
    b.start(100 * kS);  // 00:01:40, inside one clock minute
    b.stop(110 * kS);
    const ServerlessUsage u = b.usage(110 * kS);
    EXPECT_DOUBLE_EQ(u.rpu_seconds, 80);           // 10 s x 8 RPU used
    EXPECT_DOUBLE_EQ(u.charged_rpu_seconds, 480);  // 60 s minimum x 8 RPU
    EXPECT_EQ(u.activations, 1u);
  }
}

TEST(ServerlessBilling, TwoQueriesThirtySecondsApart) {
  // 10 s each, the second starting 30 s after the first: both inside one minimum window: 480 RPU-s.
  ServerlessBilling b(kMin60, 8);
  b.start(0);
  b.stop(10 * kS);
  b.start(30 * kS);
  b.stop(40 * kS);
  ServerlessUsage u = b.usage(40 * kS);
  EXPECT_DOUBLE_EQ(u.rpu_seconds, 160);
  EXPECT_DOUBLE_EQ(u.charged_rpu_seconds, 480);
  EXPECT_EQ(u.activations, 1u);

  // The second starting 30 s after the first one's minute ran out (at 90 s): a second minimum.
  ServerlessBilling late(kMin60, 8);
  late.start(0);
  late.stop(10 * kS);
  late.start(90 * kS);
  late.stop(100 * kS);
  u = late.usage(100 * kS);
  EXPECT_DOUBLE_EQ(u.charged_rpu_seconds, 960);
  EXPECT_EQ(u.activations, 2u);

  // Activity past the minimum is billed per second: 0-10 s, then 50-75 s: 75 s x 8 RPU.
  ServerlessBilling longer(kMin60, 8);
  longer.start(0);
  longer.stop(10 * kS);
  longer.start(50 * kS);
  longer.stop(75 * kS);
  EXPECT_DOUBLE_EQ(longer.usage(75 * kS).charged_rpu_seconds, 600);
}

TEST(ServerlessBilling, StatementsBackToBackAreOneActivation) {
  // Four 25 s statements at 8 RPU, each starting the instant the one before stops: the workgroup is busy
  // 100 s without a pause, so 100 s x 8 RPU are charged, not a second minimum from 75 s (1,080 RPU-s).
  ServerlessBilling b(kMin60, 8);
  for (int i = 0; i < 4; ++i) {
    b.start(i * 25 * kS);
    b.stop((i + 1) * 25 * kS);
  }
  ServerlessUsage u = b.usage(100 * kS);
  EXPECT_DOUBLE_EQ(u.rpu_seconds, 800);
  EXPECT_DOUBLE_EQ(u.charged_rpu_seconds, 800);
  EXPECT_EQ(u.activations, 1u);

  // A tie exactly at the end of the minimum continues it as well: 0-60 s, then 60-70 s: 70 s x 8 RPU.
  ServerlessBilling edge(kMin60, 8);
  edge.start(0);
  edge.stop(60 * kS);
  edge.start(60 * kS);
  edge.stop(70 * kS);
  u = edge.usage(70 * kS);
  EXPECT_DOUBLE_EQ(u.charged_rpu_seconds, 560);
  EXPECT_EQ(u.activations, 1u);

  // One microsecond of idleness after the minimum starts a new activation and its minimum.
  ServerlessBilling gap(kMin60, 8);
  gap.start(0);
  gap.stop(75 * kS);
  gap.start(75 * kS + 1);
  gap.stop(80 * kS);
  u = gap.usage(80 * kS);
  EXPECT_NEAR(u.charged_rpu_seconds, 75 * 8 + 60 * 8, 1e-6);
  EXPECT_EQ(u.activations, 2u);
}

TEST(ServerlessBilling, QuerySpanningAScaleUp) {
  // 8 RPU from 0 s, 16 RPU from 30 s, done at 90 s: 8 x 30 + 16 x 60 used and charged.
  ServerlessBilling b(kMin60, 8);
  b.start(0);
  b.set_capacity(30 * kS, 16);
  b.stop(90 * kS);
  ServerlessUsage u = b.usage(90 * kS);
  EXPECT_DOUBLE_EQ(u.rpu_seconds, 1200);
  EXPECT_DOUBLE_EQ(u.charged_rpu_seconds, 1200);

  // A short one: 8 RPU for 20 s, 16 RPU for 20 s; the rest of the minute (20 s) at 16 RPU.
  ServerlessBilling s(kMin60, 8);
  s.start(0);
  s.set_capacity(20 * kS, 16);
  s.stop(40 * kS);
  u = s.usage(40 * kS);
  EXPECT_DOUBLE_EQ(u.rpu_seconds, 480);
  EXPECT_DOUBLE_EQ(u.charged_rpu_seconds, 160 + 320 + 320);

  // Per active minute: each minute at the largest capacity it was active at. 0:00-0:30 at 8, 0:30-1:30 at 16:
  // minute 0 at 16, minute 1 at 16.
  ServerlessBilling m(kMinute, 8);
  m.start(0);
  m.set_capacity(30 * kS, 16);
  m.stop(90 * kS);
  u = m.usage(90 * kS);
  EXPECT_DOUBLE_EQ(u.charged_rpu_seconds, 2 * 60 * 16);
  EXPECT_EQ(u.activations, 2u);
}

TEST(ServerlessBilling, AScaleUpInsideAPrepaidMinuteIsCharged) {
  // A runs 0-10 s at 8 RPU: the minute to 60 s is billed at 8. B runs 15-55 s; capacity 16 from 25 s: the 30
  // s at 16 owe 8 RPU more than prepaid. Charged never falls below used.
  ServerlessBilling b(kMin60, 8);
  b.start(0);
  b.stop(10 * kS);
  b.start(15 * kS);
  b.set_capacity(25 * kS, 16);
  b.stop(55 * kS);
  const ServerlessUsage u = b.usage(55 * kS);
  EXPECT_DOUBLE_EQ(u.rpu_seconds, 80 + 80 + 480);
  EXPECT_DOUBLE_EQ(u.charged_rpu_seconds, 480 + 8 * 30);
  EXPECT_GE(u.charged_rpu_seconds, u.rpu_seconds);
}

TEST(ServerlessBilling, ACapacityChangeAtAMinuteBoundaryBillsNoExtraMinute) {
  ServerlessBilling b(kMinute, 8);
  b.start(30 * kS);
  b.set_capacity(60 * kS, 16);
  b.stop(60 * kS);
  EXPECT_DOUBLE_EQ(b.usage(60 * kS).charged_rpu_seconds, 480);
}

TEST(ServerlessBilling, PerActiveMinuteCountsClockMinutes) {
  ServerlessBilling b(kMinute, 8);
  b.start(50 * kS);  // 00:00:50 to 00:01:10 touches two clock minutes
  b.stop(70 * kS);
  b.start(80 * kS);  // more activity in minute 1: no new charge
  b.stop(85 * kS);
  b.start(120 * kS);  // exactly at 00:02:00 for 60 s: minute 2 only
  b.stop(180 * kS);
  const ServerlessUsage u = b.usage(180 * kS);
  EXPECT_DOUBLE_EQ(u.charged_rpu_seconds, 3 * 480);
  EXPECT_EQ(u.activations, 3u);
  EXPECT_DOUBLE_EQ(u.rpu_seconds, 8 * (20 + 5 + 60));
}

TEST(ServerlessBilling, ADayOfKeepAliveProbes) {
  // An "idle" 8 RPU workgroup whose connection pool sends a keep-alive every 5 minutes: 288 minimum charges a
  // day, 288 x 60 s x 8 RPU = 138,240 RPU-s = 38.4 RPU-hours, $14.40 at $0.375. Every 30 s: never idle,
  // billed all day: 86,400 s x 8 RPU.
  for (const auto mode : {kMin60, kMinute}) {
    ServerlessBilling every5(mode, 8), every30s(mode, 8);
    for (SimTime t = 0; t < 86'400 * kS; t += 300 * kS) every5.touch(t);
    for (SimTime t = 0; t < 86'400 * kS; t += 30 * kS) every30s.touch(t);
    const ServerlessUsage a = every5.usage(86'400 * kS);
    EXPECT_DOUBLE_EQ(a.charged_rpu_seconds, 138'240);
    EXPECT_NEAR(a.charged_rpu_seconds / 3600 * 0.375, 14.40, 1e-9);
    EXPECT_EQ(a.activations, 288u);
    EXPECT_DOUBLE_EQ(a.rpu_seconds, 0);
    EXPECT_DOUBLE_EQ(every30s.usage(86'400 * kS).charged_rpu_seconds, 691'200);
  }
}

TEST(ServerlessBilling, UsageClosesAnOpenActivity) {
  ServerlessBilling b(kMin60, 16);
  b.start(0);
  const ServerlessUsage mid = b.usage(10 * kS);  // const: the meter goes on
  EXPECT_DOUBLE_EQ(mid.rpu_seconds, 160);
  EXPECT_DOUBLE_EQ(mid.charged_rpu_seconds, 960);
  EXPECT_TRUE(b.active());
  b.stop(100 * kS);
  EXPECT_DOUBLE_EQ(b.usage(100 * kS).charged_rpu_seconds, 1600);
}

}  // namespace
}  // namespace rsim
