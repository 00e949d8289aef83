// The pending-event set: an indexed 4-ary min-heap ordered by (time, insertion sequence).
//
// Determinism rule: events at the same time are delivered in the order they were scheduled (a reschedule
// counts as a new insertion). Nothing else -- not the handler, not the payload -- breaks ties.
//
// Memory: heap nodes and event slots are recycled, so after warm-up scheduling allocates nothing. Capacity
// grows to the largest number of events ever pending at once and stays there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/core/event.h"

namespace rsim {

class EventQueue {
 public:
  // Adds an event. REQUIRES: event.time >= the time of the last popped event (the caller's clock).
  EventId push(const Event& event);

  // Removes a pending event. Returns false (and does nothing) if `id` is stale.
  bool cancel(EventId id);

  // Moves a pending event to `time` with a fresh sequence number. Returns false if `id` is stale.
  bool reschedule(EventId id, SimTime time);

  // True if `id` names an event that is still pending.
  bool pending(EventId id) const;
  // The pending event `id` names. REQUIRES: pending(id).
  const Event& at(EventId id) const { return slots_[id.slot].event; }

  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }

  // REQUIRES: !empty().
  SimTime top_time() const { return heap_.front().time; }

  // Removes and returns the earliest event. REQUIRES: !empty().
  Event pop();

  void reserve(std::size_t n);

 private:
  // What the heap compares; kept small so that sifting touches few cache lines.
  struct Node {
    SimTime time;
    std::uint64_t seq;
    std::uint32_t slot;
  };
  struct Slot {
    Event event;
    std::uint32_t heap_index;
    std::uint32_t generation;
  };
  static constexpr std::uint32_t kArity = 4;

  static bool before(const Node& a, const Node& b) {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }
  void sift_up(std::uint32_t i);
  void sift_down(std::uint32_t i);
  void place(std::uint32_t i, const Node& n) {
    heap_[i] = n;
    slots_[n.slot].heap_index = i;
  }
  void remove_at(std::uint32_t i);

  std::vector<Node> heap_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace rsim
