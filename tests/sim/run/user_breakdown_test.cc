// The per-user breakdown against brute force: exact counts for every user, and distributions equal to
// recording each user's values straight into its own histograms, before and after a user outgrows its log.
#include "sim/run/user_breakdown.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace rsim {
namespace {

// A query that arrived at 0 and waited queue_us; its latency is the time it is recorded at.
QueryInFlight query_of(SimDuration queue_us) {
  QueryInFlight q;
  q.query.arrival = 0;
  q.queue_us = queue_us;
  return q;
}

void expect_same(const CompactDistribution& a, const CompactDistribution& b, const std::string& what) {
  EXPECT_EQ(a.histogram.count(), b.histogram.count()) << what;
  EXPECT_EQ(a.histogram.max(), b.histogram.max()) << what;
  EXPECT_EQ(a.histogram.min(), b.histogram.min()) << what;
  EXPECT_NEAR(a.summary.mean(), b.summary.mean(), 1e-9 * b.summary.mean()) << what;
  EXPECT_NEAR(a.summary.stddev(), b.summary.stddev(), 1e-6 * b.summary.stddev() + 1e-9) << what;
  for (const double q : {0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0})
    EXPECT_EQ(a.histogram.quantile(q), b.histogram.quantile(q)) << what << " q=" << q;
}

// 2,000 users drawn with weights 1/rank (so user 1 fills its log), some aborted.
TEST(UserBreakdown, EqualsRecordingEveryUserDirectly) {
  std::vector<double> w(2000);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = 1.0 / static_cast<double>(i + 1);
  std::discrete_distribution<std::size_t> pick(w.begin(), w.end());
  std::lognormal_distribution<double> latency(13.0, 1.0);
  std::mt19937_64 rng(3);
  UserBreakdown b;
  std::map<Symbol, MeasuredQueries> truth;
  for (int i = 0; i < 150'000; ++i) {
    const auto user = static_cast<Symbol>(pick(rng) + 1);
    const auto now = static_cast<SimTime>(latency(rng));
    const QueryEnd end = i % 97 == 0 ? QueryEnd::kAborted : QueryEnd::kCompleted;
    const QueryInFlight q = query_of(now / 3);
    b.add(user, q, now, end);
    truth[user].add(q, now, end);
  }
  ASSERT_GT(3 * truth[1].completed, UserBreakdown::kLogEntries);  // the heaviest user switched to histograms
  const auto users = b.users();
  ASSERT_EQ(b.distinct(), truth.size());
  ASSERT_EQ(users.size(), truth.size());
  MeasuredQueries all, all_truth;
  for (std::size_t i = 0; i < users.size(); ++i) {
    const MeasuredQueries& t = truth.at(users[i].label);
    EXPECT_EQ(users[i].queries, t.queries());
    EXPECT_EQ(users[i].aborted, t.aborted);
    const MeasuredQueries m = b.measured(i);
    EXPECT_EQ(m.completed, t.completed);
    const std::string who = "user " + std::to_string(users[i].label);
    expect_same(m.latency, t.latency, who + " latency");
    expect_same(m.queue, t.queue, who + " queue");
    expect_same(m.exec, t.exec, who + " exec");
    b.merge_into(i, all);
    all_truth.merge(t);
  }
  expect_same(all.latency, all_truth.latency, "all users merged");
  EXPECT_EQ(all.queries(), 150'000u);
}

TEST(UserBreakdown, UsersInOrderOfFirstAppearance) {
  UserBreakdown b;
  for (const Symbol u : {7u, 3u, 7u, 900u, 3u}) b.add(u, query_of(0), 10, QueryEnd::kCompleted);
  b.add(3, query_of(0), 10, QueryEnd::kAborted);
  const auto users = b.users();
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users[0].label, 7u);
  EXPECT_EQ(users[1].label, 3u);
  EXPECT_EQ(users[1].queries, 3u);
  EXPECT_EQ(users[1].aborted, 1u);
  EXPECT_EQ(users[2].label, 900u);
  const MeasuredQueries m = b.measured(1);
  EXPECT_EQ(m.completed, 2u);
  EXPECT_EQ(m.latency.histogram.max(), 10u);
}

// Past kUserLimit distinct users, further ones are counted and measured together, not one by one.
TEST(UserBreakdown, UsersPastTheLimitAreMeasuredTogether) {
  UserBreakdown b;
  const std::size_t extra = 10;
  for (std::size_t u = 1; u <= UserBreakdown::kUserLimit + extra; ++u)
    b.add(static_cast<Symbol>(u), query_of(0), 100, QueryEnd::kCompleted);
  b.add(static_cast<Symbol>(UserBreakdown::kUserLimit + 1), query_of(0), 300, QueryEnd::kCompleted);
  EXPECT_EQ(b.distinct(), UserBreakdown::kUserLimit + extra);
  EXPECT_EQ(b.users().size(), UserBreakdown::kUserLimit);
  EXPECT_EQ(b.untracked_users(), extra);
  EXPECT_EQ(b.untracked().queries(), extra + 1);
  EXPECT_EQ(b.untracked().latency.histogram.max(), 300u);
}

}  // namespace
}  // namespace rsim
