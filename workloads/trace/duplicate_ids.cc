#include "workloads/trace/duplicate_ids.h"

#include <sys/mman.h>

#include <new>

#include "sim/core/random.h"

namespace rsim {

namespace {
constexpr std::size_t kBytes = (std::size_t{8} << 20) * sizeof(std::uint64_t);
}

DuplicateIdFilter::DuplicateIdFilter() {
  static_assert(kBytes == (std::size_t{8} << kBlockBits) * sizeof(std::uint64_t));
  // Anonymous pages arrive zeroed and cost nothing until touched. Every insert lands on a random block, so
  // with 4 KiB pages nearly every insert is a TLB miss: ask for transparent huge pages (advice only; the
  // filter works the same without them).
  void* p = mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  madvise(p, kBytes, MADV_HUGEPAGE);
  bits_ = static_cast<std::uint64_t*>(p);
}

DuplicateIdFilter::~DuplicateIdFilter() { munmap(bits_, kBytes); }

bool DuplicateIdFilter::insert(std::string_view id) {
  const std::uint64_t h = mix64(stable_hash(id));
  const std::uint64_t h2 = mix64(h);
  std::uint64_t* block = bits_ + ((h >> (64 - kBlockBits)) << 3);
  bool seen = true;
  // Eight bit positions within the 512-bit block: seven from h2, one from h.
  for (int j = 0; j < 8; ++j) {
    const unsigned bit =
        j < 7 ? static_cast<unsigned>(h2 >> (9 * j)) & 511u : static_cast<unsigned>(h) & 511u;
    const std::uint64_t mask = std::uint64_t{1} << (bit & 63);
    std::uint64_t& word = block[bit >> 6];
    seen = seen && (word & mask);
    word |= mask;
  }
  return seen;
}

}  // namespace rsim
