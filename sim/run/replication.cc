#include "sim/run/replication.h"

#include <optional>

#include "models/query_pool.h"
#include "models/topology.h"
#include "sim/core/simulation.h"
#include "sim/io/input_error.h"
#include "sim/run/progress.h"

namespace rsim {

namespace {

// Feeds arrivals: holds the next query in the pool and one pending arrival event for it.
class ArrivalFeeder final : public EventHandler {
 public:
  ArrivalFeeder(Simulation& sim, QuerySource& source, QueryPool& pool, Topology& topology,
                ReplicationResult& result)
      : sim_(sim),
        source_(source),
        pool_(pool),
        topology_(topology),
        result_(result),
        self_(sim.add_handler(*this)) {}

  // Schedules the first arrival, already read into `first`.
  void start(const Query& first) { schedule(pool_.add(first)); }

  void handle(Simulation&, const Event& e) override {
    topology_.submit(static_cast<QueryHandle>(e.payload));
    if (pool_.live() > result_.peak_in_flight) result_.peak_in_flight = pool_.live();
    // The next query is read straight into its pool slot.
    const QueryHandle next = pool_.acquire();
    if (source_.next(pool_[next].query)) {
      schedule(next);
    } else {
      pool_.release(next);
    }
  }

 private:
  void schedule(QueryHandle h) {
    const Query& q = pool_[h].query;
    if (q.arrival < sim_.now()) {
      throw InputError("workload: query " + q.id +
                       " arrives before the previous one (arrivals must be sorted)");
    }
    ++result_.queries;
    if (q.observed_capacity == 0) ++result_.without_observed_capacity;
    result_.last_arrival = q.arrival;
    sim_.schedule_at(q.arrival, self_, 0, h);
  }

  Simulation& sim_;
  QuerySource& source_;
  QueryPool& pool_;
  Topology& topology_;
  ReplicationResult& result_;
  HandlerId self_;
};

// Passes every measurement to several sinks (the recorder, the alarm monitor, an observer).
class FanOut final : public MeasurementSink {
 public:
  void add(MeasurementSink& s) { sinks_.push_back(&s); }
  void query_finished(const QueryInFlight& q, SimTime now, QueryEnd end) override {
    for (auto* s : sinks_) s->query_finished(q, now, end);
  }
  void endpoint_state(std::uint32_t e, SimTime now, std::uint32_t running, std::uint32_t queued) override {
    for (auto* s : sinks_) s->endpoint_state(e, now, running, queued);
  }
  void rule_fired(std::uint32_t e, std::uint32_t rule, SimTime now) override {
    for (auto* s : sinks_) s->rule_fired(e, rule, now);
  }
  void capacity_changed(std::uint32_t e, SimTime now, double rpu) override {
    for (auto* s : sinks_) s->capacity_changed(e, now, rpu);
  }
  void scaling_clusters_changed(std::uint32_t e, SimTime now, std::uint32_t clusters) override {
    for (auto* s : sinks_) s->scaling_clusters_changed(e, now, clusters);
  }

 private:
  std::vector<MeasurementSink*> sinks_;
};

}  // namespace

ReplicationResult run_replication(const Scenario& scenario, QuerySource& source, SymbolTable& symbols,
                                  std::uint64_t seed, MeasurementSink* observer, const NodeCatalog& catalog,
                                  RunProgress* progress) {
  ReplicationResult result;
  Query first;
  const bool any = source.next(first);
  const SimTime start = any ? first.arrival : 0;
  Simulation sim(seed, start);
  std::vector<std::size_t> queues, rules;
  std::vector<double> initial_rpu;
  for (const auto& e : scenario.endpoints) {
    initial_rpu.push_back(e.kind == EndpointKind::kServerless ? e.serverless.base_rpu : e.capacity_rpu);
    // Per-queue breakdowns are reported for provisioned clusters (a compute endpoint's one queue is itself).
    queues.push_back(e.kind == EndpointKind::kProvisioned ? e.lane_count() : 0);
    std::size_t n = 0;
    for (const auto& q : e.wlm.queues) n += q.rules.size();
    rules.push_back(n);
  }
  result.recorder = std::make_unique<Recorder>(queues, rules, initial_rpu, start);
  QueryPool pool;
  FanOut sinks;
  sinks.add(*result.recorder);
  std::optional<AlarmMonitor> alarms;
  if (!scenario.alarms.empty()) {
    std::vector<AlarmMonitor::EndpointShape> shapes;
    for (const auto& e : scenario.endpoints) {
      const std::uint32_t slots = e.wlm.mode == WlmMode::kAuto ? e.wlm.max_concurrency : e.total_slots();
      shapes.push_back({e.name, slots, e.concurrency_exponent});
    }
    alarms.emplace(scenario.alarms, std::move(shapes), start, scenario.session_idle_s);
    sinks.add(*alarms);
  }
  if (observer) sinks.add(*observer);
  Topology topology(sim, scenario, symbols, pool, sinks, catalog);
  ArrivalFeeder feeder(sim, source, pool, topology, result);
  result.first_arrival = start;
  if (any) feeder.start(first);
  if (progress) {
    constexpr SimDuration kSlice = 60'000'000;  // a simulated minute
    while (!sim.finished()) {
      sim.run(std::max(sim.now() + kSlice, sim.next_event_time()));
      progress->update(sim.now(), result.recorder->overall().queries());
    }
    progress->finish();
  } else {
    sim.run();
  }
  // Model housekeeping (an idle scaling cluster's stop) may run past the last query: the run ends with it.
  result.end = result.recorder->last_departure();
  result.recorder->finish(result.end);
  for (std::size_t i = 0; i < topology.endpoint_count(); ++i)
    result.meters.push_back(topology.endpoint(i).meters(result.end));
  for (std::size_t i = 0; i < topology.balancer_count(); ++i)
    result.balancers.push_back(topology.balancer(i).meters(result.end));
  if (topology.sharing()) result.sharing = topology.sharing()->meters();
  if (topology.dual_write()) result.dual_write = topology.dual_write()->meters(result.end);
  if (topology.connection_pool()) result.keepalives = topology.connection_pool()->keepalives();
  for (const LabelRecord& d : result.recorder->domains().records())
    result.domain_names.push_back(symbols.name(d.label));
  for (const LabelRecord& g : result.recorder->query_groups().records())
    result.query_group_names.push_back(symbols.name(g.label));
  for (const UserBreakdown::User& u : result.recorder->users().users())
    result.user_names.push_back(symbols.name(u.label));
  for (const LongQuery& q : result.recorder->longest()) {
    result.longest_names.push_back(
        {symbols.name(q.user), symbols.name(q.query_group), symbols.name(q.domain)});
  }
  if (alarms) result.alarms = alarms->evaluate(result.end);
  result.events = sim.events_processed();
  return result;
}

}  // namespace rsim
