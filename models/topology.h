// The modelled system built from a scenario: its endpoints, load balancers, data sharing, the work model and
// the routing rules.
#pragma once

#include <memory>
#include <vector>

#include "models/balancer/load_balancer.h"
#include "models/clients/connection_pool.h"
#include "models/compute/work_model.h"
#include "models/endpoint/compute_endpoint.h"
#include "models/ingestion/dual_write.h"
#include "models/measurements.h"
#include "models/query_pool.h"
#include "models/routing/router.h"
#include "models/scenario/scenario.h"
#include "models/sharing/data_sharing.h"

namespace rsim {

class Topology final : private MeasurementSink, private ConnectionPool::Channel {
 public:
  Topology(Simulation& sim, const Scenario& scenario, SymbolTable& symbols, QueryPool& pool,
           MeasurementSink& sink, const NodeCatalog& catalog = NodeCatalog::builtin());

  // Routes a newly arrived query to its endpoint or load balancer.
  void submit(QueryHandle h);

  std::size_t endpoint_count() const { return endpoints_.size(); }
  const ComputeEndpoint& endpoint(std::size_t i) const { return *endpoints_[i]; }
  std::size_t balancer_count() const { return balancers_.size(); }
  const LoadBalancer& balancer(std::size_t i) const { return *balancers_[i]; }
  // Null without a connection pool.
  const ConnectionPool* connection_pool() const { return clients_.get(); }
  // Null without data sharing.
  const DataSharing* sharing() const { return sharing_.get(); }
  // Null without a dual-write path.
  const DualWrite* dual_write() const { return dual_write_.get(); }

 private:
  // Endpoints report here: balancers learn of their queries' ends, then the run's sink hears everything.
  void query_finished(const QueryInFlight& q, SimTime now, QueryEnd end) override;
  void endpoint_state(std::uint32_t endpoint, SimTime now, std::uint32_t running,
                      std::uint32_t queued) override {
    sink_.endpoint_state(endpoint, now, running, queued);
  }
  void rule_fired(std::uint32_t endpoint, std::uint32_t rule, SimTime now) override {
    sink_.rule_fired(endpoint, rule, now);
  }
  void scaling_clusters_changed(std::uint32_t endpoint, SimTime now, std::uint32_t clusters) override {
    sink_.scaling_clusters_changed(endpoint, now, clusters);
  }
  void capacity_changed(std::uint32_t endpoint, SimTime now, double rpu) override {
    sink_.capacity_changed(endpoint, now, rpu);
  }
  // A pool's keep-alive goes where its connections lead.
  void keepalive(std::uint64_t connection) override;

  QueryPool& pool_;
  MeasurementSink& sink_;
  WorkModel work_;
  TableLists tables_;
  Router router_;
  std::vector<std::unique_ptr<ComputeEndpoint>> endpoints_;
  std::vector<std::unique_ptr<LoadBalancer>> balancers_;
  std::unique_ptr<DataSharing> sharing_;
  std::unique_ptr<ConnectionPool> clients_;
  std::unique_ptr<DualWrite> dual_write_;
  std::uint32_t pool_target_ = 0;
};

}  // namespace rsim
