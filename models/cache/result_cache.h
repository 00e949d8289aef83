// The leader node's result cache (models/model.md section 4, models/catalog/facts.md 3.6): a SELECT whose
// fingerprint ran before on this endpoint, with no write since to any table it reads, is answered from the
// cache.
//
// An entry is stored when a SELECT completes, stamped with the time it started: a write committed after that
// start (on this endpoint, or announced by a data-sharing producer through `wrote`) makes it stale. The cache
// holds at most `entries` fingerprints (least recently used evicted): AWS sizes it by instance type without
// publishing numbers, so the size is a named assumption.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "models/cache/lru_table.h"
#include "models/cache/table_lists.h"
#include "sim/core/time.h"
#include "workloads/query.h"

namespace rsim {

class ResultCache {
 public:
  static constexpr std::uint32_t kDefaultEntries = 100'000;

  ResultCache(std::uint32_t entries, TableLists& tables) : table_(entries), tables_(tables) {}

  // True when `q` (a SELECT with a fingerprint) can be answered from the cache at `now`.
  bool hit(const Query& q);
  // A SELECT that started at `started` has completed: its result is cached.
  void store(const Query& q, SimTime started);
  // The tables of `write_list` changed at `at`.
  void wrote(Symbol write_list, SimTime at);

  static bool cacheable(const Query& q) { return q.type == QueryType::kSelect && q.fingerprint != 0; }

 private:
  struct Entry {
    SimTime started = 0;
    Symbol read_tables = 0;
  };
  LruTable<Entry> table_;
  TableLists& tables_;
  std::unordered_map<Symbol, SimTime> last_write_;  // per table; memory grows with the number of tables
};

}  // namespace rsim
