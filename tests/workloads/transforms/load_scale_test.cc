#include "workloads/transforms/load_scale.h"

#include <gtest/gtest.h>

#include <set>

#include "tests/workloads/transforms/transform_test_support.h"

namespace rsim {
namespace {

using testing::by_session;
using testing::drain;
using testing::gaps;
using testing::ListSource;
using testing::session_trace;

bool sorted(const std::vector<Query>& qs) {
  return std::is_sorted(qs.begin(), qs.end(),
                        [](const Query& a, const Query& b) { return a.arrival < b.arrival; });
}

TEST(LoadScale, TwiceTheLoadDoublesTheRateAndKeepsEachSessionsSpacing) {
  const auto in = session_trace(200, 20);
  ListSource source(in);
  LoadScale scaled(source, LoadScaleConfig{2.0, 30.0, 7});
  const auto out = drain(scaled);
  ASSERT_EQ(out.size(), 2 * in.size());
  EXPECT_TRUE(sorted(out));
  std::set<std::string> ids;
  for (const Query& q : out) ids.insert(q.id);
  EXPECT_EQ(ids.size(), out.size()) << "copies need ids of their own";

  const auto original = by_session(in);
  const auto scaled_sessions = by_session(out);
  ASSERT_EQ(scaled_sessions.size(), 2 * original.size());
  // Every session, original or copy, has the spacing of an original session; copies are shifted.
  std::multiset<std::vector<SimTime>> want;
  for (const auto& [s, arrivals] : original) {
    want.insert(gaps(arrivals));
    want.insert(gaps(arrivals));
  }
  std::multiset<std::vector<SimTime>> got;
  int shifted = 0;
  for (const auto& [s, arrivals] : scaled_sessions) {
    got.insert(gaps(arrivals));
    if (!original.contains(s)) shifted += arrivals.front() != original.begin()->second.front();
  }
  EXPECT_EQ(got, want);
  EXPECT_GT(shifted, 150) << "jitter shifts the copies";
  // The span grows by at most the jitter: the rate doubles.
  EXPECT_LE(out.back().arrival - out.front().arrival, in.back().arrival - in.front().arrival + 30'000'000);
}

TEST(LoadScale, FractionalFactorsKeepOrThinWholeSessions) {
  const auto in = session_trace(2000, 5);
  for (const double k : {0.5, 1.5}) {
    ListSource source(in);
    LoadScale scaled(source, LoadScaleConfig{k, 0.0, 3});
    const auto out = drain(scaled);
    const auto sessions = by_session(out);
    for (const auto& [s, arrivals] : sessions) EXPECT_EQ(arrivals.size(), 5u) << "sessions stay whole";
    // 2000 sessions, each extra copy a coin flip: within 4 standard deviations (sd = sqrt(2000 * 0.25) = 22).
    EXPECT_NEAR(static_cast<double>(sessions.size()), 2000 * k, 90) << k;
    EXPECT_TRUE(sorted(out));
  }
}

TEST(LoadScale, SameSeedSameResult) {
  const auto in = session_trace(50, 10);
  ListSource a(in), b(in);
  LoadScale x(a, LoadScaleConfig{2.5, 10.0, 11}), y(b, LoadScaleConfig{2.5, 10.0, 11});
  const auto qa = drain(x), qb = drain(y);
  ASSERT_EQ(qa.size(), qb.size());
  for (std::size_t i = 0; i < qa.size(); ++i) {
    EXPECT_EQ(qa[i].id, qb[i].id);
    EXPECT_EQ(qa[i].arrival, qb[i].arrival);
  }
}

}  // namespace
}  // namespace rsim
