// A generic compute endpoint (model.md section 3): admitted queries share the endpoint's capacity under
// limited processor sharing; at most `slots` run at once and the rest wait in one FIFO queue. Each running
// query holds one slot's memory (memory_mb / slots); a query whose peak memory exceeds it spills, and its work
// grows by spill_penalty times the overflow fraction. Compile time is added on the first run of each
// fingerprint here while the bounded compile cache holds it (a query without a fingerprint always compiles). A trace row marked as a result-cache
// hit is answered by the leader after result_cache_ms and takes no slot.
#pragma once

#include <cstdint>
#include <string>

#include "models/compute/compile_cache.h"
#include "models/compute/processor_sharing.h"
#include "models/compute/work_model.h"
#include "models/measurements.h"
#include "models/query_pool.h"
#include "sim/core/ring_queue.h"
#include "sim/core/simulation.h"

namespace rsim {

enum class CompileMode { kFirstPerFingerprint, kAlways, kNever };

struct ComputeEndpointConfig {
  std::string name;
  double capacity_rpu = 0;      // on the common scale; > 0
  std::uint32_t slots = 0;      // concurrent queries; 0 = unlimited
  double memory_mb = 0;         // memory shared by the slots; 0 = not modelled (no spill)
  double concurrency_exponent = ConcurrencyCurve::kDefaultExponent;
  double spill_penalty = 1.0;   // work multiplier per unit of overflow fraction (assumption until calibrated)
  CompileMode compile = CompileMode::kFirstPerFingerprint;
  double result_cache_ms = 5.0;  // leader's answer time for a cache hit
  std::uint32_t compile_cache_entries = CompileCache::kDefaultEntries;  // fingerprints kept compiled; >= 1
};

class ComputeEndpoint final : public EventHandler, private ProcessorSharing::Listener {
 public:
  ComputeEndpoint(Simulation& sim, std::uint32_t index, ComputeEndpointConfig config, QueryPool& pool,
                  WorkModel& work, MeasurementSink& sink);

  // Accepts a query at sim.now(). The endpoint owns it until it reports it finished; then it releases it.
  void submit(QueryHandle h);

  const ComputeEndpointConfig& config() const { return config_; }
  std::uint32_t running() const { return executor_.count(); }
  std::uint32_t queued() const { return static_cast<std::uint32_t>(queue_.size()); }

  void handle(Simulation& sim, const Event& event) override;

 private:
  void on_job_done(Simulation& sim, ProcessorSharing::JobId job) override;
  void admit(QueryHandle h);
  void finish(QueryHandle h, QueryEnd end);
  void report_state();

  Simulation& sim_;
  std::uint32_t index_;
  ComputeEndpointConfig config_;
  QueryPool& pool_;
  WorkModel& work_;
  MeasurementSink& sink_;
  HandlerId self_;
  ProcessorSharing executor_;
  RingQueue<QueryHandle> queue_;
  CompileCache compiled_;
  double slot_memory_mb_ = 0;
};

}  // namespace rsim
