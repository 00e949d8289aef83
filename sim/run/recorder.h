// Records what the models emit during one replication: per endpoint and overall, latency, queue wait and
// execution distributions (exact mean, log-linear histogram for percentiles, batch means for the mean's
// confidence interval), counts, and time averages of running and queued queries; and the breakdowns users
// know from the replay tools: by domain, query group, query type and user (sim/run/user_breakdown.h), the
// longest queries, and arrivals and completions per minute.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/measurements.h"
#include "sim/core/symbol_table.h"
#include "sim/run/measured_queries.h"
#include "sim/run/timeline.h"
#include "sim/run/user_breakdown.h"
#include "sim/stats/binned_series.h"
#include "sim/stats/confidence.h"
#include "sim/stats/distribution.h"
#include "sim/stats/histogram.h"
#include "sim/stats/summary.h"
#include "sim/stats/time_weighted.h"
#include "workloads/query.h"

namespace rsim {

// Counts and distributions of the queries that finished in one place (overall, an endpoint, a WLM queue).
struct QueryRecord : MeasuredQueriesOf<Distribution> {
  std::uint64_t hopped = 0;  // queries that hopped at least once
  std::uint64_t spilled = 0;
  std::uint64_t result_cache_hits = 0;
  std::uint64_t concurrency_scaling = 0;  // queries that ran on a concurrency-scaling cluster
  void add(const QueryInFlight& q, SimTime now, QueryEnd end);
};

// The queries sharing one label (a business domain, a query group, a query type), wherever they ran.
template <typename D>
struct LabelledRecord : MeasuredQueriesOf<D> {
  Symbol label = 0;
};
using LabelRecord = LabelledRecord<Distribution>;  // domains, query groups, query types

// Records by label, in order of first appearance, up to `limit` labels; queries of any further label go to
// one overflow record (so memory stays bounded whatever the trace holds). Symbols are small dense integers,
// so a record is found by indexing, not hashing.
template <typename R>
class LabelRecords {
 public:
  explicit LabelRecords(std::size_t limit) : limit_(limit) {}
  R& at(Symbol label) {
    if (label >= index_.size()) index_.resize(std::size_t{label} + 1, kUnseen);
    std::uint32_t& i = index_[label];
    if (i == kUnseen) {
      if (records_.size() == limit_) {
        i = kOverflow;
      } else {
        i = static_cast<std::uint32_t>(records_.size());
        records_.push_back(R{});
        records_.back().label = label;
      }
    }
    if (i == kOverflow) {
      overflowed_ = true;
      return overflow_;
    }
    return records_[i];
  }
  const std::vector<R>& records() const { return records_; }
  // The queries of labels past the limit, or null when there were none.
  const R* overflow() const { return overflowed_ ? &overflow_ : nullptr; }

 private:
  static constexpr std::uint32_t kUnseen = UINT32_MAX, kOverflow = UINT32_MAX - 1;
  std::size_t limit_;
  std::vector<R> records_;
  std::vector<std::uint32_t> index_;  // by symbol: index into records_, kUnseen or kOverflow
  R overflow_;
  bool overflowed_ = false;
};

// One of the longest-running completed queries.
struct LongQuery {
  SimDuration latency = 0;
  std::uint64_t ordinal = 0;  // position in the workload: breaks ties, earlier first
  std::string id;
  SimTime arrival = 0;
  SimDuration queue = 0;
  Symbol user = 0, query_group = 0, domain = 0;
  QueryType type = QueryType::kSelect;
  std::uint32_t endpoint = 0;
};

struct EndpointRecord : QueryRecord {
  TimeWeighted running, queued, busy;
  std::vector<QueryRecord> queues;  // by WLM queue, provisioned clusters only; counted where it finished
  std::vector<std::uint64_t> rule_fired;  // by query monitoring rule: queries it fired for
};

class Recorder final : public MeasurementSink {
 public:
  // `queues[i]`, `rules[i]` and `initial_rpu[i]`: the number of WLM queues and monitoring rules of endpoint
  // i, and its capacity at the start.
  Recorder(const std::vector<std::size_t>& queues, const std::vector<std::size_t>& rules,
           const std::vector<double>& initial_rpu, SimTime start);

  void query_finished(const QueryInFlight& q, SimTime now, QueryEnd end) override;
  void endpoint_state(std::uint32_t endpoint, SimTime now, std::uint32_t running,
                      std::uint32_t queued) override;
  void rule_fired(std::uint32_t endpoint, std::uint32_t rule, SimTime now) override;
  void capacity_changed(std::uint32_t endpoint, SimTime now, double rpu) override;
  void scaling_clusters_changed(std::uint32_t endpoint, SimTime now, std::uint32_t clusters) override;
  // Closes the time series at the run's end. REQUIRES: called once, after the run.
  void finish(SimTime end) { timeline_.finish(end); }

  const EndpointRecord& endpoint(std::size_t i) const { return endpoints_[i]; }
  const QueryRecord& overall() const { return overall_; }
  // Breakdowns by label, in order of first appearance (each up to its limit, then an overflow record).
  static constexpr std::size_t kLabelLimit = 1000;  // domains, query groups
  const LabelRecords<LabelRecord>& domains() const { return domains_; }
  const LabelRecords<LabelRecord>& query_groups() const { return query_groups_; }
  const UserBreakdown& users() const { return users_; }
  // By query type (indexed by QueryType).
  const std::array<LabelRecord, kQueryTypeCount>& query_types() const { return query_types_; }
  // The kLongest longest completed queries, longest first.
  static constexpr std::size_t kLongest = 100;
  std::vector<LongQuery> longest() const;
  // Queries that arrived (series kArrivals) and that completed (kCompletions), per clock minute from
  // first_minute(): start() rounded down. Past kMaxThroughputBins minutes (about 45 days), bins widen.
  enum ThroughputSeries : std::size_t { kArrivals = 0, kCompletions = 1 };
  static constexpr std::size_t kMaxThroughputBins = 65536;
  SimTime first_minute() const { return start_ - start_ % 60'000'000; }
  const BinnedSeries& throughput() const { return throughput_; }
  // Per endpoint over time, for the plots.
  const Timeline& timeline() const { return timeline_; }
  std::size_t endpoint_count() const { return endpoints_.size(); }
  SimTime start() const { return start_; }
  // When the last query left (start() if none did).
  SimTime last_departure() const { return last_departure_; }

 private:
  SimTime start_;
  SimTime last_departure_;
  std::vector<EndpointRecord> endpoints_;
  QueryRecord overall_;
  LabelRecords<LabelRecord> domains_{kLabelLimit};
  LabelRecords<LabelRecord> query_groups_{kLabelLimit};
  UserBreakdown users_;
  std::array<LabelRecord, kQueryTypeCount> query_types_;
  std::vector<LongQuery> longest_;  // a min-heap on (latency, -ordinal) of at most kLongest
  BinnedSeries throughput_;
  Timeline timeline_;
};

}  // namespace rsim
