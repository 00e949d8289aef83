#include "sim/stats/histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace rsim {
namespace {

TEST(LogLinearHistogram, SmallValuesAreExact) {
  LogLinearHistogram h;
  for (std::uint64_t v = 0; v < 512; ++v) h.record(v);
  EXPECT_EQ(h.quantile(0.5), 255.0);
  EXPECT_EQ(h.quantile(1.0), 511.0);
  EXPECT_EQ(h.quantile(0.0), 0.0);
}

TEST(LogLinearHistogram, BucketsTileTheLine) {
  for (std::size_t i = 1; i < 14000; ++i) {
    ASSERT_EQ(LogLinearHistogram::lower_bound_of(i),
              LogLinearHistogram::lower_bound_of(i - 1) + LogLinearHistogram::width_of(i - 1));
    ASSERT_EQ(LogLinearHistogram::index_of(LogLinearHistogram::lower_bound_of(i)), i);
  }
}

// Percentiles of long-tailed data against exact order statistics: relative error within 0.5% (the design
// bound is 0.2%).
TEST(LogLinearHistogram, QuantilesWithinHalfAPercent) {
  std::mt19937_64 rng(5);
  std::lognormal_distribution<double> d(12.0, 2.0);
  std::vector<std::uint64_t> values;
  LogLinearHistogram h;
  for (int i = 0; i < 200000; ++i) {
    const auto v = static_cast<std::uint64_t>(d(rng));
    values.push_back(v);
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  for (const double q : {0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999}) {
    const auto rank = static_cast<std::size_t>(std::ceil(q * values.size()));
    const double exact = static_cast<double>(values[rank - 1]);
    EXPECT_LE(std::abs(h.quantile(q) - exact), 0.005 * exact + 0.5) << "q=" << q;
  }
  EXPECT_EQ(h.max(), values.back());
  EXPECT_EQ(h.min(), values.front());
}

TEST(LogLinearHistogram, MergeEqualsRecordingEverything) {
  LogLinearHistogram a, b, all;
  for (std::uint64_t v = 1; v < 100000; v += 7) {
    (v % 2 ? a : b).record(v * 13);
    all.record(v * 13);
  }
  a.merge(b);
  EXPECT_EQ(a.count(), all.count());
  for (const double q : {0.1, 0.5, 0.99}) EXPECT_EQ(a.quantile(q), all.quantile(q));
}

TEST(LogLinearHistogram, MemoryIsBounded) {
  LogLinearHistogram h;
  h.record(UINT64_MAX);
  EXPECT_LT(LogLinearHistogram::index_of(UINT64_MAX), 15000u);
  EXPECT_NEAR(h.quantile(0.5), static_cast<double>(UINT64_MAX), static_cast<double>(UINT64_MAX) * 0.002);
}

}  // namespace
}  // namespace rsim
