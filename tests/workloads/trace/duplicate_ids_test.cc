#include "workloads/trace/duplicate_ids.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace rsim {
namespace {

std::uint64_t key_of(int i) { return DuplicateIdFilter::key("q" + std::to_string(i)); }

TEST(DuplicateIdFilter, FlagsRepeatsWithinAndAcrossBatches) {
  DuplicateIdFilter filter;
  // 100,000 keys span several sorted batches; repeats sit in the same batch (adjacent, and far apart within
  // one batch) and in later batches than their first occurrence.
  for (int i = 0; i < 100'000; ++i) {
    filter.add(key_of(i));
    if (i == 10) filter.add(key_of(10));     // adjacent repeat
    if (i == 20'000) filter.add(key_of(5));  // same batch as the first
    if (i == 99'999) filter.add(key_of(7));  // batches later, last in the stream
  }
  const auto& s = filter.suspects();
  for (const int repeated : {10, 5, 7}) {
    EXPECT_NE(std::find(s.begin(), s.end(), key_of(repeated)), s.end()) << "q" << repeated;
  }
  // 64 MiB for 10^5 ids: a false flag has probability far below 10^-9 per id.
  EXPECT_EQ(s.size(), 3u);
}

TEST(DuplicateIdFilter, NoFalseFlagsAmongAMillionDistinctIds) {
  DuplicateIdFilter filter;
  for (int i = 0; i < 1'000'000; ++i) filter.add(key_of(i));
  EXPECT_TRUE(filter.suspects().empty());
  filter.add(key_of(123'456));
  EXPECT_EQ(filter.suspects().size(), 1u);
}

}  // namespace
}  // namespace rsim
