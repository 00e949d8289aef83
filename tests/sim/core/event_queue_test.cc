#include "sim/core/event_queue.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace rsim {
namespace {

Event at(SimTime t, std::uint64_t payload) { return Event{t, payload, 0, 0}; }

TEST(EventQueue, OrdersByTimeThenInsertion) {
  EventQueue q;
  q.push(at(5, 1));
  q.push(at(3, 2));
  q.push(at(5, 3));
  q.push(at(3, 4));
  std::vector<std::uint64_t> order;
  while (!q.empty()) order.push_back(q.pop().payload);
  EXPECT_EQ(order, (std::vector<std::uint64_t>{2, 4, 1, 3}));
}

TEST(EventQueue, CancelAndStaleIds) {
  EventQueue q;
  const EventId a = q.push(at(1, 1));
  const EventId b = q.push(at(2, 2));
  EXPECT_TRUE(q.cancel(a));
  EXPECT_FALSE(q.cancel(a));
  EXPECT_FALSE(q.pending(a));
  EXPECT_EQ(q.pop().payload, 2u);
  EXPECT_FALSE(q.pending(b));
  EXPECT_FALSE(q.reschedule(b, 9));  // stale after it ran, even though its slot is reused below
  const EventId c = q.push(at(3, 3));
  EXPECT_FALSE(q.cancel(b));
  EXPECT_TRUE(q.pending(c));
}

TEST(EventQueue, RescheduleGetsAFreshSequenceNumber) {
  EventQueue q;
  const EventId a = q.push(at(5, 1));
  q.push(at(5, 2));
  EXPECT_TRUE(q.reschedule(a, 5));  // same time, but now after event 2
  EXPECT_EQ(q.pop().payload, 2u);
  EXPECT_EQ(q.pop().payload, 1u);
}

// Random pushes, cancels, reschedules and pops against a reference ordered map keyed by (time, sequence).
TEST(EventQueue, MatchesReferenceUnderRandomOperations) {
  std::mt19937_64 rng(42);
  EventQueue q;
  std::map<std::pair<SimTime, std::uint64_t>, std::uint64_t> ref;  // (time, seq) -> payload
  std::map<std::uint64_t, std::pair<EventId, std::pair<SimTime, std::uint64_t>>> live;  // payload -> id, key
  std::uint64_t seq = 0, payload = 0;
  SimTime now = 0;
  for (int step = 0; step < 200000; ++step) {
    const int op = static_cast<int>(rng() % 10);
    if (op < 5 || live.empty()) {
      const SimTime t = now + static_cast<SimTime>(rng() % 100);
      const EventId id = q.push(at(t, payload));
      ref[{t, seq}] = payload;
      live[payload] = {id, {t, seq}};
      ++seq;
      ++payload;
    } else if (op < 6) {
      auto it = live.begin();
      std::advance(it, static_cast<long>(rng() % live.size()));
      ASSERT_TRUE(q.cancel(it->second.first));
      ref.erase(it->second.second);
      live.erase(it);
    } else if (op < 7) {
      auto it = live.begin();
      std::advance(it, static_cast<long>(rng() % live.size()));
      const SimTime t = now + static_cast<SimTime>(rng() % 100);
      ASSERT_TRUE(q.reschedule(it->second.first, t));
      ref.erase(it->second.second);
      ref[{t, seq}] = it->first;
      it->second.second = {t, seq};
      ++seq;
    } else {
      ASSERT_FALSE(q.empty());
      const Event e = q.pop();
      ASSERT_EQ(e.payload, ref.begin()->second);
      ASSERT_EQ(e.time, ref.begin()->first.first);
      now = e.time;
      live.erase(e.payload);
      ref.erase(ref.begin());
    }
    ASSERT_EQ(q.size(), ref.size());
  }
}

}  // namespace
}  // namespace rsim
