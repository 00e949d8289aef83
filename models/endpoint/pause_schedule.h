// When a provisioned cluster is paused (models/catalog/facts.md 2.2): daily windows in UTC ("20:00" to
// "06:00", optionally on some weekdays only; a window that ends before it starts runs past midnight) and
// absolute windows.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/core/time.h"

namespace rsim {

struct DailyPause {
  int from_minute = 0;  // minutes after midnight UTC
  int to_minute = 0;
  std::uint8_t weekdays = 0x7F;  // bit 0 = Monday ... bit 6 = Sunday: the days a window starts on
};

struct PauseWindow {
  SimTime from = 0;
  SimTime to = 0;  // the resume request; the cluster takes queries again after the resume delay
};

class PauseSchedule {
 public:
  PauseSchedule() = default;
  PauseSchedule(std::vector<DailyPause> daily, std::vector<PauseWindow> windows)
      : daily_(std::move(daily)), windows_(std::move(windows)) {}

  bool empty() const { return daily_.empty() && windows_.empty(); }
  // The earliest-starting window that ends after `t` (it may have started already), if any.
  std::optional<PauseWindow> next(SimTime t) const;

 private:
  std::vector<DailyPause> daily_;
  std::vector<PauseWindow> windows_;
};

}  // namespace rsim
