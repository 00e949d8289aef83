// The compute meter of a Redshift Serverless workgroup (models/model.md section 5,
// models/catalog/facts.md 1.3): RPU-seconds used and RPU-seconds charged, in one of two billing modes,
// because observed bills differ from the documented rule.
//
// - kPerSecondMin60 (documented): per second while any statement runs, and at least 60 s per activation. An
//   activation starts when a statement starts after the previous activation's minute has run out and the
//   workgroup was idle before it; so a statement inside that minute adds no second minimum (two 10 s queries
//   30 s apart at 8 RPU: 480 RPU-s), activity past the minute is billed per second, and a statement that
//   starts the instant another stops continues the activation (four 25 s statements back to back at 8 RPU:
//   800 RPU-s). The padding of a short activation is billed at the
//   capacity in force when the activity stopped.
// - kPerActiveMinute (observed in SYS_SERVERLESS_USAGE): every clock minute (UTC) with any activity is billed
//   as 60 s at the largest capacity in force while it was active.
//
// rpu_seconds is compute used: the capacity integrated over the time statements run. Idle time costs nothing.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "sim/core/time.h"

namespace rsim {

enum class ServerlessBillingMode { kPerSecondMin60, kPerActiveMinute };
// The scenario's `billing` and the report's, by ServerlessBillingMode.
inline constexpr std::array<std::string_view, 2> kServerlessBillingNames = {"per_second_min60",
                                                                            "per_active_minute"};

struct ServerlessUsage {
  double rpu_seconds = 0;          // used
  double charged_rpu_seconds = 0;  // billed
  double active_s = 0;             // seconds with a statement running
  std::uint64_t activations =
      0;  // kPerSecondMin60: minimum windows started; kPerActiveMinute: minutes billed
};

class ServerlessBilling {
 public:
  // REQUIRES: capacity_rpu > 0, minimum >= 0.
  ServerlessBilling(ServerlessBillingMode mode, double capacity_rpu, SimDuration minimum = 60'000'000);

  // Statements start running at `t` (none ran just before). REQUIRES: !active(), t not before earlier calls.
  void start(SimTime t);
  // No statement runs any more. REQUIRES: active().
  void stop(SimTime t);
  // A statement that takes no measurable compute time (a result-cache answer, a keep-alive) at `t`.
  void touch(SimTime t);
  // The capacity changes at `t` (scaling).
  void set_capacity(SimTime t, double rpu);

  bool active() const { return active_; }
  double capacity() const { return capacity_; }
  // Totals up to `end`, an activity still open being closed there.
  ServerlessUsage usage(SimTime end) const;

 private:
  void accrue(SimTime t);  // bills [since_, t] at the current capacity
  void bill_minutes(SimTime from, SimTime to);
  void close_minute();

  ServerlessBillingMode mode_;
  double capacity_;
  SimDuration minimum_;
  bool active_ = false;
  SimTime since_ = 0;
  ServerlessUsage usage_;
  // kPerSecondMin60
  SimTime window_end_ = INT64_MIN;    // end of the current activation's minimum
  SimTime stopped_at_ = INT64_MIN;    // when statements last stopped running
  SimTime billed_until_ = INT64_MIN;  // charges are posted up to here
  double prepaid_rpu_ = 0;            // the capacity the rest of a minimum was billed at
  // kPerActiveMinute: the last minute with activity, not yet billed (its capacity may still rise).
  std::int64_t open_minute_ = INT64_MIN;
  double open_minute_rpu_ = 0;
  bool minute_pending_ = false;  // a statement started and its minute is not billed yet
};

}  // namespace rsim
