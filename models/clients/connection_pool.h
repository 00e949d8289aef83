// Client connection pools (models/model.md section 6): `clients` application servers, each with `pool_size`
// long-lived connections. A query uses a connection of its session's client, in turn; connections stay open
// whatever their idle time (only a balancer's idle timeout cuts them). A connection idle for `keepalive_s`
// sends a keep-alive statement (each connection has its own timer): activity that keeps a balancer's idle
// timer from firing and wakes a serverless workgroup's billing. With keep-alives the pool opens all its
// connections at the start (their first keep-alives); without, a connection opens on its first use.
// Keep-alives are housekeeping: they never keep a run going.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/simulation.h"

namespace rsim {

struct ConnectionPoolConfig {
  std::uint32_t clients = 1;
  std::uint32_t pool_size = 10;
  double keepalive_s = 0;    // 0: no keep-alives
  std::uint32_t target = 0;  // where the connections lead: an endpoint, or endpoints + balancer index
};

class ConnectionPool final : public EventHandler {
 public:
  class Channel {
   public:
    virtual ~Channel() = default;
    // Sends a keep-alive statement on `connection` at now().
    virtual void keepalive(std::uint64_t connection) = 0;
  };

  ConnectionPool(Simulation& sim, const ConnectionPoolConfig& config, Channel& channel);

  // The connection a query of `session` goes out on now: 0 to clients x pool_size - 1, client by client.
  std::uint64_t connection_for(std::uint64_t session);
  std::uint64_t keepalives() const { return keepalives_; }

  void handle(Simulation& sim, const Event& event) override;

 private:
  Simulation& sim_;
  const ConnectionPoolConfig& config_;
  Channel& channel_;
  HandlerId self_;
  std::vector<SimTime> last_use_;    // per connection; INT64_MIN: never used
  std::vector<std::uint32_t> turn_;  // per client: its next connection
  std::uint64_t keepalives_ = 0;
};

}  // namespace rsim
