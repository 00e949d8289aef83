// A trace of sessions for the transform tests: `sessions` sessions, each of `per_session` queries with gaps
// that differ per session, starting at staggered times.
#pragma once

#include <map>
#include <vector>

#include "sim/core/random.h"
#include "tests/support/sources.h"
#include "workloads/query.h"

namespace rsim::testing {

inline std::vector<Query> session_trace(int sessions, int per_session) {
  std::vector<Query> qs;
  RandomStream rng(42);
  for (int s = 0; s < sessions; ++s) {
    SimTime t = 1'700'000'000'000'000 + static_cast<SimTime>(rng.below(3'600'000'000));
    for (int i = 0; i < per_session; ++i) {
      Query q;
      q.id = std::to_string(s) + "." + std::to_string(i);
      q.session = mix64(static_cast<std::uint64_t>(s) + 1);
      q.arrival = t;
      q.exec_ms = 100.0 + s;
      q.mbytes_scanned = 10.0 * (i + 1);
      q.type = i % 3 == 0 ? QueryType::kInsert : QueryType::kSelect;
      qs.push_back(q);
      t += static_cast<SimTime>(1'000'000 * (1 + rng.below(60)));
    }
  }
  std::stable_sort(qs.begin(), qs.end(),
                   [](const Query& a, const Query& b) { return a.arrival < b.arrival; });
  return qs;
}

inline std::vector<Query> drain(QuerySource& source) {
  std::vector<Query> out;
  Query q;
  while (source.next(q)) out.push_back(q);
  return out;
}

// Arrivals of each session, in order.
inline std::map<std::uint64_t, std::vector<SimTime>> by_session(const std::vector<Query>& qs) {
  std::map<std::uint64_t, std::vector<SimTime>> out;
  for (const Query& q : qs) out[q.session].push_back(q.arrival);
  return out;
}

inline std::vector<SimTime> gaps(const std::vector<SimTime>& arrivals) {
  std::vector<SimTime> g;
  for (std::size_t i = 1; i < arrivals.size(); ++i) g.push_back(arrivals[i] - arrivals[i - 1]);
  return g;
}

}  // namespace rsim::testing
