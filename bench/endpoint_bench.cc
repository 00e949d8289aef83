// Queries per second through the single-endpoint model with arrivals generated in process (no parsing):
// Poisson arrivals, exponential work, an 8-slot endpoint at utilisation 0.8 with the default M(n).
#include <benchmark/benchmark.h>

#include "models/scenario/scenario.h"
#include "sim/run/replication.h"
#include "workloads/synthetic/poisson_source.h"

namespace rsim {
namespace {

void BM_SingleEndpointInProcess(benchmark::State& state) {
  const Scenario s = parse_scenario(
      R"({"name": "bench", "endpoints": [{"name": "e", "capacity_rpu": 16, "slots": 8, "concurrency_exponent": 1}]})",
      "bench");
  const auto queries = static_cast<std::uint64_t>(state.range(0));
  std::uint64_t events = 0;
  for (auto _ : state) {
    PoissonWorkload w;
    w.rate_per_s = 6.4;
    w.mean_work_ms = 1000;
    w.queries = queries;
    SymbolTable symbols;
    PoissonSource src(w, RandomStream(1, "w", "a"), RandomStream(1, "w", "s"));
    const auto r = run_replication(s, src, symbols, 1);
    events += r.events;
    benchmark::DoNotOptimize(r.recorder->overall().latency.summary.mean());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(queries) * state.iterations());
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SingleEndpointInProcess)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace rsim
