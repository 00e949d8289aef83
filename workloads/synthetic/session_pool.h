// Which connection (session) a generated query runs on:
//   "per_query"                                        every query its own session (the default)
//   {"per_user": true, "queries_per_connection": M}    each user keeps a connection, renewed after M queries
//   {"pool_size": N, "queries_per_connection": M}      a client-side pool of N connections: a query takes the
//       connection idle longest (busy until the previous query's arrival + execution), or, when all are busy,
//       the one that frees first; a connection is replaced by a new one after M queries (0: never).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/time.h"
#include "sim/io/json_input.h"

namespace rsim {

struct SessionSpec {
  enum class Mode : std::uint8_t { kPerQuery, kPerUser, kPool } mode = Mode::kPerQuery;
  int pool_size = 0;
  int queries_per_connection = 0;  // 0: unlimited
};

SessionSpec parse_sessions(const JsonValue& v);

class SessionAssigner {
 public:
  SessionAssigner(SessionSpec spec, std::uint64_t salt) : spec_(spec), salt_(salt) {}

  // The session of a query arriving at `arrival` that runs until about `busy_until`, for user index `user`.
  std::uint64_t assign(SimTime arrival, SimTime busy_until, std::size_t user);

 private:
  struct Connection {
    std::uint64_t generation = 0;  // how many times the slot's connection was replaced
    std::uint64_t queries = 0;
    SimTime busy_until = INT64_MIN;
    SimTime idle_since = INT64_MIN;
  };
  std::uint64_t session_of(std::size_t slot, Connection& c);

  SessionSpec spec_;
  std::uint64_t salt_;
  std::uint64_t next_query_ = 0;
  std::vector<Connection> connections_;  // pool slots, or one per user
};

}  // namespace rsim
