// The dual-write ingestion path (models/model.md section 8; configuration in dual_write_config.h).
//
// Messages arrive on a queue (Poisson). A free consumer takes the oldest and writes it to both sides at once:
// each write is an insert statement that pays the statement API's latency and then runs on the side's
// endpoint as a query, competing in its WLM like any other. A failed attempt (the side unreachable, or the
// statement aborted there) is retried after the side's delay, up to its retry count.
// - The consumer waits for the primary only: when the primary write succeeds the message is acknowledged and
//   the consumer takes the next one; the secondary write carries on by itself, so a slow or failing secondary
//   never holds back the primary path.
// - A secondary write whose retries run out is logged: the record is missing on the secondary.
// - A primary write whose retries run out leaves the message unacknowledged: it is delivered again (both
//   sides written again) once both of this delivery's writes have ended, up to max_deliveries, after which it
//   goes to the dead-letter count. Nothing leaves the queue uncounted.
#pragma once

#include <array>
#include <deque>
#include <vector>

#include "models/endpoint/compute_endpoint.h"
#include "models/ingestion/dual_write_config.h"
#include "models/measurements.h"
#include "models/query_pool.h"
#include "sim/core/random.h"
#include "sim/core/simulation.h"
#include "sim/stats/distribution.h"
#include "sim/stats/time_weighted.h"

namespace rsim {

struct DualWriteMeters {
  struct Side {
    std::uint64_t attempts = 0;
    std::uint64_t succeeded = 0;        // writes that landed (a redelivered message may land twice)
    std::uint64_t failed_attempts = 0;  // unreachable or aborted
    std::uint64_t exhausted = 0;        // writes whose retries ran out
  };
  std::uint64_t messages = 0;  // arrived on the queue
  std::uint64_t acknowledged = 0;
  std::uint64_t redelivered = 0;
  std::uint64_t dead_lettered = 0;
  std::uint64_t missing_on_secondary = 0;  // acknowledged, but never written to the secondary
  std::uint64_t unfinished = 0;  // still queued or in flight when the run ended (0 after a full run)
  std::array<Side, 2> sides;     // primary, secondary
  Distribution ack_latency;      // arrival to primary success, µs
  Distribution end_to_end;       // arrival to the later of the two writes, acknowledged messages
  std::vector<std::uint32_t> backlog_per_minute;  // the most messages waiting in each minute of the run
  std::uint32_t backlog_peak = 0;
  double backlog_mean = 0;  // time-weighted
};

class DualWrite final : public EventHandler {
 public:
  static constexpr int kMaxDeliveries = 10;

  DualWrite(Simulation& sim, const DualWriteConfig& config, std::vector<ComputeEndpoint*> endpoints,
            QueryPool& pool, SymbolTable& symbols);

  // Every finished query passes here; the dual write's own (QueryInFlight::ingest != 0) advance their
  // message.
  void finished(const QueryInFlight& q, QueryEnd end);

  void handle(Simulation& sim, const Event& e) override;
  DualWriteMeters meters(SimTime end) const;

 private:
  enum Kind : std::uint32_t { kArrival, kAttempt };
  static constexpr int kPrimary = 0, kSecondary = 1;

  struct Message {
    SimTime arrival = 0;
    std::uint64_t id = 0;
    std::array<SimTime, 2> done{};         // when this delivery's write on each side ended
    std::array<std::uint16_t, 2> tries{};  // attempts in this delivery
    std::array<bool, 2> open{};            // this delivery's write still going
    bool ever_secondary = false;           // written to the secondary in some delivery
    bool acked = false;
    std::uint16_t deliveries = 0;
  };

  const DualWriteSide& side(int s) const { return s == kPrimary ? config_.primary : config_.secondary; }
  bool unreachable(int s, SimTime t) const;
  void dispatch();
  void deliver(std::uint32_t slot);
  void attempt(std::uint32_t slot, int s);
  void schedule_attempt(std::uint32_t slot, int s, double delay_ms);
  void ended(std::uint32_t slot, int s, bool ok);
  void set_backlog();

  Simulation& sim_;
  DualWriteConfig config_;
  std::vector<ComputeEndpoint*> endpoints_;
  QueryPool& pool_;
  HandlerId self_;
  RandomStream arrivals_;
  SimTime start_, end_;
  Symbol user_, group_, domain_;
  std::uint64_t next_ordinal_ = kGeneratedOrdinal;
  std::vector<Message> messages_;
  std::vector<std::uint32_t> free_;
  std::deque<std::uint32_t> queue_;
  int busy_ = 0;
  std::uint64_t next_id_ = 0;
  TimeWeighted backlog_;
  std::uint32_t backlog_last_ = 0;
  DualWriteMeters m_;
};

}  // namespace rsim
