// Cron-like schedules for scheduled jobs: five fields, "minute hour day-of-month month day-of-week", each
// "*", "N", "A-B", "*/S", "A-B/S" or a comma list of those; day-of-week 0-7 with 0 and 7 Sunday. As in cron,
// when both day fields are restricted a day matching either one fires. Times are UTC.
#pragma once

#include <bitset>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/time.h"

namespace rsim {

class CronSchedule {
 public:
  // On a malformed expression returns nullopt and sets *why.
  static std::optional<CronSchedule> parse(std::string_view text, std::string* why);

  // The first firing at or after `t` (whole minutes), or kTimeNever if none within 5 years.
  SimTime next(SimTime t) const;

 private:
  bool day_matches(std::int64_t days_since_epoch) const;

  std::bitset<60> minute_;
  std::bitset<24> hour_;
  std::bitset<32> day_of_month_;
  std::bitset<13> month_;
  std::bitset<8> day_of_week_;
  bool dom_restricted_ = false;
  bool dow_restricted_ = false;
};

}  // namespace rsim
