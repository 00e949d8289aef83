#include "models/compute/compile_cache.h"

#include <gtest/gtest.h>

namespace rsim {
namespace {

TEST(CompileCache, FirstUseMissesThenHits) {
  CompileCache cache(64);
  EXPECT_TRUE(cache.miss(7));
  EXPECT_FALSE(cache.miss(7));
  EXPECT_TRUE(cache.miss(9));
  EXPECT_FALSE(cache.miss(7));
}

TEST(CompileCache, EvictsLeastRecentlyUsedWithinASet) {
  // One set of kWays entries: every fingerprint lands in it.
  CompileCache cache(CompileCache::kWays);
  ASSERT_EQ(cache.capacity(), CompileCache::kWays);
  for (std::uint64_t f = 1; f <= CompileCache::kWays; ++f) EXPECT_TRUE(cache.miss(f));
  EXPECT_FALSE(cache.miss(1));   // 1 is now the most recent; 2 the least
  EXPECT_TRUE(cache.miss(100));  // evicts 2
  EXPECT_TRUE(cache.miss(2));    // so 2 compiles again (evicting 3)
  EXPECT_FALSE(cache.miss(1));
  EXPECT_FALSE(cache.miss(100));
  EXPECT_TRUE(cache.miss(3));
}

TEST(CompileCache, HoldsAWorkingSetThatFitsAndMemoryStaysFixed) {
  CompileCache cache(1024);
  int misses = 0;
  for (int round = 0; round < 10; ++round) {
    for (std::uint64_t f = 1; f <= 256; ++f) misses += cache.miss(f * 0x9E3779B97F4A7C15ULL);
  }
  EXPECT_EQ(misses, 256);  // only the first round compiles
  EXPECT_EQ(cache.capacity(), 1024u);
}

}  // namespace
}  // namespace rsim
