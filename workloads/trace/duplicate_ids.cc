#include "workloads/trace/duplicate_ids.h"

#include <cstdlib>
#include <new>

#include "sim/core/random.h"

namespace rsim {

DuplicateIdFilter::DuplicateIdFilter() {
  bits_ = static_cast<std::uint64_t*>(std::calloc(std::size_t{8} << kBlockBits, sizeof(std::uint64_t)));
  if (!bits_) throw std::bad_alloc();
}

DuplicateIdFilter::~DuplicateIdFilter() { std::free(bits_); }

bool DuplicateIdFilter::insert(std::string_view id) {
  const std::uint64_t h = mix64(stable_hash(id));
  const std::uint64_t h2 = mix64(h);
  std::uint64_t* block = bits_ + ((h >> (64 - kBlockBits)) << 3);
  bool seen = true;
  // Eight bit positions within the 512-bit block: seven from h2, one from h.
  for (int j = 0; j < 8; ++j) {
    const unsigned bit = j < 7 ? static_cast<unsigned>(h2 >> (9 * j)) & 511u : static_cast<unsigned>(h) & 511u;
    const std::uint64_t mask = std::uint64_t{1} << (bit & 63);
    std::uint64_t& word = block[bit >> 6];
    seen = seen && (word & mask);
    word |= mask;
  }
  return seen;
}

}  // namespace rsim
