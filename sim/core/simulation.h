// One simulation: a clock, a pending-event set, the registered handlers and the run's seed.
//
// There is no global simulator: every model component receives the Simulation it belongs to, so any number
// of Simulations can run at once in one process (a parallel sweep runs one per task).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/core/event.h"
#include "sim/core/event_queue.h"
#include "sim/core/random.h"
#include "sim/core/time.h"

namespace rsim {

class Simulation {
 public:
  explicit Simulation(std::uint64_t seed, SimTime start = 0) : seed_(seed), now_(start) {}
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Registers a handler. The handler must outlive the Simulation's run.
  HandlerId add_handler(EventHandler& handler);

  SimTime now() const { return now_; }
  std::uint64_t seed() const { return seed_; }

  // REQUIRES: time >= now(); kind < kDaemonBit.
  EventId schedule_at(SimTime time, HandlerId target, std::uint32_t kind, std::uint64_t payload = 0);
  EventId schedule_after(SimDuration delay, HandlerId target, std::uint32_t kind, std::uint64_t payload = 0) {
    return schedule_at(now_ + delay, target, kind, payload);
  }
  // A daemon event is housekeeping (a periodic check, an idle timer, a daily schedule): it does not keep the
  // run going. The run ends when only daemon events remain and no work is held (see hold()).
  EventId schedule_daemon_at(SimTime time, HandlerId target, std::uint32_t kind, std::uint64_t payload = 0);
  EventId schedule_daemon_after(SimDuration delay, HandlerId target, std::uint32_t kind,
                                std::uint64_t payload = 0) {
    return schedule_daemon_at(now_ + delay, target, kind, payload);
  }
  bool cancel(EventId id);
  // Work that waits without an event of its own (queries queued behind a paused cluster) keeps the run going
  // through daemon events: models add +n when such work appears and -n when it goes.
  void hold(std::int64_t n) { held_ += n; }
  // REQUIRES: time >= now().
  bool reschedule(EventId id, SimTime time);
  bool pending(EventId id) const { return queue_.pending(id); }

  // Delivers events in (time, insertion) order until none remain but daemon events with nothing held, stop()
  // is called, or the next event lies after `until` (the clock is then left at `until`).
  void run(SimTime until = kTimeNever);
  void stop() { stopped_ = true; }
  // Whether run() has nothing left to do: it was stopped, or only daemon events remain with nothing held.
  // Running in slices (run(t1), run(t2), ...) until finished() delivers the same events in the same order.
  bool finished() const { return stopped_ || queue_.empty() || (live_ == 0 && held_ <= 0); }
  // The time of the next event. REQUIRES: !finished().
  SimTime next_event_time() const { return queue_.top_time(); }

  std::uint64_t events_processed() const { return events_processed_; }
  std::size_t events_pending() const { return queue_.size(); }

  // A random stream private to (component, purpose) in this run.
  RandomStream stream(std::string_view component, std::string_view purpose) const {
    return RandomStream(seed_, component, purpose);
  }

 private:
  std::uint64_t seed_;
  SimTime now_;
  EventQueue queue_;
  std::vector<EventHandler*> handlers_;
  std::uint64_t events_processed_ = 0;
  std::uint64_t live_ = 0;  // pending events that are not daemons
  std::int64_t held_ = 0;
  bool stopped_ = false;

 public:
  static constexpr std::uint32_t kDaemonBit = 1u << 31;
};

}  // namespace rsim
