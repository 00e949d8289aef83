#include "models/balancer/load_balancer.h"

#include <algorithm>

namespace rsim {

namespace {
enum EventKind : std::uint32_t { kProbe = 1, kProbeFailed, kDown, kUp, kForward, kSweep };
constexpr SimDuration kHour = 3'600'000'000;
constexpr SimDuration kSweepEvery = 60'000'000;
}  // namespace

LoadBalancer::LoadBalancer(Simulation& sim, std::uint32_t index, const LoadBalancerConfig& config,
                           std::vector<ComputeEndpoint*> targets, QueryPool& pool, double session_idle_s,
                           bool pooled)
    : sim_(sim),
      index_(index),
      config_(config),
      endpoints_(std::move(targets)),
      pool_(pool),
      self_(sim.add_handler(*this)),
      session_idle_(from_seconds(session_idle_s)),
      pooled_(pooled),
      idle_timeout_(from_seconds(config.idle_timeout_s)),
      salt_(derive_seed(sim.seed(), config.name, "flow_hash")),
      rng_(sim.seed(), config.name, "placement"),
      start_(sim.now()) {
  for (std::size_t i = 0; i < endpoints_.size(); ++i) {
    targets_.push_back(
        TargetState{TargetHealth(config.health.healthy_threshold, config.health.unhealthy_threshold)});
  }
  meters_.targets.resize(endpoints_.size());
  refresh_healthy();
  for (const TargetFailure& f : config.failures) {
    sim.schedule_daemon_at(std::max(f.from, sim.now()), self_, kDown, f.target);
    sim.schedule_daemon_at(std::max(f.to, sim.now()), self_, kUp, f.target);
  }
  sim.schedule_daemon_after(from_seconds(config.health.interval_s), self_, kProbe);
  sim.schedule_daemon_after(kSweepEvery, self_, kSweep);
}

LoadBalancer::Hour& LoadBalancer::hour() {
  const auto h = static_cast<std::size_t>((sim_.now() - start_) / kHour);
  if (h >= hours_.size()) {
    const std::size_t first_new = hours_.size();
    hours_.resize(h + 1);
    // Connections open across the hour's start count as active in it.
    for (std::size_t i = first_new; i <= h; ++i) hours_[i].peak_active = open_total_;
  }
  return hours_[h];
}

void LoadBalancer::refresh_healthy() {
  healthy_.clear();
  for (std::uint32_t i = 0; i < targets_.size(); ++i) {
    if (targets_[i].health.healthy()) healthy_.push_back(i);
  }
  fail_open_ = healthy_.empty();
  if (fail_open_) {
    for (std::uint32_t i = 0; i < targets_.size(); ++i) healthy_.push_back(i);
  }
}

std::uint32_t LoadBalancer::place_connection(std::uint64_t session) {
  const auto n = static_cast<std::uint64_t>(healthy_.size());
  switch (config_.policy) {
    case BalancePolicy::kFlowHash: {
      // The NLB hashes the connection's addresses and sequence number: a reconnect draws anew.
      const std::uint64_t key = mix64(session ^ salt_ ^ mix64(meters_.new_connections));
      return healthy_[static_cast<std::size_t>((static_cast<unsigned __int128>(key) * n) >> 64)];
    }
    case BalancePolicy::kRoundRobin:
      return healthy_[static_cast<std::size_t>(turn_++ % n)];
    case BalancePolicy::kRandom:
      return healthy_[static_cast<std::size_t>(rng_.below(n))];
    case BalancePolicy::kLeastConnections: {
      std::uint32_t best = healthy_[static_cast<std::size_t>(turn_++ % n)];
      for (const std::uint32_t t : healthy_) {
        if (targets_[t].open_connections < targets_[best].open_connections) best = t;
      }
      return best;
    }
    case BalancePolicy::kWeighted: {
      double total = 0;
      for (const std::uint32_t t : healthy_) total += config_.weights[t];
      double x = rng_.uniform() * total;
      for (const std::uint32_t t : healthy_) {
        x -= config_.weights[t];
        if (x < 0) return t;
      }
      return healthy_.back();
    }
    case BalancePolicy::kLeastOutstanding:
    case BalancePolicy::kPowerOfTwo:
      break;
  }
  // Behind a query-level proxy the connection ends at the proxy: any target serves as its home.
  return healthy_[static_cast<std::size_t>(turn_++ % n)];
}

std::uint32_t LoadBalancer::place_query() {
  const auto n = static_cast<std::uint64_t>(healthy_.size());
  if (config_.policy == BalancePolicy::kPowerOfTwo && n > 1) {
    const std::uint64_t a = rng_.below(n);
    std::uint64_t b = rng_.below(n - 1);
    if (b >= a) ++b;
    const std::uint32_t ta = healthy_[static_cast<std::size_t>(a)],
                        tb = healthy_[static_cast<std::size_t>(b)];
    return targets_[tb].outstanding < targets_[ta].outstanding ? tb : ta;
  }
  // Least outstanding; ties go round, so that an idle system still spreads its queries.
  const auto first = static_cast<std::size_t>(turn_++ % n);
  std::uint32_t best = healthy_[first];
  for (std::size_t k = 1; k < n; ++k) {
    const std::uint32_t t = healthy_[(first + k) % n];
    if (targets_[t].outstanding < targets_[best].outstanding) best = t;
  }
  return best;
}

void LoadBalancer::close(Connection& c) {
  if (!c.open) return;
  c.open = false;
  // A connection reset by a mark-down was already taken off the counts.
  if (c.epoch != targets_[c.target].epoch) return;
  --targets_[c.target].open_connections;
  --open_total_;
}

LoadBalancer::Placement LoadBalancer::connect(std::uint64_t session) {
  const SimTime now = sim_.now();
  auto [it, fresh] = connections_.try_emplace(session);
  Connection& c = it->second;
  bool reconnect = false;
  if (!fresh) {
    const SimDuration idle = now - c.last;
    // A client closes an idle session; a pool keeps its connections open however idle.
    const bool client_closed = !pooled_ && idle >= session_idle_ && session_idle_ <= idle_timeout_;
    const bool idle_reset = !client_closed && idle >= idle_timeout_;
    const bool health_reset = c.epoch != targets_[c.target].epoch;
    if (client_closed || idle_reset || health_reset || !c.open) {
      if (idle_reset) ++meters_.idle_resets;
      // A connection the balancer cut (idle or mark-down) fails its next use's first attempt: reconnect.
      reconnect = (idle_reset || health_reset) && !client_closed;
      close(c);
      fresh = true;
    }
  }
  if (fresh) {
    c.target = place_connection(session);
    const std::uint32_t limit = endpoints_[c.target]->config().max_connections;
    if (limit > 0 && targets_[c.target].open_connections >= limit) {
      // The target accepts no more connections (Redshift: 2000 per cluster or workgroup): refused.
      const std::uint32_t refused_by = c.target;
      ++meters_.targets[refused_by].refused_connections;
      connections_.erase(it);
      return {nullptr, refused_by, false};
    }
    c.epoch = targets_[c.target].epoch;
    c.open = true;
    ++targets_[c.target].open_connections;
    ++open_total_;
    ++meters_.targets[c.target].connections;
    ++meters_.new_connections;
    Hour& hr = hour();
    ++hr.new_connections;
    hr.peak_active = std::max(hr.peak_active, open_total_);
  }
  c.last = now;
  return {&c, c.target, reconnect};
}

void LoadBalancer::submit(QueryHandle h) {
  QueryInFlight& q = pool_[h];
  q.balancer = static_cast<std::uint8_t>(index_ + 1);
  const Placement p = connect(q.query.session);
  ++hour().queries;
  // A refused connection's query fails on the target that turned it away.
  const std::uint32_t target = p.connection && is_query_level(config_.policy) ? place_query() : p.target;
  q.balancer_target = static_cast<std::uint16_t>(target);
  ++meters_.targets[target].queries;
  ++targets_[target].outstanding;
  if (!p.connection) {
    endpoints_[target]->refuse(h);
    return;
  }
  if (fail_open_) ++meters_.fail_open_queries;
  if (p.reconnect) {
    ++meters_.reconnects;
    sim_.schedule_after(from_millis(config_.reconnect_ms), self_, kForward, h);
  } else {
    endpoints_[target]->submit(h);
  }
}

void LoadBalancer::keepalive(std::uint64_t session) {
  const Placement p = connect(session);
  ++meters_.keepalives;
  if (!p.connection) return;  // refused: the pool tries again next round
  if (p.reconnect) ++meters_.reconnects;
  // A keep-alive is a statement on the connection's target (behind a query-level proxy, the proxy answers
  // it).
  if (!is_query_level(config_.policy) && !targets_[p.target].down) endpoints_[p.target]->note_statement();
}

void LoadBalancer::finished(const QueryInFlight& q, QueryEnd end) {
  // A connection is busy while its query runs: its idle time starts when the query ends.
  if (const auto it = connections_.find(q.query.session); it != connections_.end() && it->second.open) {
    it->second.last = sim_.now();
  }
  --targets_[q.balancer_target].outstanding;
  if (end == QueryEnd::kAborted) ++meters_.targets[q.balancer_target].failed;
}

void LoadBalancer::probe_all() {
  for (std::uint32_t t = 0; t < targets_.size(); ++t) {
    if (targets_[t].down) {
      // No answer: the probe fails when it times out.
      sim_.schedule_daemon_after(from_seconds(config_.health.timeout_s), self_, kProbeFailed, t);
    } else {
      // A SQL probe is a statement: on a serverless target it is activity that wakes billing.
      if (config_.health.protocol == HealthCheckProtocol::kSql) endpoints_[t]->note_statement();
      probe_result(t, true);
    }
  }
}

void LoadBalancer::probe_result(std::uint32_t target, bool ok) {
  TargetState& t = targets_[target];
  if (!t.health.probe(ok)) return;
  HealthEvent e{target, sim_.now(), t.health.healthy(), 0};
  if (!t.health.healthy()) {
    // Its connections get a reset; their clients reconnect, and the balancer places them again.
    e.connections_reset = t.open_connections;
    meters_.health_resets += t.open_connections;
    open_total_ -= t.open_connections;
    t.open_connections = 0;
    ++t.epoch;
  }
  meters_.health.push_back(e);
  refresh_healthy();
}

void LoadBalancer::sweep() {
  // Forget connections nobody can use any more: idle past both the client's and the balancer's limits.
  const SimTime now = sim_.now();
  const SimDuration forget = std::max(session_idle_, idle_timeout_);
  const SimDuration closed = std::min(session_idle_, idle_timeout_);
  for (auto it = connections_.begin(); it != connections_.end();) {
    Connection& c = it->second;
    const SimDuration idle = now - c.last;
    if (pooled_) {
      // Pool connections are few and long-lived: kept, so that a reset is noticed on their next use.
      if (idle >= idle_timeout_) close(c);
      ++it;
      continue;
    }
    if (idle >= closed) close(c);
    if (idle >= forget) {
      it = connections_.erase(it);
    } else {
      ++it;
    }
  }
}

void LoadBalancer::forward(QueryHandle h, std::uint32_t target) { endpoints_[target]->submit(h); }

void LoadBalancer::handle(Simulation&, const Event& event) {
  switch (event.kind) {
    case kProbe:
      probe_all();
      sim_.schedule_daemon_after(from_seconds(config_.health.interval_s), self_, kProbe);
      break;
    case kProbeFailed:
      probe_result(static_cast<std::uint32_t>(event.payload), false);
      break;
    case kDown:
      ++targets_[event.payload].down;
      endpoints_[event.payload]->fail();
      break;
    case kUp:
      --targets_[event.payload].down;
      endpoints_[event.payload]->restore();
      break;
    case kForward: {
      const auto h = static_cast<QueryHandle>(event.payload);
      forward(h, pool_[h].balancer_target);
      break;
    }
    case kSweep:
      sweep();
      sim_.schedule_daemon_after(kSweepEvery, self_, kSweep);
      break;
    default:
      break;
  }
}

BalancerMeters LoadBalancer::meters(SimTime end) const {
  BalancerMeters m = meters_;
  m.hours = static_cast<double>(end - start_) / static_cast<double>(kHour);
  // NLCU per hour: the largest of new connections/s over 800, active connections over 100,000 and GB over 1.
  // AWS prices processed bytes in decimal gigabytes (10^9 bytes), not GiB.
  for (const Hour& h : hours_) {
    const double gb = static_cast<double>(h.queries) * config_.kib_per_query * 1024.0 / 1e9;
    m.gb_processed += gb;
    m.nlcu_hours += std::max({static_cast<double>(h.new_connections) / 3600.0 / 800.0,
                              static_cast<double>(h.peak_active) / 100'000.0, gb});
  }
  return m;
}

}  // namespace rsim
