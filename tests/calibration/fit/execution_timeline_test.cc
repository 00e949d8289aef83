#include "calibration/fit/execution_timeline.h"

#include <gtest/gtest.h>

namespace rsim {
namespace {

constexpr SimTime kS = kMicrosPerSecond;

TEST(ExecutionTimeline, SegmentsCountTheQueriesRunningAndTheCapacity) {
  // Endpoint 0: A runs 0-10 s, B 4-6 s, C starts as A ends (10-12 s: not overlapping). Capacity 8 -> 16 at 5
  // s. Endpoint 1: D runs 0-10 s alone, whatever endpoint 0 does.
  const std::vector<ExecutionInterval> x = {
      {0, 10 * kS, 0}, {4 * kS, 6 * kS, 0}, {10 * kS, 12 * kS, 0}, {0, 10 * kS, 1}};
  const ExecutionTimeline t(x, {{{0, 8.0}, {5 * kS, 16.0}}, {{0, 32.0}}});
  auto summary = [&](std::size_t i) {
    std::vector<std::tuple<std::uint32_t, double, double>> out;
    for (auto [s, e] = t.segments(i); s != e; ++s)
      out.emplace_back(s->running, t.capacities()[s->capacity], s->seconds);
    return out;
  };
  using V = std::vector<std::tuple<std::uint32_t, double, double>>;
  EXPECT_EQ(summary(0), (V{{1, 8, 4}, {2, 8, 1}, {2, 16, 1}, {1, 16, 4}}));
  EXPECT_EQ(summary(1), (V{{2, 8, 1}, {2, 16, 1}}));
  EXPECT_EQ(summary(2), (V{{1, 16, 2}}));
  EXPECT_EQ(summary(3), (V{{1, 32, 10}}));
  EXPECT_EQ(t.max_running(), 2u);
}

}  // namespace
}  // namespace rsim
