#include "sim/stats/confidence.h"

#include <gtest/gtest.h>

#include "sim/core/random.h"
#include "sim/stats/summary.h"
#include "sim/stats/time_weighted.h"

namespace rsim {
namespace {

TEST(Confidence, StudentTHalfWidth) {
  // Values 1..5: mean 3, sd sqrt(2.5); t(0.975, 4) = 2.776445.
  const std::vector<double> v = {1, 2, 3, 4, 5};
  EXPECT_NEAR(t_half_width(v, 0.95), 2.776445 * std::sqrt(2.5) / std::sqrt(5.0), 1e-5);
  EXPECT_EQ(t_half_width(std::vector<double>{4}, 0.95), 0.0);
}

// For i.i.d. data, a 95% batch-means interval covers the true mean about 95% of the time.
TEST(Confidence, BatchMeansCoverage) {
  int covered = 0;
  const int trials = 400;
  for (int t = 0; t < trials; ++t) {
    RandomStream r(1000 + t);
    BatchMeans b;
    for (int i = 0; i < 5000; ++i) b.add(r.exponential(1.0));
    EXPECT_GE(b.batches(), BatchMeans::kMaxBatches / 2);
    covered += std::abs(b.mean() - 1.0) <= b.half_width(0.95);
  }
  EXPECT_NEAR(covered / static_cast<double>(trials), 0.95, 0.035);
}

TEST(Summary, WelfordAndMerge) {
  Summary a, b, all;
  for (int i = 1; i <= 100; ++i) {
    (i % 3 ? a : b).add(i);
    all.add(i);
  }
  a.merge(b);
  EXPECT_DOUBLE_EQ(a.mean(), 50.5);
  EXPECT_NEAR(a.variance(), all.variance(), 1e-9);
  EXPECT_NEAR(all.variance(), 841.6666666, 1e-6);
  EXPECT_EQ(a.min(), 1);
  EXPECT_EQ(a.max(), 100);
}

TEST(TimeWeighted, AveragesPiecewiseConstantValues) {
  TimeWeighted w;
  w.start(0, 0);
  w.set(10, 2);  // 0 for 10 units
  w.set(30, 1);  // 2 for 20 units
  EXPECT_DOUBLE_EQ(w.mean(40), (0 * 10 + 2 * 20 + 1 * 10) / 40.0);
  EXPECT_EQ(w.peak(), 2);
}

}  // namespace
}  // namespace rsim
