// A fixed-size map from non-zero 64-bit keys to values, evicting the least recently used entry of a set when
// a new key needs room. Set-associative (kWays entries per set): O(1) per operation, one allocation, and the
// eviction order depends only on the sequence of calls (deterministic). Used for caches whose real
// counterparts are finite and whose size must not grow with trace length.
#pragma once

#include <cstdint>
#include <vector>

namespace rsim {

template <typename Value>
class LruTable {
 public:
  static constexpr std::uint32_t kWays = 8;

  // REQUIRES: entries >= 1. Capacity is entries rounded up to a multiple of kWays.
  explicit LruTable(std::uint32_t entries) : sets_((entries + kWays - 1) / kWays), slots_(sets_ * kWays) {}

  // The value stored under `key` (marked as used), or nullptr. REQUIRES: key != 0.
  Value* find(std::uint64_t key) {
    Slot* set = set_of(key);
    for (std::uint32_t w = 0; w < kWays; ++w) {
      if (set[w].key == key) {
        set[w].used = ++tick_;
        return &set[w].value;
      }
    }
    return nullptr;
  }

  // Stores `value` under `key`, replacing an entry with the same key or else the set's least recently used.
  void put(std::uint64_t key, Value value) {
    Slot* set = set_of(key);
    Slot* victim = set;
    for (std::uint32_t w = 0; w < kWays; ++w) {
      if (set[w].key == key) {
        victim = &set[w];
        break;
      }
      if (set[w].used < victim->used) victim = &set[w];
    }
    *victim = Slot{key, ++tick_, std::move(value)};
  }

  std::uint64_t capacity() const { return slots_.size(); }

 private:
  struct Slot {
    std::uint64_t key = 0;   // 0 = empty
    std::uint64_t used = 0;  // tick of last use
    Value value{};
  };
  Slot* set_of(std::uint64_t key) { return &slots_[(key % sets_) * kWays]; }

  std::uint64_t sets_;
  std::vector<Slot> slots_;
  std::uint64_t tick_ = 0;
};

}  // namespace rsim
