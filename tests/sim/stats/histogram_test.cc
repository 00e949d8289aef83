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

// The compact variant: percentiles within its 1.6% bound, and counts past 2^32 (merged breakdowns of long
// traces) that do not wrap.
TEST(CompactHistogram, QuantilesWithinItsBound) {
  std::mt19937_64 rng(8);
  std::lognormal_distribution<double> d(13.0, 1.5);
  std::vector<std::uint64_t> values;
  CompactHistogram h;
  for (int i = 0; i < 100000; ++i) {
    values.push_back(static_cast<std::uint64_t>(d(rng)));
    h.record(values.back());
  }
  std::sort(values.begin(), values.end());
  for (const double q : {0.25, 0.5, 0.9, 0.99}) {
    const double exact =
        static_cast<double>(values[static_cast<std::size_t>(std::ceil(q * values.size())) - 1]);
    EXPECT_LE(std::abs(h.quantile(q) - exact), CompactHistogram::kMaxRelativeError * exact + 0.5) << q;
  }
}

TEST(CompactHistogram, CountsDoNotWrapPast32Bits) {
  CompactHistogram a, b;
  a.record(32, 3'000'000'000);  // below 64: kept exactly
  b.record(32, 3'000'000'000);
  b.record(50'000, 1);
  a.merge(b);
  EXPECT_EQ(a.count(), 6'000'000'001u);
  EXPECT_EQ(a.count_at_or_below(32), 6'000'000'000u);
  EXPECT_EQ(a.quantile(0.5), 32.0);
  EXPECT_NEAR(a.quantile(1.0), 50'000.0, 50'000.0 * CompactHistogram::kMaxRelativeError);
  EXPECT_EQ(a.max(), 50'000u);
}

// Recording by bucket number and then setting the exact extremes gives the histogram recording the values
// gives (the per-user breakdown logs bucket numbers).
TEST(CompactHistogram, RecordingByBucketEqualsRecordingValues) {
  std::mt19937_64 rng(9);
  std::lognormal_distribution<double> d(12.0, 2.0);
  CompactHistogram by_value, by_bucket;
  std::uint64_t lo = UINT64_MAX, hi = 0;
  for (int i = 0; i < 5000; ++i) {
    const auto v = static_cast<std::uint64_t>(d(rng));
    by_value.record(v);
    by_bucket.record_bucket(CompactHistogram::index_of(v));
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  by_bucket.set_extremes(lo, hi);
  EXPECT_EQ(by_bucket.count(), by_value.count());
  EXPECT_EQ(by_bucket.min(), by_value.min());
  EXPECT_EQ(by_bucket.max(), by_value.max());
  for (const double q : {0.0, 0.25, 0.5, 0.9, 0.99, 1.0})
    EXPECT_EQ(by_bucket.quantile(q), by_value.quantile(q)) << q;
}

}  // namespace
}  // namespace rsim
