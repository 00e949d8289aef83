// The modelled system built from a scenario: its endpoints, the work model and the routing rules.
#pragma once

#include <memory>
#include <vector>

#include "models/compute/work_model.h"
#include "models/endpoint/compute_endpoint.h"
#include "models/measurements.h"
#include "models/query_pool.h"
#include "models/routing/router.h"
#include "models/scenario/scenario.h"

namespace rsim {

class Topology {
 public:
  Topology(Simulation& sim, const Scenario& scenario, SymbolTable& symbols, QueryPool& pool,
           MeasurementSink& sink, const NodeCatalog& catalog = NodeCatalog::builtin());

  // Routes a newly arrived query to its endpoint.
  void submit(QueryHandle h);

  std::size_t endpoint_count() const { return endpoints_.size(); }
  const ComputeEndpoint& endpoint(std::size_t i) const { return *endpoints_[i]; }

 private:
  QueryPool& pool_;
  WorkModel work_;
  TableLists tables_;
  Router router_;
  std::vector<std::unique_ptr<ComputeEndpoint>> endpoints_;
};

}  // namespace rsim
