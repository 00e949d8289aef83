#include "sim/core/event_queue.h"

#include <cassert>

namespace rsim {

void EventQueue::reserve(std::size_t n) {
  heap_.reserve(n);
  slots_.reserve(n);
  free_slots_.reserve(n);
}

EventId EventQueue::push(const Event& event) {
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.push_back(Slot{{}, 0, 0});
  }
  Slot& s = slots_[slot];
  s.event = event;
  const auto i = static_cast<std::uint32_t>(heap_.size());
  heap_.push_back(Node{event.time, next_seq_++, slot});
  s.heap_index = i;
  sift_up(i);
  return EventId{slot, s.generation};
}

bool EventQueue::pending(EventId id) const {
  return id.slot < slots_.size() && slots_[id.slot].generation == id.generation &&
         slots_[id.slot].heap_index != UINT32_MAX;
}

bool EventQueue::cancel(EventId id) {
  if (!pending(id)) return false;
  remove_at(slots_[id.slot].heap_index);
  return true;
}

bool EventQueue::reschedule(EventId id, SimTime time) {
  if (!pending(id)) return false;
  Slot& s = slots_[id.slot];
  s.event.time = time;
  const std::uint32_t i = s.heap_index;
  const SimTime old = heap_[i].time;
  heap_[i].time = time;
  heap_[i].seq = next_seq_++;
  // A fresh sequence number can only make the node later among equals, so only a strictly earlier time
  // needs to move it up.
  if (time < old) {
    sift_up(i);
  } else {
    sift_down(i);
  }
  return true;
}

Event EventQueue::pop() {
  assert(!heap_.empty());
  const std::uint32_t slot = heap_.front().slot;
  Event e = slots_[slot].event;
  remove_at(0);
  return e;
}

void EventQueue::remove_at(std::uint32_t i) {
  const std::uint32_t slot = heap_[i].slot;
  Slot& s = slots_[slot];
  s.heap_index = UINT32_MAX;
  ++s.generation;
  free_slots_.push_back(slot);
  const Node last = heap_.back();
  heap_.pop_back();
  if (i == heap_.size()) return;
  place(i, last);
  if (i > 0 && before(last, heap_[(i - 1) / kArity])) {
    sift_up(i);
  } else {
    sift_down(i);
  }
}

void EventQueue::sift_up(std::uint32_t i) {
  const Node n = heap_[i];
  while (i > 0) {
    const std::uint32_t parent = (i - 1) / kArity;
    if (!before(n, heap_[parent])) break;
    place(i, heap_[parent]);
    i = parent;
  }
  place(i, n);
}

void EventQueue::sift_down(std::uint32_t i) {
  const Node n = heap_[i];
  const auto size = static_cast<std::uint32_t>(heap_.size());
  for (;;) {
    const std::uint32_t first = i * kArity + 1;
    if (first >= size) break;
    const std::uint32_t last = first + kArity < size ? first + kArity : size;
    std::uint32_t best = first;
    for (std::uint32_t c = first + 1; c < last; ++c) {
      if (before(heap_[c], heap_[best])) best = c;
    }
    if (!before(heap_[best], n)) break;
    place(i, heap_[best]);
    i = best;
  }
  place(i, n);
}

}  // namespace rsim
