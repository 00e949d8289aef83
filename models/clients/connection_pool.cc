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
  // Pools open their connections when the application starts: the first keep-alive round opens them all.
  if (config.keepalive_s > 0) sim.schedule_daemon_after(0, self_, 0);
}

std::uint64_t ConnectionPool::connection_for(std::uint64_t session) {
  // A session (a user's work) stays with one client; the client hands out its connections in turn.
  const auto client = static_cast<std::uint32_t>(mix64(session) % config_.clients);
  const std::uint32_t k = turn_[client]++ % config_.pool_size;
  const std::size_t index = static_cast<std::size_t>(client) * config_.pool_size + k;
  last_use_[index] = sim_.now();
  return index;
}

void ConnectionPool::handle(Simulation&, const Event&) {
  const SimTime now = sim_.now();
  const SimDuration every = from_seconds(config_.keepalive_s);
  for (std::size_t i = 0; i < last_use_.size(); ++i) {
    if (last_use_[i] != INT64_MIN && now - last_use_[i] < every) continue;
    last_use_[i] = now;
    ++keepalives_;
    channel_.keepalive(i);
  }
  sim_.schedule_daemon_after(every, self_, 0);
}

}  // namespace rsim
