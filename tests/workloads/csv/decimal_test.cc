#include "workloads/csv/decimal.h"

#include <gtest/gtest.h>

#include <charconv>
#include <random>
#include <string>

namespace rsim {
namespace {

TEST(PlainDecimal, AgreesWithFromCharsBitForBit) {
  std::mt19937_64 rng(42);
  for (int n = 0; n < 200'000; ++n) {
    // Random plain decimals of 1 to 15 digits with the point anywhere, some negative.
    const int digits = 1 + static_cast<int>(rng() % 15);
    std::string s;
    if (rng() % 5 == 0) s += '-';
    const int point = static_cast<int>(rng() % (digits + 1));
    for (int d = 0; d < digits; ++d) {
      if (d == point && d > 0) s += '.';
      s += static_cast<char>('0' + rng() % 10);
    }
    double fast = 0, slow = 0;
    ASSERT_TRUE(parse_plain_decimal(s, fast)) << s;
    std::from_chars(s.data(), s.data() + s.size(), slow);
    ASSERT_EQ(fast, slow) << s;
  }
}

TEST(PlainDecimal, LeavesEverythingElseToTheCaller) {
  double v = 7;
  for (const char* s : {"", "-", ".", "5.", "1e3", "1.2.3", "abc", " 1", "1234567890123456", "inf", "+1"}) {
    EXPECT_FALSE(parse_plain_decimal(s, v)) << s;
  }
  EXPECT_EQ(v, 7);
  EXPECT_TRUE(parse_plain_decimal(".5", v));
  EXPECT_EQ(v, 0.5);
  EXPECT_TRUE(parse_plain_decimal("0.1", v));
  EXPECT_EQ(v, 0.1);
  EXPECT_TRUE(parse_plain_decimal("-12.50", v));
  EXPECT_EQ(v, -12.5);
}

}  // namespace
}  // namespace rsim
