#include "sim/stats/binned_series.h"

#include <gtest/gtest.h>

#include <numeric>
#include <random>

namespace rsim {
namespace {

constexpr SimDuration kMinute = 60'000'000;

// A level held over spans crossing bin edges: each bin gets level x the part of the span inside it.
TEST(BinnedSeries, IntegratesLevelsAcrossBins) {
  BinnedSeries s(0, kMinute, 100, 2);
  const double levels[2] = {2.0, 0.5};
  s.integrate(0, levels, 2, kMinute / 2, 2 * kMinute + kMinute / 4);
  const auto a = s.values(0, 3), b = s.values(1, 3);
  EXPECT_DOUBLE_EQ(a[0], 2.0 * kMinute / 2);
  EXPECT_DOUBLE_EQ(a[1], 2.0 * kMinute);
  EXPECT_DOUBLE_EQ(a[2], 2.0 * kMinute / 4);
  EXPECT_DOUBLE_EQ(b[1], 0.5 * kMinute);
  s.add(1, 3 * kMinute + 5, 7.0);
  EXPECT_EQ(s.values(1, 5)[3], 7.0);
  EXPECT_EQ(s.bins_through(3 * kMinute + 5), 4u);
}

// Past the last bin, bins double; the integral of a random step function stays exact in total and per
// (widened) bin.
TEST(BinnedSeries, WidensAndKeepsEveryIntegral) {
  std::mt19937_64 rng(2);
  std::uniform_int_distribution<SimDuration> step(1, 7 * kMinute);
  std::uniform_int_distribution<int> level(0, 9);
  BinnedSeries s(0, kMinute, 32, 1);
  std::vector<std::pair<SimTime, double>> steps;
  SimTime t = 0;
  double total = 0;
  while (t < 500 * kMinute) {
    const SimTime next = t + step(rng);
    const double l = level(rng);
    s.integrate(0, &l, 1, t, next);
    steps.emplace_back(t, l);
    total += l * static_cast<double>(next - t);
    t = next;
  }
  EXPECT_EQ(s.width(), 16 * kMinute);  // 500+ minutes in at most 32 bins
  const auto v = s.values(0, s.bins_through(t - 1));
  EXPECT_NEAR(std::accumulate(v.begin(), v.end(), 0.0), total, 1e-9 * total);
  // Each widened bin holds exactly the integral over its own span, recounted from the steps.
  for (std::size_t b = 0; b < v.size(); ++b) {
    const SimTime lo = static_cast<SimTime>(b) * s.width(), hi = lo + s.width();
    double expected = 0;
    for (std::size_t k = 0; k < steps.size(); ++k) {
      const SimTime from = std::max(steps[k].first, lo);
      const SimTime to = std::min(k + 1 < steps.size() ? steps[k + 1].first : t, hi);
      if (to > from) expected += steps[k].second * static_cast<double>(to - from);
    }
    EXPECT_NEAR(v[b], expected, 1e-9 * total) << b;
  }
}

// Counts per bin (throughput per minute): a far-future timestamp widens the bins instead of allocating
// billions of them, and nothing is lost.
TEST(BinnedSeries, AFarFutureTimestampStaysBounded) {
  BinnedSeries c(0, kMinute, 65536, 2);
  c.add(0, 0, 1.0);
  c.add(0, 5 * kMinute, 1.0);
  c.add(1, SimTime{1} << 62, 1.0);  // ~146,000 years on
  EXPECT_LE(c.size(1), 65536u);
  const auto a = c.values(0, c.size(0)), b = c.values(1, c.size(1));
  EXPECT_EQ(std::accumulate(a.begin(), a.end(), 0.0), 2.0);
  EXPECT_EQ(std::accumulate(b.begin(), b.end(), 0.0), 1.0);
  EXPECT_EQ(a.size(), 1u);  // both early events share the first, very wide bin
}

}  // namespace
}  // namespace rsim
