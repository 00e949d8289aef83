#include "models/ingestion/dual_write.h"

#include <fmt/format.h>

#include <algorithm>

namespace rsim {

namespace {
constexpr SimDuration kMinute = 60 * kMicrosPerSecond;
}  // namespace

DualWrite::DualWrite(Simulation& sim, const DualWriteConfig& config, std::vector<ComputeEndpoint*> endpoints,
                     QueryPool& pool, SymbolTable& symbols)
    : sim_(sim),
      config_(config),
      endpoints_(std::move(endpoints)),
      pool_(pool),
      self_(sim.add_handler(*this)),
      arrivals_(sim.stream("dual_write/" + config.name, "arrivals")),
      start_(sim.now() + from_seconds(config.start_s)),
      end_(start_ + from_seconds(config.duration_s)),
      user_(symbols.intern(config.user)),
      group_(symbols.intern(config.query_group)),
      domain_(symbols.intern(config.domain)) {
  backlog_.start(sim.now(), 0);
  const SimTime first = start_ + from_seconds(arrivals_.exponential(1.0 / config_.messages_per_s));
  if (first < end_) sim_.schedule_at(first, self_, kArrival);
}

bool DualWrite::unreachable(int s, SimTime t) const {
  const double at = to_seconds(t - (start_ - from_seconds(config_.start_s)));
  return std::any_of(side(s).outages_s.begin(), side(s).outages_s.end(),
                     [at](const auto& w) { return at >= w.first && at < w.second; });
}

void DualWrite::set_backlog() {
  const auto n = static_cast<std::uint32_t>(queue_.size());
  const SimTime now = sim_.now();
  backlog_.set(now, n);
  const auto minute = static_cast<std::size_t>((now - (start_ - from_seconds(config_.start_s))) / kMinute);
  // Minutes without a change hold the backlog as it was.
  const std::uint32_t before = m_.backlog_per_minute.empty() ? 0 : backlog_last_;
  while (m_.backlog_per_minute.size() <= minute) m_.backlog_per_minute.push_back(before);
  m_.backlog_per_minute[minute] = std::max(m_.backlog_per_minute[minute], n);
  m_.backlog_peak = std::max(m_.backlog_peak, n);
  backlog_last_ = n;
}

void DualWrite::handle(Simulation&, const Event& e) {
  if (e.kind == kArrival) {
    std::uint32_t slot;
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
    } else {
      slot = static_cast<std::uint32_t>(messages_.size());
      messages_.emplace_back();
    }
    messages_[slot] = Message{};
    messages_[slot].arrival = sim_.now();
    messages_[slot].id = next_id_++;
    ++m_.messages;
    queue_.push_back(slot);
    set_backlog();
    dispatch();
    const SimTime next = sim_.now() + from_seconds(arrivals_.exponential(1.0 / config_.messages_per_s));
    if (next < end_) sim_.schedule_at(next, self_, kArrival);
    return;
  }
  attempt(static_cast<std::uint32_t>(e.payload >> 1), static_cast<int>(e.payload & 1));
}

void DualWrite::dispatch() {
  while (busy_ < config_.consumers && !queue_.empty()) {
    const std::uint32_t slot = queue_.front();
    queue_.pop_front();
    ++busy_;
    set_backlog();
    deliver(slot);
  }
}

void DualWrite::deliver(std::uint32_t slot) {
  Message& m = messages_[slot];
  ++m.deliveries;
  for (const int s : {kPrimary, kSecondary}) {
    m.tries[s] = 0;
    m.open[s] = true;
    schedule_attempt(slot, s, 0.0);
  }
}

void DualWrite::schedule_attempt(std::uint32_t slot, int s, double delay_ms) {
  // The statement API's latency comes before the statement reaches the side.
  sim_.schedule_after(from_seconds((delay_ms + side(s).statement_latency_ms) / 1000.0), self_, kAttempt,
                      (static_cast<std::uint64_t>(slot) << 1) | static_cast<std::uint64_t>(s));
}

void DualWrite::attempt(std::uint32_t slot, int s) {
  Message& m = messages_[slot];
  ++m.tries[s];
  ++m_.sides[s].attempts;
  if (unreachable(s, sim_.now())) {
    ended(slot, s, false);
    return;
  }
  const QueryHandle h = pool_.acquire();
  Query& q = pool_[h].query;
  q = Query{};
  q.id =
      fmt::format("{}-{}-{}{}-{}", config_.name, m.id, s == kPrimary ? 'p' : 's', m.deliveries, m.tries[s]);
  q.arrival = sim_.now();
  q.type = QueryType::kInsert;
  q.exec_ms = config_.insert_work_ms;
  q.mbytes_scanned = config_.insert_mbytes;
  q.user = user_;
  q.query_group = group_;
  q.domain = domain_;
  q.ordinal = next_ordinal_++;
  q.session = mix64(stable_hash(config_.name) ^ mix64(m.id * 2 + static_cast<std::uint64_t>(s)));
  pool_[h].ingest = 1 + (slot << 1) + static_cast<std::uint32_t>(s);
  endpoints_[side(s).endpoint]->submit(h);
}

void DualWrite::finished(const QueryInFlight& q, QueryEnd end) {
  if (q.ingest == 0) return;
  const std::uint32_t code = q.ingest - 1;
  ended(code >> 1, static_cast<int>(code & 1), end == QueryEnd::kCompleted);
}

void DualWrite::ended(std::uint32_t slot, int s, bool ok) {
  Message& m = messages_[slot];
  DualWriteMeters::Side& meter = m_.sides[s];
  if (!ok) {
    ++meter.failed_attempts;
    if (m.tries[s] <= side(s).retries) {
      schedule_attempt(slot, s, side(s).retry_delay_ms);
      return;
    }
    ++meter.exhausted;
  } else {
    ++meter.succeeded;
    if (s == kSecondary) m.ever_secondary = true;
  }
  m.open[s] = false;
  m.done[s] = sim_.now();
  if (s == kPrimary) {
    // The consumer was waiting for this write only.
    --busy_;
    if (ok) {
      m.acked = true;
      ++m_.acknowledged;
      m_.ack_latency.add(sim_.now() - m.arrival);
    }
    dispatch();
  }
  if (m.open[kPrimary] || m.open[kSecondary]) return;
  // Both writes of this delivery have ended.
  if (!m.acked) {
    if (m.deliveries < kMaxDeliveries) {
      ++m_.redelivered;
      queue_.push_back(slot);
      set_backlog();
      dispatch();
      return;
    }
    ++m_.dead_lettered;
  } else {
    m_.end_to_end.add(std::max(m.done[kPrimary], m.done[kSecondary]) - m.arrival);
    if (!m.ever_secondary) ++m_.missing_on_secondary;
  }
  free_.push_back(slot);
}

DualWriteMeters DualWrite::meters(SimTime end) const {
  DualWriteMeters out = m_;
  out.backlog_mean = backlog_.mean(std::max(end, sim_.now()));
  out.unfinished = m_.messages - m_.acknowledged - m_.dead_lettered;
  return out;
}

}  // namespace rsim
