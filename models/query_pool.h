// Queries in flight, addressed by small integer handles. Slots are recycled, so the pool's size follows the
// number of queries in the system at once, never the length of the workload.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/time.h"
#include "workloads/query.h"

namespace rsim {

using QueryHandle = std::uint32_t;

struct QueryInFlight {
  Query query;
  SimTime admitted = 0;        // when it got a slot (or was answered from cache)
  std::uint32_t endpoint = 0;  // index of the endpoint it runs on
  bool spilled = false;
  bool result_cache_hit = false;
};

class QueryPool {
 public:
  QueryHandle add(const Query& q) {
    QueryHandle h;
    if (!free_.empty()) {
      h = free_.back();
      free_.pop_back();
    } else {
      h = static_cast<QueryHandle>(slots_.size());
      slots_.emplace_back();
    }
    QueryInFlight& s = slots_[h];
    s.query = q;
    s.admitted = 0;
    s.endpoint = 0;
    s.spilled = false;
    s.result_cache_hit = false;
    ++live_;
    return h;
  }
  void release(QueryHandle h) {
    free_.push_back(h);
    --live_;
  }
  QueryInFlight& operator[](QueryHandle h) { return slots_[h]; }
  const QueryInFlight& operator[](QueryHandle h) const { return slots_[h]; }
  std::size_t live() const { return live_; }
  std::size_t capacity() const { return slots_.size(); }

 private:
  std::vector<QueryInFlight> slots_;
  std::vector<QueryHandle> free_;
  std::size_t live_ = 0;
};

}  // namespace rsim
