// Queries held until they may go out in arrival order: generators and readers that produce queries a little
// out of order (a job's later steps, session copies with jitter, interleaved transactions) push them here and
// release each once nothing earlier can still come. Ties keep insertion order, so output is deterministic.
#pragma once

#include <cstdint>
#include <queue>
#include <vector>

#include "workloads/query.h"

namespace rsim {

class ArrivalOrderBuffer {
 public:
  void push(Query q) { heap_.push(Entry{std::move(q), sequence_++}); }
  bool empty() const { return heap_.empty(); }
  // REQUIRES: !empty().
  SimTime earliest() const { return heap_.top().query.arrival; }
  // Moves the earliest query out. REQUIRES: !empty().
  void pop(Query& out) {
    out = std::move(const_cast<Entry&>(heap_.top()).query);  // the heap entry is discarded next
    heap_.pop();
  }

 private:
  struct Entry {
    Query query;
    std::uint64_t sequence;
    bool operator>(const Entry& o) const {
      return query.arrival != o.query.arrival ? query.arrival > o.query.arrival : sequence > o.sequence;
    }
  };
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap_;
  std::uint64_t sequence_ = 0;
};

}  // namespace rsim
