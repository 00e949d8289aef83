// Records what the models emit during one replication: per endpoint and overall, latency, queue wait and
// execution distributions (exact mean, log-linear histogram for percentiles, batch means for the mean's
// confidence interval), counts, and time averages of running and queued queries.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "models/measurements.h"
#include "sim/core/symbol_table.h"
#include "sim/stats/confidence.h"
#include "sim/stats/distribution.h"
#include "sim/stats/histogram.h"
#include "sim/stats/summary.h"
#include "sim/stats/time_weighted.h"

namespace rsim {

// Counts and distributions of the queries that finished in one place (overall, an endpoint, a WLM queue).
struct QueryRecord {
  std::uint64_t completed = 0;
  std::uint64_t aborted = 0;
  std::uint64_t hopped = 0;  // queries that hopped at least once
  std::uint64_t spilled = 0;
  std::uint64_t result_cache_hits = 0;
  std::uint64_t concurrency_scaling = 0;  // queries that ran on a concurrency-scaling cluster
  Distribution latency, queue, exec;
  std::uint64_t queries() const { return completed + aborted; }
  void add(const QueryInFlight& q, SimTime now, QueryEnd end);
};

// Latency of the queries sharing one label (a business domain or a query group), wherever they ran.
struct LabelRecord {
  Symbol label = 0;
  std::uint64_t completed = 0;
  std::uint64_t aborted = 0;
  Distribution latency;
};

// LabelRecords by label, in order of first appearance. Labels are few and arrive in runs, so the last one
// found is tried first and a map is consulted only on a change.
class LabelRecords {
 public:
  LabelRecord& at(Symbol label);
  const std::vector<LabelRecord>& records() const { return records_; }

 private:
  std::vector<LabelRecord> records_;
  std::unordered_map<Symbol, std::size_t> index_;
  std::size_t last_ = 0;
};

struct EndpointRecord : QueryRecord {
  TimeWeighted running, queued, busy;
  std::vector<QueryRecord> queues;  // by WLM queue, provisioned clusters only; counted where it finished
  std::vector<std::uint64_t> rule_fired;  // by query monitoring rule: queries it fired for
};

class Recorder final : public MeasurementSink {
 public:
  // `queues[i]` and `rules[i]`: the number of WLM queues and monitoring rules of endpoint i.
  Recorder(const std::vector<std::size_t>& queues, const std::vector<std::size_t>& rules, SimTime start);

  void query_finished(const QueryInFlight& q, SimTime now, QueryEnd end) override;
  void endpoint_state(std::uint32_t endpoint, SimTime now, std::uint32_t running,
                      std::uint32_t queued) override;
  void rule_fired(std::uint32_t endpoint, std::uint32_t rule, SimTime now) override;

  const EndpointRecord& endpoint(std::size_t i) const { return endpoints_[i]; }
  const QueryRecord& overall() const { return overall_; }
  // By domain and by query group, in order of first appearance.
  const std::vector<LabelRecord>& domains() const { return domains_.records(); }
  const std::vector<LabelRecord>& query_groups() const { return query_groups_.records(); }
  std::size_t endpoint_count() const { return endpoints_.size(); }
  SimTime start() const { return start_; }
  // When the last query left (start() if none did).
  SimTime last_departure() const { return last_departure_; }

 private:
  SimTime start_;
  SimTime last_departure_;
  std::vector<EndpointRecord> endpoints_;
  QueryRecord overall_;
  LabelRecords domains_;
  LabelRecords query_groups_;
};

}  // namespace rsim
