#include "workloads/synthetic/session_pool.h"

#include "sim/core/random.h"

namespace rsim {

SessionSpec parse_sessions(const JsonValue& v) {
  SessionSpec s;
  if (v.is_string()) {
    if (v.string() != "per_query") v.fail("expected \"per_query\" or an object");
    return s;
  }
  JsonObject o = v.object();
  const bool per_user = o.boolean("per_user", false);
  if (per_user) {
    s.mode = SessionSpec::Mode::kPerUser;
    if (o.has("pool_size")) v.fail("per_user and pool_size exclude each other");
  } else {
    s.mode = SessionSpec::Mode::kPool;
    s.pool_size = static_cast<int>(o.integer("pool_size", std::nullopt, 1, 1'000'000));
  }
  s.queries_per_connection = static_cast<int>(o.integer("queries_per_connection", 0, 0, 1'000'000'000));
  o.finish();
  return s;
}

std::uint64_t SessionAssigner::session_of(std::size_t slot, Connection& c) {
  if (spec_.queries_per_connection > 0 &&
      c.queries == static_cast<std::uint64_t>(spec_.queries_per_connection)) {
    ++c.generation;
    c.queries = 0;
  }
  ++c.queries;
  return mix64(salt_ ^ mix64((static_cast<std::uint64_t>(slot) << 32) ^ c.generation));
}

std::uint64_t SessionAssigner::assign(SimTime arrival, SimTime busy_until, std::size_t user) {
  switch (spec_.mode) {
    case SessionSpec::Mode::kPerQuery:
      return mix64(salt_ ^ mix64(next_query_++ + 0x9e37));
    case SessionSpec::Mode::kPerUser: {
      if (connections_.size() <= user) connections_.resize(user + 1);
      return session_of(user, connections_[user]);
    }
    case SessionSpec::Mode::kPool: {
      if (connections_.empty()) connections_.resize(static_cast<std::size_t>(spec_.pool_size));
      // Idle longest among the free; else the one that frees first.
      std::size_t best = 0;
      bool best_free = false;
      for (std::size_t i = 0; i < connections_.size(); ++i) {
        const Connection& c = connections_[i];
        const bool free = c.busy_until <= arrival;
        const Connection& b = connections_[best];
        if (free && (!best_free || c.idle_since < b.idle_since)) {
          best = i;
          best_free = true;
        } else if (!free && !best_free && c.busy_until < b.busy_until) {
          best = i;
        }
      }
      Connection& c = connections_[best];
      // On a busy connection the query waits for the one running (the client's pool queues it).
      c.busy_until = std::max(c.busy_until, arrival) + std::max<SimTime>(0, busy_until - arrival);
      c.idle_since = c.busy_until;
      return session_of(best, c);
    }
  }
  return 0;
}

}  // namespace rsim
