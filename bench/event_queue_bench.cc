// The hold model: a queue of N pending events; each step pops the earliest and pushes one a random
// increment later, so the size stays N. Reported as steps per second.
#include <benchmark/benchmark.h>

#include "sim/core/event_queue.h"
#include "sim/core/random.h"

namespace rsim {
namespace {

void BM_EventQueueHold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  EventQueue q;
  RandomStream rng(1);
  for (std::size_t i = 0; i < n; ++i) q.push(Event{static_cast<SimTime>(rng.below(1'000'000)), i, 0, 0});
  for (auto _ : state) {
    const Event e = q.pop();
    q.push(Event{e.time + static_cast<SimTime>(rng.below(1'000'000)), e.payload, 0, 0});
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EventQueueHold)->Arg(10)->Arg(1000)->Arg(100000);

}  // namespace
}  // namespace rsim
