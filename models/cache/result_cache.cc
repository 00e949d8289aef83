#include "models/cache/result_cache.h"

namespace rsim {

bool ResultCache::hit(const Query& q) {
  if (!cacheable(q)) return false;
  const Entry* e = table_.find(q.fingerprint);
  if (!e || e->read_tables != q.read_tables) return false;
  for (const Symbol t : tables_.tables(q.read_tables)) {
    const auto it = last_write_.find(t);
    if (it != last_write_.end() && it->second >= e->started) return false;
  }
  return true;
}

void ResultCache::store(const Query& q, SimTime started) {
  if (cacheable(q)) table_.put(q.fingerprint, Entry{started, q.read_tables});
}

void ResultCache::wrote(Symbol write_list, SimTime at) {
  for (const Symbol t : tables_.tables(write_list)) last_write_[t] = at;
}

}  // namespace rsim
