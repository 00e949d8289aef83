// Queries per second through the shipped two-node, three-queue load-test cluster (manual WLM, query
// monitoring rules every 10 s, SQA, result cache, alarms) with arrivals generated in process: Poisson
// arrivals of lognormal work, users spread over the ETL, analytics and short queues.
#include <benchmark/benchmark.h>

#include "models/scenario/scenario.h"
#include "sim/run/replication.h"
#include "workloads/synthetic/poisson_source.h"

namespace rsim {
namespace {

// Tags each query with a user so that 10% go to ETL, 40% to analytics and the rest to the short queue.
class Users final : public QuerySource {
 public:
  Users(QuerySource& inner, SymbolTable& symbols)
      : inner_(inner),
        etl_(symbols.intern("etl_loader")),
        analyst_(symbols.intern("sales_analyst_1")),
        other_(symbols.intern("bi_sales_1")) {}
  bool next(Query& q) override {
    if (!inner_.next(q)) return false;
    const auto k = q.ordinal % 10;
    q.user = k == 0 ? etl_ : k < 5 ? analyst_ : other_;
    q.fingerprint = 0;
    return true;
  }

 private:
  QuerySource& inner_;
  Symbol etl_, analyst_, other_;
};

void BM_LoadtestFullInProcess(benchmark::State& state) {
  const Scenario s = load_scenario(RSIM_SOURCE_DIR "/models/scenarios/loadtest_full.json");
  const auto queries = static_cast<std::uint64_t>(state.range(0));
  std::uint64_t events = 0;
  for (auto _ : state) {
    PoissonWorkload w;
    w.rate_per_s = 3.0;  // 1.5 s of solo work per second: a busy cluster that keeps up (M(18) = 2.4)
    w.work = WorkDistribution::kLognormal;
    w.mean_work_ms = 500;
    w.queries = queries;
    SymbolTable symbols;
    PoissonSource poisson(w, RandomStream(1, "w", "a"), RandomStream(1, "w", "s"));
    Users src(poisson, symbols);
    const auto r = run_replication(s, src, symbols, 1);
    events += r.events;
    benchmark::DoNotOptimize(r.recorder->overall().latency.summary.mean());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(queries) * state.iterations());
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_LoadtestFullInProcess)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace rsim
