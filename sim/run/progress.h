// A long run's progress on stderr: a bar redrawn in place on a terminal (simulated time reached, the share
// of the trace's span done when known, queries per second, time left), plain lines every few seconds
// otherwise (a CI log). Nothing for runs shorter than a second, so quick runs print only their result.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>

#include "sim/core/time.h"

namespace rsim {

class RunProgress {
 public:
  using Clock = std::chrono::steady_clock;
  // Wall time: a function so tests can drive it.
  using Now = Clock::time_point (*)();

  // `terminal`: redraw a bar; otherwise print a line every kLineEvery.
  RunProgress(std::FILE* out, bool terminal, Now now = &Clock::now);

  static constexpr std::chrono::milliseconds kQuietFor{1000};
  static constexpr std::chrono::milliseconds kBarEvery{250};
  static constexpr std::chrono::milliseconds kLineEvery{10000};

  // Starts a replication (`label` is shown, e.g. "replication 2/5"; empty for a single run). `span`: the
  // trace's first and last arrival when known (the share done and the time left need it).
  void start(std::string label, std::optional<std::pair<SimTime, SimTime>> span);
  // The run has simulated up to `now` and finished `queries` queries.
  void update(SimTime now, std::uint64_t queries);
  // Clears the bar (a terminal) after the last update of a replication.
  void finish();

  // The text of one progress report (no line ending), for tests.
  std::string describe(SimTime now, std::uint64_t queries, double elapsed_s) const;

 private:
  std::FILE* out_;
  bool terminal_;
  Now now_;
  Clock::time_point began_, last_shown_;
  bool shown_ = false;
  std::string label_;
  std::optional<std::pair<SimTime, SimTime>> span_;
};

// The trace's first and last arrival, read from its first and final lines, for the share done; nullopt when
// they cannot be had cheaply (a compressed file, a quoted field) or do not parse.
std::optional<std::pair<SimTime, SimTime>> arrival_span_of(const std::string& path);

}  // namespace rsim
