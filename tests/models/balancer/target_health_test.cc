#include "models/balancer/target_health.h"

#include <gtest/gtest.h>

namespace rsim {
namespace {

TEST(TargetHealth, ThresholdsOfConsecutiveProbes) {
  TargetHealth h(5, 2);  // AWS's defaults: healthy after 5 good probes, unhealthy after 2 failed
  EXPECT_TRUE(h.healthy());
  EXPECT_FALSE(h.probe(false));
  EXPECT_FALSE(h.probe(true));  // the run of failures is broken
  EXPECT_FALSE(h.probe(false));
  EXPECT_TRUE(h.probe(false));  // two in a row
  EXPECT_FALSE(h.healthy());
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(h.probe(true));
  EXPECT_FALSE(h.probe(false));  // broken again at four
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(h.probe(true));
  EXPECT_TRUE(h.probe(true));
  EXPECT_TRUE(h.healthy());
}

}  // namespace
}  // namespace rsim
