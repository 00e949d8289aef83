#include "workloads/trace/timestamp.h"

#include <gtest/gtest.h>

namespace rsim {
namespace {

SimTime parse_ok(std::string_view s) {
  std::string why;
  const auto t = parse_timestamp(s, &why);
  EXPECT_TRUE(t.has_value()) << s << ": " << why;
  return t.value_or(0);
}

TEST(Timestamp, IsoFormsAgree) {
  const SimTime t = 1'772'496'000'000'000;  // 2026-03-03T00:00:00Z
  EXPECT_EQ(parse_ok("2026-03-03T00:00:00Z"), t);
  EXPECT_EQ(parse_ok("2026-03-03 00:00:00"), t);
  EXPECT_EQ(parse_ok("2026-03-03"), t);
  EXPECT_EQ(parse_ok("2026-03-03T01:30:00+01:30"), t);
  EXPECT_EQ(parse_ok("2026-03-02T19:00:00-05:00"), t);
  EXPECT_EQ(parse_ok("2026-03-03T00:00:00.000001Z"), t + 1);
  EXPECT_EQ(parse_ok("2026-03-03T00:00:00.0000015Z"), t + 2);  // rounded to the microsecond
  EXPECT_EQ(parse_ok("2026-03-03T00:00:00.5"), t + 500'000);
}

TEST(Timestamp, EpochSeconds) {
  EXPECT_EQ(parse_ok("1772496000"), 1'772'496'000'000'000);
  EXPECT_EQ(parse_ok("1772496000.25"), 1'772'496'000'250'000);
  EXPECT_EQ(parse_ok("0.000001"), 1);
}

TEST(Timestamp, RoundTripsThroughFormat) {
  for (SimTime t :
       {SimTime{0}, SimTime{1'772'496'000'123'456}, SimTime{951'782'400'000'000} /* 2000-02-29 */}) {
    EXPECT_EQ(parse_ok(format_timestamp(t)), t) << format_timestamp(t);
  }
  EXPECT_EQ(format_timestamp(1'772'496'000'123'456), "2026-03-03T00:00:00.123456Z");
}

TEST(Timestamp, RejectsImpossibleDatesAndJunk) {
  for (const char* bad : {"2026-02-29T00:00:00Z", "2026-13-01", "2026-01-01T24:00:00", "2026-01-01T10:61",
                          "yesterday", "1e9", "2026-01-01T10:00:00Zjunk", "", "12:00"}) {
    std::string why;
    EXPECT_FALSE(parse_timestamp(bad, &why).has_value()) << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
}

TEST(Timestamp, CivilDaysRoundTrip) {
  for (std::int64_t z = -800000; z <= 800000; z += 997) {
    std::int64_t y;
    unsigned m, d;
    civil_from_days(z, y, m, d);
    EXPECT_EQ(days_from_civil(y, m, d), z);
  }
}

}  // namespace
}  // namespace rsim
