#include "sim/core/simulation.h"

#include <cassert>
#include <stdexcept>

namespace rsim {

HandlerId Simulation::add_handler(EventHandler& handler) {
  handlers_.push_back(&handler);
  return static_cast<HandlerId>(handlers_.size() - 1);
}

EventId Simulation::schedule_at(SimTime time, HandlerId target, std::uint32_t kind, std::uint64_t payload) {
  if (time < now_) throw std::logic_error("event scheduled in the past");
  assert(target < handlers_.size() && kind < kDaemonBit);
  ++live_;
  return queue_.push(Event{time, payload, target, kind});
}

EventId Simulation::schedule_daemon_at(SimTime time, HandlerId target, std::uint32_t kind,
                                       std::uint64_t payload) {
  if (time < now_) throw std::logic_error("event scheduled in the past");
  assert(target < handlers_.size() && kind < kDaemonBit);
  return queue_.push(Event{time, payload, target, kind | kDaemonBit});
}

bool Simulation::cancel(EventId id) {
  if (!queue_.pending(id)) return false;
  if (!(queue_.at(id).kind & kDaemonBit)) --live_;
  return queue_.cancel(id);
}

bool Simulation::reschedule(EventId id, SimTime time) {
  if (time < now_) throw std::logic_error("event rescheduled into the past");
  return queue_.reschedule(id, time);
}

void Simulation::run(SimTime until) {
  stopped_ = false;
  while (!stopped_ && !queue_.empty() && (live_ > 0 || held_ > 0)) {
    if (queue_.top_time() > until) {
      now_ = until;
      return;
    }
    Event e = queue_.pop();
    if (e.kind & kDaemonBit) {
      e.kind &= ~kDaemonBit;
    } else {
      --live_;
    }
    now_ = e.time;
    ++events_processed_;
    handlers_[e.target]->handle(*this, e);
  }
}

}  // namespace rsim
