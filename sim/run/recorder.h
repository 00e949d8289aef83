// Records what the models emit during one replication: per endpoint and overall, latency, queue wait and
// execution distributions (exact mean, log-linear histogram for percentiles, batch means for the mean's
// confidence interval), counts, and time averages of running and queued queries; and the breakdowns users
// know from the replay tools: by domain, query group, query type and user, the longest queries, and
// arrivals and completions per minute.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/measurements.h"
#include "sim/core/symbol_table.h"
#include "sim/stats/confidence.h"
#include "sim/stats/distribution.h"
#include "sim/stats/histogram.h"
#include "sim/stats/summary.h"
#include "sim/stats/time_weighted.h"
#include "workloads/query.h"

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

// The queries sharing one label (a business domain, a query group, a query type, a user), wherever they ran.
template <typename D>
struct LabelledRecord {
  Symbol label = 0;
  std::uint64_t completed = 0;
  std::uint64_t aborted = 0;
  D latency, queue, exec;
  std::uint64_t queries() const { return completed + aborted; }
  void add(const QueryInFlight& q, SimTime now, QueryEnd end) {
    if (end == QueryEnd::kAborted) {
      ++aborted;
      return;
    }
    ++completed;
    latency.add(now - q.query.arrival);
    queue.add(q.queue_us);
    exec.add(now - q.query.arrival - q.queue_us);
  }
};
using LabelRecord = LabelledRecord<Distribution>;        // domains, query groups, query types
using UserRecord = LabelledRecord<CompactDistribution>;  // users: there may be thousands

// Records by label, in order of first appearance, up to `limit` labels; queries of any further label go to
// one overflow record (so memory stays bounded whatever the trace holds). Labels arrive in runs, so the last
// one found is tried first and a map is consulted only on a change.
template <typename R>
class LabelRecords {
 public:
  explicit LabelRecords(std::size_t limit) : limit_(limit) {}
  R& at(Symbol label) {
    if (last_ < records_.size() && records_[last_].label == label) return records_[last_];
    const auto it = index_.find(label);
    if (it != index_.end()) {
      last_ = it->second;
      return records_[last_];
    }
    if (records_.size() == limit_) {
      overflowed_ = true;
      return overflow_;
    }
    index_.emplace(label, records_.size());
    records_.push_back(R{});
    records_.back().label = label;
    last_ = records_.size() - 1;
    return records_.back();
  }
  const std::vector<R>& records() const { return records_; }
  // The queries of labels past the limit, or null when there were none.
  const R* overflow() const { return overflowed_ ? &overflow_ : nullptr; }

 private:
  std::size_t limit_;
  std::vector<R> records_;
  std::unordered_map<Symbol, std::size_t> index_;
  std::size_t last_ = 0;
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
  // `queues[i]` and `rules[i]`: the number of WLM queues and monitoring rules of endpoint i.
  Recorder(const std::vector<std::size_t>& queues, const std::vector<std::size_t>& rules, SimTime start);

  void query_finished(const QueryInFlight& q, SimTime now, QueryEnd end) override;
  void endpoint_state(std::uint32_t endpoint, SimTime now, std::uint32_t running,
                      std::uint32_t queued) override;
  void rule_fired(std::uint32_t endpoint, std::uint32_t rule, SimTime now) override;

  const EndpointRecord& endpoint(std::size_t i) const { return endpoints_[i]; }
  const QueryRecord& overall() const { return overall_; }
  // Breakdowns by label, in order of first appearance (each up to its limit, then an overflow record).
  static constexpr std::size_t kLabelLimit = 1000;  // domains, query groups
  static constexpr std::size_t kUserLimit = 10000;  // users
  const LabelRecords<LabelRecord>& domains() const { return domains_; }
  const LabelRecords<LabelRecord>& query_groups() const { return query_groups_; }
  const LabelRecords<UserRecord>& users() const { return users_; }
  // By query type (indexed by QueryType).
  const std::array<LabelRecord, kQueryTypeCount>& query_types() const { return query_types_; }
  // The kLongest longest completed queries, longest first.
  static constexpr std::size_t kLongest = 100;
  std::vector<LongQuery> longest() const;
  // Queries that arrived and that completed, per clock minute from first_minute(): start() rounded down.
  SimTime first_minute() const { return start_ - start_ % 60'000'000; }
  const std::vector<std::uint32_t>& arrivals_per_minute() const { return arrivals_per_minute_; }
  const std::vector<std::uint32_t>& completions_per_minute() const { return completions_per_minute_; }
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
  LabelRecords<UserRecord> users_{kUserLimit};
  std::array<LabelRecord, kQueryTypeCount> query_types_;
  std::vector<LongQuery> longest_;  // a min-heap on (latency, -ordinal) of at most kLongest
  std::vector<std::uint32_t> arrivals_per_minute_, completions_per_minute_;
};

}  // namespace rsim
