// A compute endpoint (model.md sections 3 and 4): a generic endpoint, or a provisioned cluster under manual WLM.
//
// Admitted queries share the endpoint's capacity under limited processor sharing. Queries wait in WLM queues:
// each queue has its slots (a query claims `slot_count` of them) and its memory, split evenly over its
// slots; a queue admits FIFO while its head fits. A running query whose peak memory exceeds what its slots
// hold spills: its work grows by spill_penalty times the overflow fraction. Compile time is added on a
// fingerprint's first run while the bounded compile cache holds it (a query without a fingerprint always
// compiles).
//
// WLM timeouts and query monitoring rules act on running queries per statement type (statement_rules.h): a
// hop moves the query to the next matching queue, keeping its progress when that queue can take it at once
// and otherwise restarting there (work lost); a query with nowhere to go is cancelled. Rules are evaluated
// at every multiple of the evaluation interval of simulated time while queries run.
//
// Result cache: a trace row marked as a hit is always one; in `model` mode a SELECT whose fingerprint ran
// here before, with no write since to the tables it reads, is one too. A hit is answered by the leader after
// result_cache_ms and takes no slot.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/cache/result_cache.h"
#include "models/compute/compile_cache.h"
#include "models/compute/processor_sharing.h"
#include "models/compute/work_model.h"
#include "models/measurements.h"
#include "models/query_pool.h"
#include "models/wlm/queue_matcher.h"
#include "models/wlm/wlm_config.h"
#include "sim/core/ring_queue.h"
#include "sim/core/simulation.h"

namespace rsim {

enum class CompileMode { kFirstPerFingerprint, kAlways, kNever };
// trace: only rows the trace marks as hits; model: also repeats the cache would answer; off: none.
enum class ResultCacheMode { kTrace, kModel, kOff };
enum class EndpointKind { kCompute, kProvisioned };

struct ComputeEndpointConfig {
  std::string name;
  EndpointKind kind = EndpointKind::kCompute;
  double capacity_rpu = 0;  // on the common scale; > 0
  std::string node_type;    // provisioned: catalog node type
  std::uint32_t nodes = 0;  // provisioned: node count
  WlmConfig wlm;            // at least one queue; the last is the default queue
  UserGroups groups;        // user-group directory for WLM routing
  double concurrency_exponent = ConcurrencyCurve::kDefaultExponent;
  double spill_penalty = 1.0;  // work multiplier per unit of overflow fraction (assumption until calibrated)
  CompileMode compile = CompileMode::kFirstPerFingerprint;
  std::uint32_t compile_cache_entries = CompileCache::kDefaultEntries;  // fingerprints kept compiled; >= 1
  double result_cache_ms = 5.0;  // leader's answer time for a cache hit
  ResultCacheMode result_cache = ResultCacheMode::kTrace;
  std::uint32_t result_cache_entries = ResultCache::kDefaultEntries;

  std::uint32_t total_slots() const;  // 0 if any queue is unlimited
  double total_memory_mb() const;
};

class ComputeEndpoint final : public EventHandler, private ProcessorSharing::Listener {
 public:
  ComputeEndpoint(Simulation& sim, std::uint32_t index, ComputeEndpointConfig config, QueryPool& pool,
                  WorkModel& work, TableLists& tables, const SymbolTable& symbols, MeasurementSink& sink);

  // Accepts a query at sim.now(). The endpoint owns it until it reports it finished; then it releases it.
  void submit(QueryHandle h);
  // Tables of `write_list` changed at now() elsewhere (a data-sharing producer): stale cached results go.
  void tables_written(Symbol write_list) { result_cache_.wrote(write_list, sim_.now()); }

  const ComputeEndpointConfig& config() const { return config_; }
  std::uint32_t running() const { return executor_.count(); }
  std::uint32_t queued() const { return queued_; }

  void handle(Simulation& sim, const Event& event) override;

 private:
  struct Queue {
    RingQueue<QueryHandle> waiting;
    std::uint32_t slots = 0;  // 0 = unlimited
    std::uint32_t used = 0;
    double slot_memory_mb = 0;
    std::vector<std::uint32_t> rules;  // indices into rules_
  };

  void on_job_done(Simulation& sim, ProcessorSharing::JobId job) override;
  std::uint32_t slots_needed(const QueryInFlight& q, const Queue& queue) const;
  bool fits(const QueryInFlight& q, const Queue& queue) const;
  void enqueue(QueryHandle h, std::uint32_t queue);
  void admit(QueryHandle h, std::uint32_t queue);
  void start_running(QueryHandle h, std::uint32_t queue, double work_us);
  double leave_processor(QueryHandle h);  // returns attained work
  void drain(std::uint32_t queue);
  void hop(QueryHandle h, bool restart_if_busy);
  void abort(QueryHandle h);
  void on_timeout(QueryHandle h);
  void evaluate_rules();
  void ensure_rule_tick();
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
  std::vector<Queue> queues_;
  QueueMatcher matcher_;
  CompileCache compiled_;
  ResultCache result_cache_;
  std::vector<const QmrRule*> rules_;  // every queue's rules, in queue order
  std::vector<QueryHandle> running_;   // for rule evaluation; QueryInFlight::running_index points here
  std::uint32_t queued_ = 0;
  bool rule_tick_pending_ = false;
};

}  // namespace rsim
