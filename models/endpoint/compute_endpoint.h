// A compute endpoint (models/model.md sections 3 and 4): a generic endpoint, or a provisioned cluster under
// manual or automatic WLM.
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
// Concurrency scaling (models/catalog/facts.md 2.3): when eligible queries wait in a queue that has it on, a
// scaling cluster of the same size starts after a start-up delay and takes them, up to the configured number
// of clusters; each has the queues' slot counts, and stops after an idle period. Queries go back to the main
// cluster as its slots free (FIFO across both: the main cluster always takes the oldest waiting query).
// Queries on a scaling cluster are not subject to WLM timeouts or monitoring rules (a simplification).
//
// Result cache: a trace row marked as a hit is always one; in `model` mode a SELECT whose fingerprint ran
// here before, with no write since to the tables it reads, is one too. A hit is answered by the leader after
// result_cache_ms and takes no slot.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/cache/result_cache.h"
#include "models/compute/compile_cache.h"
#include "models/compute/processor_sharing.h"
#include "models/compute/work_model.h"
#include "models/endpoint/pause_schedule.h"
#include "models/measurements.h"
#include "models/query_pool.h"
#include "models/scaling/scaling_credit.h"
#include "models/serverless/serverless_config.h"
#include "models/serverless/workgroup_scaling.h"
#include "models/wlm/queue_matcher.h"
#include "models/wlm/wlm_config.h"
#include "sim/core/random.h"
#include "sim/core/ring_queue.h"
#include "sim/core/simulation.h"
#include "sim/stats/histogram.h"

namespace rsim {

enum class CompileMode { kFirstPerFingerprint, kAlways, kNever };
// trace: only rows the trace marks as hits; model: also repeats the cache would answer; off: none.
enum class ResultCacheMode { kTrace, kModel, kOff };
enum class EndpointKind { kCompute, kProvisioned, kServerless };
// The scenario's `kind` and the report's, by EndpointKind.
inline constexpr std::array<std::string_view, 3> kEndpointKindNames = {"compute", "provisioned",
                                                                       "serverless"};

struct ConcurrencyScalingConfig {
  std::uint32_t max_clusters = 1;  // 0 to 10 (AWS default 1)
  double startup_s = 10;           // from queueing to taking queries: AWS publishes none (assumption)
  double idle_stop_s = 300;  // idle time before a scaling cluster stops: AWS publishes none (assumption)
  bool writes = true;        // COPY/INSERT/UPDATE/DELETE eligible (RA3 only)
  ScalingCreditConfig credit;
};

// Short query acceleration (models/catalog/facts.md 3.3): a SELECT or CTAS that would wait in its queue and
// is predicted to run shorter than the SQA maximum runs in a lane of its own; one that overruns the maximum
// moves to its queue.
struct SqaConfig {
  bool enabled = false;
  double max_runtime_s = 0;       // fixed 1 to 20 s; 0 = dynamic
  std::uint32_t slots = 6;        // concurrency of the lane: AWS publishes none (assumption)
  double prediction_sigma = 0.5;  // lognormal noise of the run-time prediction (assumption until calibrated)
  double dynamic_initial_s = 5;   // dynamic maximum before the first hour of data (assumption)
  // Dynamic maximum: AWS's own tuning rule, p70 of the last hour's SELECT/CTAS execution + 2 s, in [2, 20] s.
};

// What an endpoint's meters read at the end of a run: the inputs of its bill.
struct EndpointMeters {
  double running_s = 0;  // seconds the endpoint was up (billed time for a provisioned cluster)
  double paused_s = 0;   // seconds paused (from the pause to the resume request)
  std::uint64_t pauses = 0;
  std::uint64_t scaling_activations = 0;
  double scaling_busy_s = 0;      // seconds scaling clusters served queries
  double scaling_billable_s = 0;  // after the one-minute minimum per activation
  double scaling_credit_used_s = 0;
  double scaling_charged_s = 0;  // billable minus credit
  std::uint32_t scaling_peak_clusters = 0;
  double sqa_max_runtime_s = 0;              // the SQA maximum at the end (dynamic: as last learned)
  std::optional<WorkgroupMeters> workgroup;  // serverless: capacity over time and the compute meter
};

struct ComputeEndpointConfig {
  std::string name;
  EndpointKind kind = EndpointKind::kCompute;
  std::string region = "us-east-1";  // where it runs: its prices, and cross-region data sharing
  double capacity_rpu = 0;           // on the common scale; > 0
  std::string node_type;             // provisioned: catalog node type
  std::uint32_t nodes = 0;           // provisioned: node count
  WlmConfig wlm;                     // at least one queue; the last is the default queue
  UserGroups groups;                 // user-group directory for WLM routing
  double concurrency_exponent = ConcurrencyCurve::kDefaultExponent;
  double spill_penalty = 1.0;  // work multiplier per unit of overflow fraction (assumption until calibrated)
  CompileMode compile = CompileMode::kFirstPerFingerprint;
  std::uint32_t compile_cache_entries = CompileCache::kDefaultEntries;  // fingerprints kept compiled; >= 1
  double result_cache_ms = 5.0;  // leader's answer time for a cache hit
  ResultCacheMode result_cache = ResultCacheMode::kTrace;
  std::uint32_t result_cache_entries = ResultCache::kDefaultEntries;
  ConcurrencyScalingConfig scaling;
  SqaConfig sqa;
  PauseSchedule pause;                // provisioned: when the cluster is paused
  double resume_delay_s = 300;        // "several minutes" (models/catalog/facts.md 2.2): an assumption
  bool fail_while_paused = false;     // arrivals while paused fail (else they wait for the resume)
  std::string pricing = "on_demand";  // provisioned: on_demand, reserved_1y, reserved_3y
  double storage_gb = 0;              // managed storage billed to this endpoint
  ServerlessConfig serverless;        // serverless: capacity, scaling and billing (capacity_rpu is the base)
  std::uint32_t max_connections = 0;  // client connections it accepts at once (0: no limit)

