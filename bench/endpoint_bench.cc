// Queries per second through the single-endpoint model with arrivals generated in process (no parsing):
// Poisson arrivals, exponential work, an 8-slot endpoint at utilisation 0.8 with the default M(n).
#include <benchmark/benchmark.h>

#include "bench/replay.h"
#include "workloads/synthetic/poisson_source.h"

namespace rsim {
namespace {

void BM_SingleEndpointInProcess(benchmark::State& state) {
  const Scenario s = parse_scenario(
      R"({"name": "bench", "endpoints": [{"name": "e", "capacity_rpu": 16, "slots": 8, "concurrency_exponent": 1}]})",
      "bench");
  replay(state, s, [](SymbolTable&, std::uint64_t queries) {
    PoissonWorkload w;
    w.rate_per_s = 6.4;
    w.mean_work_ms = 1000;
    w.queries = queries;
    return std::make_unique<PoissonSource>(w, RandomStream(1, "w", "a"), RandomStream(1, "w", "s"));
  });
}
BENCHMARK(BM_SingleEndpointInProcess)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace rsim
