// Data sharing from a producer to consumers (models/model.md section 7, models/catalog/facts.md 5).
//
// Consumers read shared data with their own compute (routing decides where a read runs). A write the producer
// completes becomes visible to the consumers `visibility_delay_s` later: then their result caches drop what
// they cached from the tables it wrote. A consumer in another region than the producer pays cross-region
// transfer for each query it completes: the bytes it scanned, rounded up to the MB, at least 10 MB.
#pragma once

#include <cstdint>
#include <vector>

#include "models/endpoint/compute_endpoint.h"
#include "models/measurements.h"
#include "sim/core/simulation.h"

namespace rsim {

struct DataSharingConfig {
  std::uint32_t producer = 0;            // endpoint index
  std::vector<std::uint32_t> consumers;  // endpoint indices
  double visibility_delay_s = 0;         // commit to consumer visibility (UNCONFIRMED: a parameter)
};

struct SharingMeters {
  std::vector<std::uint64_t> cross_region_queries;  // per consumer
  std::vector<double> cross_region_mb;              // per consumer, after rounding and minimums
  std::uint64_t writes_shared = 0;                  // producer writes made visible to consumers
};

class DataSharing final : public EventHandler {
 public:
  // `endpoints` are all the topology's endpoints (indexed as in the scenario); their regions decide transfer.
  DataSharing(Simulation& sim, const DataSharingConfig& config, std::vector<ComputeEndpoint*> endpoints);

  // A query left the system: a producer write is published, a cross-region consumer read is metered.
  void finished(const QueryInFlight& q, QueryEnd end);
  const SharingMeters& meters() const { return meters_; }

  void handle(Simulation& sim, const Event& event) override;

 private:
  void publish(Symbol write_tables);

  Simulation& sim_;
  const DataSharingConfig& config_;
  std::vector<ComputeEndpoint*> endpoints_;
  HandlerId self_;
  std::vector<int> consumer_of_;    // endpoint index -> consumer index, -1 if none
  std::vector<bool> cross_region_;  // per consumer
  SharingMeters meters_;
};

}  // namespace rsim
