#include "models/topology.h"

namespace rsim {

Topology::Topology(Simulation& sim, const Scenario& scenario, SymbolTable& symbols, QueryPool& pool,
                   MeasurementSink& sink, const NodeCatalog& catalog)
    : pool_(pool),
      sink_(sink),
      work_(scenario.work, symbols, catalog),
      tables_(symbols),
      router_(scenario.routing, symbols) {
  MeasurementSink& self = *this;
  for (std::size_t i = 0; i < scenario.endpoints.size(); ++i) {
    endpoints_.push_back(std::make_unique<ComputeEndpoint>(
        sim, static_cast<std::uint32_t>(i), scenario.endpoints[i], pool, work_, tables_, symbols, self));
  }
  for (std::size_t i = 0; i < scenario.balancers.size(); ++i) {
    std::vector<ComputeEndpoint*> targets;
    for (const std::uint32_t e : scenario.balancers[i].targets) targets.push_back(endpoints_[e].get());
    balancers_.push_back(std::make_unique<LoadBalancer>(
        sim, static_cast<std::uint32_t>(i), scenario.balancers[i], std::move(targets), pool,
        scenario.session_idle_s, scenario.connection_pool.has_value()));
  }
  if (scenario.connection_pool) {
    ConnectionPool::Channel& channel = *this;
    pool_target_ = scenario.connection_pool->target;
    clients_ = std::make_unique<ConnectionPool>(sim, *scenario.connection_pool, channel);
  }
  std::vector<ComputeEndpoint*> all;
  for (const auto& e : endpoints_) all.push_back(e.get());
  if (scenario.data_sharing) sharing_ = std::make_unique<DataSharing>(sim, *scenario.data_sharing, all);
  if (scenario.dual_write)
    dual_write_ = std::make_unique<DualWrite>(sim, *scenario.dual_write, all, pool, symbols);
}

void Topology::submit(QueryHandle h) {
  if (clients_) pool_[h].query.session = clients_->connection_for(pool_[h].query.session);
  const std::uint32_t to = router_.route(pool_[h].query);
  if (to < endpoints_.size()) {
    endpoints_[to]->submit(h);
  } else {
    balancers_[to - endpoints_.size()]->submit(h);
  }
}

void Topology::keepalive(std::uint64_t connection) {
  if (pool_target_ < endpoints_.size()) {
    endpoints_[pool_target_]->note_statement();
  } else {
    balancers_[pool_target_ - endpoints_.size()]->keepalive(connection);
  }
}

void Topology::query_finished(const QueryInFlight& q, SimTime now, QueryEnd end) {
  if (q.balancer > 0) balancers_[q.balancer - 1]->finished(q, end);
  if (sharing_) sharing_->finished(q, end);
  if (dual_write_) dual_write_->finished(q, end);
  sink_.query_finished(q, now, end);
}

}  // namespace rsim
