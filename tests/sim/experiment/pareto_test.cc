// The cost-vs-latency Pareto front against a brute-force definition of dominance.
#include "sim/experiment/pareto.h"

#include <gtest/gtest.h>

#include "sim/core/random.h"

namespace rsim {
namespace {

std::vector<bool> brute_force(const std::vector<std::pair<double, double>>& p) {
  std::vector<bool> front(p.size(), true);
  for (std::size_t i = 0; i < p.size(); ++i) {
    for (std::size_t j = 0; j < p.size(); ++j) {
      const bool no_worse = p[j].first <= p[i].first && p[j].second <= p[i].second;
      const bool better = p[j].first < p[i].first || p[j].second < p[i].second;
      if (no_worse && better) front[i] = false;
    }
  }
  return front;
}

TEST(Pareto, KeepsTheUndominatedPoints) {
  // (cost, p95): the cheapest, the fastest and one between are on the front; the rest are beaten.
  const std::vector<std::pair<double, double>> p = {{500, 180}, {550, 90}, {710, 55}, {740, 60},
                                                    {1050, 38}, {600, 95}, {550, 95}, {1050, 40}};
  EXPECT_EQ(pareto_front(p), (std::vector<bool>{true, true, true, false, true, false, false, false}));
}

TEST(Pareto, EqualPointsShareTheirFate) {
  EXPECT_EQ(pareto_front({{1, 1}, {1, 1}, {2, 2}}), (std::vector<bool>{true, true, false}));
  EXPECT_EQ(pareto_front({{1, 2}, {1, 2}, {1, 1}}), (std::vector<bool>{false, false, true}));
  EXPECT_EQ(pareto_front({}), std::vector<bool>{});
}

TEST(Pareto, MatchesBruteForceOnRandomPoints) {
  RandomStream rng(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::pair<double, double>> p(1 + rng.below(40));
    // A coarse grid makes ties in either coordinate common.
    for (auto& [x, y] : p) {
      x = static_cast<double>(rng.below(8));
      y = static_cast<double>(rng.below(8));
    }
    ASSERT_EQ(pareto_front(p), brute_force(p)) << "round " << round;
  }
}

}  // namespace
}  // namespace rsim
