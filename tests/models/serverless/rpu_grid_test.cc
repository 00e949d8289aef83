#include "models/serverless/rpu_grid.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rsim {
namespace {

using ::testing::HasSubstr;

TEST(RpuGrid, BaseCapacities) {
  for (const double ok : {4.0, 8.0, 16.0, 128.0, 512.0})
    EXPECT_EQ(check_base_rpu(ok, "ap-south-1"), "") << ok;
  for (const double bad : {0.0, 2.0, 6.0, 12.0, 130.0, 520.0, 1056.0, 2048.0})
    EXPECT_THAT(check_base_rpu(bad, "us-east-1"), HasSubstr("is not a base capacity")) << bad;
  // Above 512 in steps of 32, and only in five regions.
  EXPECT_EQ(check_base_rpu(544, "us-east-1"), "");
  EXPECT_EQ(check_base_rpu(1024, "eu-central-1"), "");
  EXPECT_THAT(check_base_rpu(544, "ap-south-1"), HasSubstr("only in us-east-1"));
}

TEST(RpuGrid, MaxCapacities) {
  for (const double ok : {4.0, 8.0, 512.0, 544.0, 1024.0, 5632.0}) EXPECT_EQ(check_max_rpu(ok), "") << ok;
  for (const double bad : {3.0, 9.0, 530.0, 5664.0}) EXPECT_NE(check_max_rpu(bad), "") << bad;
}

TEST(RpuGrid, Rounding) {
  EXPECT_EQ(round_up_to_grid(1), 4);
  EXPECT_EQ(round_up_to_grid(5), 8);
  EXPECT_EQ(round_up_to_grid(129), 136);
  EXPECT_EQ(round_up_to_grid(513), 544);
  EXPECT_EQ(round_up_to_grid(9999), 5632);
  EXPECT_EQ(round_down_to_grid(7), 4);
  EXPECT_EQ(round_down_to_grid(135), 128);
  EXPECT_EQ(round_down_to_grid(575), 544);
}

}  // namespace
}  // namespace rsim
