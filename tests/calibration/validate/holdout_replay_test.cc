#include "calibration/validate/holdout_replay.h"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/core/random.h"

namespace rsim {
namespace {

TEST(HoldoutReplay, KsDistanceOfKnownSamples) {
  EXPECT_DOUBLE_EQ(ks_distance({1, 2, 3}, {1, 2, 3}), 0.0);
  EXPECT_DOUBLE_EQ(ks_distance({1, 2}, {3, 4}), 1.0);  // disjoint
  // F_a(2) = 2/4, F_b(2) = 0: the largest gap.
  EXPECT_DOUBLE_EQ(ks_distance({1, 2, 3, 4}, {3, 4, 5, 6}), 0.5);
}

TEST(HoldoutReplay, KsDistanceOfTwoSamplesOfOneLawShrinksLikeTheKolmogorovBound) {
  RandomStream r(7);
  std::vector<double> a, b;
  for (int i = 0; i < 20000; ++i) {
    a.push_back(r.exponential(1.0));
    b.push_back(r.exponential(1.0));
  }
  // 95% critical value of the two-sample test: 1.358 * sqrt(2 / n).
  EXPECT_LT(ks_distance(a, b), 1.358 * std::sqrt(2.0 / 20000));
  for (double& x : b) x *= 1.2;
  EXPECT_GT(ks_distance(a, b), 0.04);  // a 20% slower law is told apart
}

TEST(HoldoutReplay, QuantilesAreNearestRank) {
  std::vector<double> v;
  for (int i = 100; i >= 1; --i) v.push_back(i);
  EXPECT_EQ(quantile(v, 0.50), 50);
  EXPECT_EQ(quantile(v, 0.95), 95);
  EXPECT_EQ(quantile(v, 0.99), 99);
  EXPECT_EQ(quantile({7}, 0.99), 7);
}

TEST(HoldoutReplay, AClusterIsReplayedWithItsObservedQueues) {
  ObservedEndpoint e;
  e.observed_capacity = "ra3.4xlarge:2";
  e.base_rpu = 32;
  e.wlm = nlohmann::json::parse(R"({"service_classes": [
      {"service_class": 6, "name": "etl", "num_query_tasks": 2, "query_working_mem": 1000},
      {"service_class": 7, "name": "bi", "num_query_tasks": 5, "query_working_mem": 2000,
       "concurrency_scaling": "auto"},
      {"service_class": 14, "name": "Short query queue", "num_query_tasks": 6, "query_working_mem": 100}]})");
  ServiceTimeFit fit;
  fit.exponent = 0.4;
  const auto s = replay_scenario(e, fit, std::nullopt);
  const auto& c = s["endpoints"][0];
  EXPECT_EQ(c["node_type"], "ra3.4xlarge");
  EXPECT_EQ(c["nodes"], 2);
  EXPECT_EQ(c["concurrency_exponent"], 0.4);
  ASSERT_EQ(c["wlm"]["queues"].size(), 2u);  // the SQA class is not a queue
  // Per slot per node: 1000 MB x 2 slots x 2 nodes and 2000 x 5 x 2 of 24,000 MB.
  EXPECT_EQ(c["wlm"]["memory_mb"], 24000.0);
  EXPECT_NEAR(c["wlm"]["queues"][0]["memory_percent"].get<double>(), 100.0 * 4000 / 24000, 1e-9);
  EXPECT_EQ(c["wlm"]["queues"][0]["query_groups"][0], "etl");
  EXPECT_FALSE(c["wlm"]["queues"][1].contains("query_groups"));  // the default queue
  EXPECT_EQ(c["wlm"]["queues"][1]["concurrency_scaling"], "auto");
  EXPECT_EQ(s["work"]["source"], "predicted");
}

}  // namespace
}  // namespace rsim
