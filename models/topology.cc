#include "models/topology.h"

namespace rsim {

Topology::Topology(Simulation& sim, const Scenario& scenario, SymbolTable& symbols, QueryPool& pool,
                   MeasurementSink& sink, const NodeCatalog& catalog)
    : pool_(pool),
      work_(scenario.work, symbols, catalog),
      tables_(symbols),
      router_(scenario.routing, symbols) {
  for (std::size_t i = 0; i < scenario.endpoints.size(); ++i) {
    endpoints_.push_back(std::make_unique<ComputeEndpoint>(
        sim, static_cast<std::uint32_t>(i), scenario.endpoints[i], pool, work_, tables_, symbols, sink));
  }
}

void Topology::submit(QueryHandle h) { endpoints_[router_.route(pool_[h].query)]->submit(h); }

}  // namespace rsim
