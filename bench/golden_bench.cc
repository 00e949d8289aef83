// Queries per second through the shipped golden architecture (models/scenarios/golden.json: a provisioned
// producer, three serverless consumers that scale, a flow-hash load balancer with health checks, data
// sharing) with arrivals generated in process: Poisson arrivals of lognormal work, 5% writes for the
// producer, reads on 30 pooled connections.
#include <benchmark/benchmark.h>

#include "bench/replay.h"
#include "tests/support/build_paths.h"
#include "workloads/synthetic/poisson_source.h"

namespace rsim {
namespace {

class GoldenWorkload final : public QuerySource {
 public:
  GoldenWorkload(SymbolTable& symbols, std::uint64_t queries)
      : poisson_(workload(queries), RandomStream(1, "w", "a"), RandomStream(1, "w", "s")),
        connection_(1, "w", "connection"),
        flights_(symbols.intern("core.flights")) {}
  bool next(Query& q) override {
    if (!poisson_.next(q)) return false;
    if (q.ordinal % 20 == 0) {
      q.type = QueryType::kCopy;  // a write on the producer, shared with the consumers
      q.write_tables = flights_;
      q.session = 0;  // the ETL connection
    } else {
      q.type = QueryType::kSelect;
      q.read_tables = flights_;
      q.session = 1 + connection_.below(30);
    }
    return true;
  }

 private:
  static PoissonWorkload workload(std::uint64_t queries) {
    PoissonWorkload w;
    w.rate_per_s = 6.0;  // 3 s of solo work per second over three consumers and the producer
    w.work = WorkDistribution::kLognormal;
    w.mean_work_ms = 500;
    w.queries = queries;
    return w;
  }
  PoissonSource poisson_;
  RandomStream connection_;
  Symbol flights_;
};

void BM_GoldenInProcess(benchmark::State& state) {
  const Scenario s = load_scenario(std::string(testing::source_dir()) + "/models/scenarios/golden.json");
  replay(state, s, [](SymbolTable& symbols, std::uint64_t queries) {
    return std::make_unique<GoldenWorkload>(symbols, queries);
  });
}
BENCHMARK(BM_GoldenInProcess)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace rsim
