// Parallel speed of `rsim sweep`: the shipped 16-variant golden sweep (base RPU x balancer policy) on a
// two-week airline trace, one replication per variant, with 1 and 2 threads. Reports wall time per sweep
// (real time: the work runs on TBB's threads) and queries simulated per second. The issue-7 target is a
// speed-up of at least 1.8 from 1 to 2 threads.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "sim/experiment/sweep.h"
#include "sim/io/atomic_file.h"
#include "sim/io/json_input.h"
#include "sim/io/json_overrides.h"
#include "tests/support/build_paths.h"
#include "workloads/synthetic/airline_day.h"
#include "workloads/trace/timestamp.h"
#include "workloads/trace/trace_writer.h"

namespace rsim {
namespace {

const std::filesystem::path& bench_dir() {
  static const std::filesystem::path dir = [] {
    const std::filesystem::path d = std::filesystem::temp_directory_path() / "rsim-sweep-bench";
    std::filesystem::create_directories(d);
    SymbolTable symbols;
    AirlineDayConfig config;
    config.start = *parse_timestamp("2026-03-03", nullptr);
    config.days = 14;
    config.seed = 1;
    AirlineDaySource source(config, symbols);
    TraceWriter writer(d / "airline_14days.csv", symbols);
    Query q;
    while (source.next(q)) writer.write(q);
    writer.close();
    // The shipped sweep, on the longer trace, one replication per variant.
    std::string spec =
        read_text_file(std::string(testing::source_dir()) + "/models/experiments/golden_capacity_sweep.json");
    write_file_atomically(
        d / "sweep.json",
        apply_json_overrides(
            spec, "golden_capacity_sweep.json",
            {"scenario=\"" + std::string(testing::source_dir()) + "/models/scenarios/golden.json\"",
             "trace=\"" + (d / "airline_14days.csv").string() + "\"", "replications=1"}));
    return d;
  }();
  return dir;
}

void BM_Sweep16Variants(benchmark::State& state) {
  const SweepSpec spec = load_sweep(bench_dir() / "sweep.json");
  std::uint64_t queries = 0;
  for (auto _ : state) {
    const SweepResult r = execute_sweep(spec, ExecutionOptions{static_cast<int>(state.range(0)), nullptr});
    for (const VariantOutcome& o : r.outcomes) queries += o.report["trace"]["queries"].get<std::uint64_t>();
    benchmark::DoNotOptimize(r.rows.size());
  }
  state.counters["variants"] = 16;
  state.counters["queries_per_s"] =
      benchmark::Counter(static_cast<double>(queries), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Sweep16Variants)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kSecond)
    ->Iterations(3);

}  // namespace
}  // namespace rsim