  std::uint32_t total_slots() const;  // 0 if any queue is unlimited
  // WLM queues plus the SQA lane when SQA is on (the lane is the last).
  std::size_t lane_count() const { return wlm.queues.size() + (sqa.enabled ? 1 : 0); }
  double total_memory_mb() const;
};

class ComputeEndpoint final : public EventHandler,
                              private ProcessorSharing::Listener,
                              private WorkgroupScaling::Listener {
 public:
  ComputeEndpoint(Simulation& sim, std::uint32_t index, ComputeEndpointConfig config, QueryPool& pool,
                  WorkModel& work, TableLists& tables, const SymbolTable& symbols, MeasurementSink& sink);

  // Accepts a query at sim.now(). The endpoint owns it until it reports it finished; then it releases it.
  void submit(QueryHandle h);
  // Failure injection (a load balancer's target goes down): every query running or waiting here fails now,
  // and arrivals fail until restore(). Queries on concurrency-scaling clusters finish.
  void fail();
  void restore();
  // Refuses a query whose connection it cannot accept (its connection limit is reached): it fails at now().
  void refuse(QueryHandle h);
  // A statement that needs no compute (a SQL health probe): activity for a serverless workgroup's billing.
  void note_statement() {
    if (workgroup_) workgroup_->touch();
  }
  // Tables of `write_list` changed at now() elsewhere (a data-sharing producer): stale cached results go.
  void tables_written(Symbol write_list) { result_cache_.wrote(write_list, sim_.now()); }

  const ComputeEndpointConfig& config() const { return config_; }
  std::uint32_t running() const { return executor_.count(); }
  std::uint32_t queued() const { return queued_; }
  // REQUIRES: the run has ended at `end` (no query in flight).
  EndpointMeters meters(SimTime end) const;
  // The SQA maximum in force now (s); 0 when SQA is off.
  double sqa_max_runtime_s() const { return sqa_max_s_; }

  void handle(Simulation& sim, const Event& event) override;

 private:
  struct Queue {
    // Waiting queries in two FIFO lists, those a scaling cluster may take and the rest; the main cluster
    // takes whichever head waited longer (QueryInFlight::seq).
    RingQueue<QueryHandle> waiting[2];
    std::uint32_t slots = 0;  // 0 = unlimited
    std::uint32_t used = 0;
    double slot_memory_mb = 0;
    std::vector<std::uint32_t> rules;  // indices into rules_
    bool scaling = false;              // concurrency scaling on
    bool empty() const { return waiting[0].empty() && waiting[1].empty(); }
  };
  struct ScalingCluster {
    enum class State { kStopped, kStarting, kReady } state = State::kStopped;
    std::unique_ptr<ProcessorSharing> executor;
    std::vector<std::uint32_t> used;  // slots in use per queue
    double memory_used_mb = 0;        // automatic WLM
    std::uint32_t running = 0;
    SimTime busy_since = 0;
    double busy_s = 0;  // in the current activation
    EventId idle_stop;
  };

  void on_job_done(Simulation& sim, ProcessorSharing::JobId job) override;
  void capacity_changed(double rpu) override;
  std::uint32_t slots_needed(const QueryInFlight& q, const Queue& queue) const;
  bool is_auto(std::uint32_t queue) const { return config_.wlm.mode == WlmMode::kAuto && queue != sqa_lane_; }
  bool fits_slots(const QueryInFlight& q, const Queue& queue) const;
  double memory_estimate_mb(const QueryInFlight& q) const;
  bool fits_memory(const QueryInFlight& q, std::uint32_t running, double used_mb) const;
  bool fits(const QueryInFlight& q, std::uint32_t queue) const;
  bool can_start_now(const QueryInFlight& q, std::uint32_t queue) const;
  int effective_priority(const QueryInFlight& q) const;
  const QueryHandle* oldest(const Queue& queue) const;
  void drain_auto();
  double weight(const QueryInFlight& q) const;
  void change_priority(QueryHandle h, Priority p);
  void enqueue(QueryHandle h, std::uint32_t queue);  // admits now if it can, else waits
  void wait_in(QueryHandle h, std::uint32_t queue);
  QueryHandle pop_oldest(Queue& queue);
  double work_for(QueryInFlight& q, double memory_mb);
  void admit(QueryHandle h, std::uint32_t queue);
  void start_running(QueryHandle h, std::uint32_t queue, double work_us);
  bool scaling_eligible(const QueryInFlight& q) const;
  void feed_scaling(std::uint32_t queue);
  void start_on_scaling(QueryHandle h, std::uint32_t cluster, std::uint32_t queue);
  void maybe_start_scaling();
  void scaling_ready(std::uint32_t cluster);
  void scaling_idle(std::uint32_t cluster);
  double running_seconds(SimTime t) const;  // since the start, less paused time (what is billed)
  double leave_processor(QueryHandle h);    // returns attained work
  void drain(std::uint32_t queue);
  void hop(QueryHandle h, bool restart_if_busy);
  void abort(QueryHandle h);
  // Aborts every query running on the main cluster, and the waiting ones when `waiting_too` (paused_ or
  // failed_ already keeps new ones from starting).
  void abort_all(bool waiting_too);
  void on_timeout(QueryHandle h);
  void schedule_next_pause();
  void pause();
  void resume();
  bool sqa_candidate(const QueryInFlight& q);
  void sqa_overrun(QueryHandle h);
  void sqa_learn(const QueryInFlight& q);
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
  std::vector<const QmrRule*> rules_;      // every queue's rules, in queue order
  std::vector<QueryHandle> running_;       // for rule evaluation; QueryInFlight::running_index points here
  std::vector<QueryHandle> rule_scratch_;  // running_ at a rule evaluation (actions change running_)
  std::uint32_t queued_ = 0;
  bool rule_tick_pending_ = false;
  std::uint64_t seq_ = 0;
  bool paused_ = false;           // takes no queries (paused, or resuming)
  bool failed_ = false;           // down (failure injection): takes no queries
  std::uint32_t fail_depth_ = 0;  // failure windows in force
  bool billing_paused_ = false;   // paused and no resume requested yet
  SimTime paused_since_ = 0;
  double paused_s_ = 0;
  std::uint64_t pauses_ = 0;
  PauseWindow window_;
  std::uint32_t auto_running_ = 0;  // automatic WLM: running queries and their memory
  double memory_used_mb_ = 0;
  SimTime start_;
  std::vector<ScalingCluster> scaling_;
  ScalingCredit credit_;
  std::uint32_t scaling_active_ = 0;  // starting or ready
  std::uint32_t scaling_peak_ = 0;
  std::uint32_t sqa_lane_ = UINT32_MAX;  // index in queues_, when SQA is on
  double sqa_max_s_ = 0;
  LogLinearHistogram sqa_window_;  // SELECT/CTAS execution times (µs) in the current hour
  SimTime sqa_window_end_ = 0;
  RandomStream sqa_noise_;
  RandomStream work_noise_;  // predicted work's scatter (WorkModel::noise_log_sd)
  double scaling_busy_total_s_ = 0;
  std::optional<WorkgroupScaling> workgroup_;  // serverless
};

}  // namespace rsim
