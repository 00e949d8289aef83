#include "workloads/trace/duplicate_ids.h"

#include <sys/mman.h>

#include <array>
#include <new>
#include <utility>

#include "sim/core/random.h"

namespace rsim {

namespace {
constexpr std::size_t kBytes = (std::size_t{8} << 20) * sizeof(std::uint64_t);
}

DuplicateIdFilter::DuplicateIdFilter() {
  static_assert(kBytes == (std::size_t{8} << kBlockBits) * sizeof(std::uint64_t));
  // Anonymous pages arrive zeroed and cost nothing until touched. Ask for transparent huge pages (advice
  // only; the filter works the same without them): fewer TLB entries cover the filter.
  void* p = mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  madvise(p, kBytes, MADV_HUGEPAGE);
  bits_ = static_cast<std::uint64_t*>(p);
  pending_.reserve(kBatch);
  sorted_.resize(kBatch);
}

DuplicateIdFilter::~DuplicateIdFilter() { munmap(bits_, kBytes); }

std::uint64_t DuplicateIdFilter::key(std::string_view id) { return mix64(stable_hash(id)); }

void DuplicateIdFilter::flush() {
  // Counting sort by block (the key's top kBlockBits bits) in two passes of ten bits, least significant
  // first; stable, so equal keys keep their order and a repeat within one batch is still flagged.
  static_assert(kBlockBits == 20);
  const std::size_t n = pending_.size();
  std::uint64_t* from = pending_.data();
  std::uint64_t* to = sorted_.data();
  for (const int low : {64 - kBlockBits, 64 - kBlockBits + 10}) {
    std::array<std::uint32_t, 1024> start{};
    for (std::size_t i = 0; i < n; ++i) ++start[(from[i] >> low) & 1023];
    std::uint32_t sum = 0;
    for (auto& s : start) sum += std::exchange(s, sum);
    for (std::size_t i = 0; i < n; ++i) to[start[(from[i] >> low) & 1023]++] = from[i];
    std::swap(from, to);
  }
  // Keys are known ahead: fetch blocks a few inserts early so that several misses are in flight at once.
  constexpr std::size_t kAhead = 16;
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) __builtin_prefetch(bits_ + ((from[i + kAhead] >> (64 - kBlockBits)) << 3), 1);
    if (insert(from[i])) suspects_.push_back(from[i]);
  }
  pending_.clear();
}

bool DuplicateIdFilter::insert(std::uint64_t h) {
  const std::uint64_t h2 = mix64(h);
  std::uint64_t* const words = bits_ + ((h >> (64 - kBlockBits)) << 3);
  bool seen = true;
  // Eight bit positions within the 512-bit block: seven from h2, one from h.
  for (int j = 0; j < 8; ++j) {
    const unsigned bit =
        j < 7 ? static_cast<unsigned>(h2 >> (9 * j)) & 511u : static_cast<unsigned>(h) & 511u;
    const std::uint64_t mask = std::uint64_t{1} << (bit & 63);
    std::uint64_t& word = words[bit >> 6];
    seen = seen && (word & mask);
    word |= mask;
  }
  return seen;
}

}  // namespace rsim
