// Finds repeated query ids in a stream without memory that grows with the stream.
//
// A blocked Bloom filter of fixed size (64 MiB of anonymous memory, so untouched pages cost nothing) answers
// "possibly seen" for every id; the keys it flags are suspects, and only if there are any does the caller
// read its input again to confirm (it owns the input). At 10^7 ids the filter flags about one id in 10^7
// falsely, so the second pass is rare; a true duplicate is always flagged and never missed.
//
// Inserts are batched: keys collect in a buffer and go into the filter sorted by block, so that the filter is
// swept in address order instead of touched at random (a random touch of 64 MiB misses every cache and, on
// this kind of virtual machine, the TLB: it cost more than decoding the rest of the row).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace rsim {

class DuplicateIdFilter {
 public:
  DuplicateIdFilter();
  ~DuplicateIdFilter();
  DuplicateIdFilter(const DuplicateIdFilter&) = delete;
  DuplicateIdFilter& operator=(const DuplicateIdFilter&) = delete;

  // The filter's key for `id`: a 64-bit hash. Equal ids have equal keys.
  static std::uint64_t key(std::string_view id);
  // Adds the id with `key`.
  void add(std::uint64_t key) {
    pending_.push_back(key);
    if (pending_.size() == kBatch) flush();
  }
  // The keys flagged so far as possibly added before (an id added n times is flagged at least n - 1 times).
  // Completes the pending inserts first.
  const std::vector<std::uint64_t>& suspects() {
    flush();
    return suspects_;
  }

 private:
  static constexpr int kBlockBits = 20;            // 2^20 blocks of 512 bits = 64 MiB
  static constexpr std::size_t kBatch = 1u << 15;  // keys per sorted sweep (256 KiB)

  void flush();
  // Sets the key's bits; true if they were all set already.
  bool insert(std::uint64_t key);

  std::uint64_t* bits_;
  std::vector<std::uint64_t> pending_;
  std::vector<std::uint64_t> sorted_;
  std::vector<std::uint64_t> suspects_;
};

}  // namespace rsim
