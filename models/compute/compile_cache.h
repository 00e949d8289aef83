// The compiled-segment cache of one endpoint: which query fingerprints have been compiled there.
//
// Bounded on purpose: a real cache is finite, and an unbounded set would make memory grow with trace length
// (synthetic and ad-hoc workloads keep producing new fingerprints). Least recently used fingerprints are
// evicted (see LruTable).
#pragma once

#include <cstdint>

#include "models/cache/lru_table.h"

namespace rsim {

class CompileCache {
 public:
  // Default capacity: an assumption (AWS documents no size); scenario key `compile_cache_entries`.
  static constexpr std::uint32_t kDefaultEntries = 65'536;
  static constexpr std::uint32_t kWays = LruTable<bool>::kWays;

  // REQUIRES: entries >= 1.
  explicit CompileCache(std::uint32_t entries = kDefaultEntries) : table_(entries) {}

  // Records a use of `fingerprint` (non-zero). Returns true when it was not cached (it must be compiled).
  bool miss(std::uint64_t fingerprint) {
    if (table_.find(fingerprint)) return false;
    table_.put(fingerprint, true);
    return true;
  }

  std::uint64_t capacity() const { return table_.capacity(); }

 private:
  LruTable<bool> table_;
};

}  // namespace rsim
