// Runs a benchmark's iterations: each replays `state.range(0)` queries from a fresh in-process source through
// `scenario`, and reports queries/s (items) and events/s.
#pragma once

#include <benchmark/benchmark.h>

#include <memory>

#include "models/scenario/scenario.h"
#include "sim/run/replication.h"

namespace rsim {

// `make_source(symbols, queries)` returns a std::unique_ptr<QuerySource> for one iteration.
template <typename MakeSource>
void replay(benchmark::State& state, const Scenario& scenario, MakeSource make_source) {
  const auto queries = static_cast<std::uint64_t>(state.range(0));
  std::uint64_t events = 0;
  for (auto _ : state) {
    SymbolTable symbols;
    const std::unique_ptr<QuerySource> source = make_source(symbols, queries);
    const auto r = run_replication(scenario, *source, symbols, 1);
    events += r.events;
    benchmark::DoNotOptimize(r.recorder->overall().latency.summary.mean());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(queries) * state.iterations());
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

}  // namespace rsim
