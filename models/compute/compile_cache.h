// The compiled-segment cache of one endpoint: which query fingerprints have been compiled there.
//
// Bounded on purpose: a real cache is finite, and an unbounded set would make memory grow with trace length
// (synthetic and ad-hoc workloads keep producing new fingerprints). It is set-associative (kWays entries per
// set, least recently used evicted within a set), so a lookup is O(1), allocation happens once, and the
// eviction order depends only on the sequence of lookups: deterministic.
#pragma once

#include <cstdint>
#include <vector>

namespace rsim {

class CompileCache {
 public:
  static constexpr std::uint32_t kWays = 8;
  // Default capacity: an assumption (AWS documents no size); scenario key `compile_cache_entries`.
  static constexpr std::uint32_t kDefaultEntries = 65'536;

  // REQUIRES: entries >= 1. Capacity is entries rounded up to a multiple of kWays.
  explicit CompileCache(std::uint32_t entries = kDefaultEntries)
      : sets_((entries + kWays - 1) / kWays), slots_(static_cast<std::size_t>(sets_) * kWays) {}

  // Records a use of `fingerprint` (non-zero). Returns true when it was not cached (it must be compiled).
  bool miss(std::uint64_t fingerprint) {
    Slot* set = &slots_[static_cast<std::size_t>(fingerprint % sets_) * kWays];
    Slot* victim = set;
    ++tick_;
    for (std::uint32_t w = 0; w < kWays; ++w) {
      if (set[w].fingerprint == fingerprint) {
        set[w].used = tick_;
        return false;
      }
      if (set[w].used < victim->used) victim = &set[w];
    }
    *victim = Slot{fingerprint, tick_};
    return true;
  }

  std::uint64_t capacity() const { return slots_.size(); }

 private:
  struct Slot {
    std::uint64_t fingerprint = 0;
    std::uint64_t used = 0;  // tick of last use; 0 = empty
  };
  std::uint64_t sets_;
  std::vector<Slot> slots_;
  std::uint64_t tick_ = 0;
};

}  // namespace rsim
