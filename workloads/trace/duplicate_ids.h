// Finds repeated query ids in a stream without memory that grows with the stream.
//
// A blocked Bloom filter of fixed size (64 MiB of anonymous memory, so untouched pages cost nothing) answers
// "possibly seen" for every id; ids it flags are kept as suspects, and only if there are any is the input
// read again to confirm (the caller does that: it owns the input). At 10^7 ids the filter flags about one id
// in 10^7 falsely, so the second pass is rare; a true duplicate is always confirmed and never missed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace rsim {

class DuplicateIdFilter {
 public:
  DuplicateIdFilter();
  ~DuplicateIdFilter();
  DuplicateIdFilter(const DuplicateIdFilter&) = delete;
  DuplicateIdFilter& operator=(const DuplicateIdFilter&) = delete;

  // Adds `id`; returns true if it may have been added before.
  bool insert(std::string_view id);

 private:
  static constexpr int kBlockBits = 20;  // 2^20 blocks of 512 bits = 64 MiB
  std::uint64_t* bits_;
};

}  // namespace rsim
