#include "models/clients/connection_pool.h"

#include "sim/core/random.h"

namespace rsim {

ConnectionPool::ConnectionPool(Simulation& sim, const ConnectionPoolConfig& config, Channel& channel)
    : sim_(sim),
      config_(config),
      channel_(channel),
      self_(sim.add_handler(*this)),
      last_use_(static_cast<std::size_t>(config.clients) * config.pool_size, INT64_MIN),
      turn_(config.clients, 0) {
  // Pools open their connections when the application starts: each connection's first keep-alive opens it.
  // Then each connection has its own timer, due `keepalive_s` after its last use.
  if (config.keepalive_s > 0) {
    for (std::size_t i = 0; i < last_use_.size(); ++i) sim.schedule_daemon_after(0, self_, 0, i);
  }
}

std::uint64_t ConnectionPool::connection_for(std::uint64_t session) {
  // A session (a user's work) stays with one client; the client hands out its connections in turn.
  const auto client = static_cast<std::uint32_t>(mix64(session) % config_.clients);
  const std::uint32_t k = turn_[client]++ % config_.pool_size;
  const std::size_t index = static_cast<std::size_t>(client) * config_.pool_size + k;
  last_use_[index] = sim_.now();
  return index;
}

void ConnectionPool::handle(Simulation&, const Event& event) {
  const SimTime now = sim_.now();
  const SimDuration every = from_seconds(config_.keepalive_s);
  const auto i = static_cast<std::size_t>(event.payload);
  if (last_use_[i] == INT64_MIN || now - last_use_[i] >= every) {
    last_use_[i] = now;
    ++keepalives_;
    channel_.keepalive(i);
  }
  sim_.schedule_daemon_at(last_use_[i] + every, self_, 0, i);
}

}  // namespace rsim
