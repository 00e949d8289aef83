// Queries per second through the shipped two-node, three-queue load-test cluster (manual WLM, query
// monitoring rules every 10 s, SQA, result cache, alarms) with arrivals generated in process: Poisson
// arrivals of lognormal work, users spread over the ETL, analytics and short queues.
#include <benchmark/benchmark.h>

#include "bench/replay.h"
#include "tests/support/build_paths.h"
#include "workloads/synthetic/poisson_source.h"

namespace rsim {
namespace {

// Poisson arrivals whose users send 10% to ETL, 40% to analytics and the rest to the short queue.
class LoadtestWorkload final : public QuerySource {
 public:
  LoadtestWorkload(SymbolTable& symbols, std::uint64_t queries)
      : poisson_(workload(queries), RandomStream(1, "w", "a"), RandomStream(1, "w", "s")),
        etl_(symbols.intern("etl_loader")),
        analyst_(symbols.intern("sales_analyst_1")),
        other_(symbols.intern("bi_sales_1")) {}
  bool next(Query& q) override {
    if (!poisson_.next(q)) return false;
    const auto k = q.ordinal % 10;
    q.user = k == 0 ? etl_ : k < 5 ? analyst_ : other_;
    return true;
  }

 private:
  static PoissonWorkload workload(std::uint64_t queries) {
    PoissonWorkload w;
    w.rate_per_s = 3.0;  // 1.5 s of solo work per second: a busy cluster that keeps up (M(18) = 2.4)
    w.work = WorkDistribution::kLognormal;
    w.mean_work_ms = 500;
    w.queries = queries;
    return w;
  }
  PoissonSource poisson_;
  Symbol etl_, analyst_, other_;
};

void BM_LoadtestFullInProcess(benchmark::State& state) {
  const Scenario s =
      load_scenario(std::string(testing::source_dir()) + "/models/scenarios/loadtest_full.json");
  replay(state, s, [](SymbolTable& symbols, std::uint64_t queries) {
    return std::make_unique<LoadtestWorkload>(symbols, queries);
  });
}
BENCHMARK(BM_LoadtestFullInProcess)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

}  // namespace
}  // namespace rsim
