#include "sim/core/simulation.h"

#include <gtest/gtest.h>

#include <thread>

#include "sim/core/random.h"

namespace rsim {
namespace {

// Reschedules itself at random gaps and sums what it sees: a tiny model to compare runs.
class Ticker final : public EventHandler {
 public:
  explicit Ticker(Simulation& sim) : rng_(sim.stream("ticker", "gaps")), self_(sim.add_handler(*this)) {
    sim.schedule_after(0, self_, 0);
  }
  void handle(Simulation& sim, const Event&) override {
    trace_ = trace_ * 31 + static_cast<std::uint64_t>(sim.now());
    if (++n_ < 10000) sim.schedule_after(static_cast<SimDuration>(rng_.below(1000)), self_, 0);
  }
  std::uint64_t trace() const { return trace_; }

 private:
  RandomStream rng_;
  HandlerId self_;
  std::uint64_t trace_ = 0;
  int n_ = 0;
};

std::uint64_t run_ticker(std::uint64_t seed) {
  Simulation sim(seed);
  Ticker t(sim);
  sim.run();
  EXPECT_EQ(sim.events_processed(), 10000u);
  return t.trace();
}

TEST(Simulation, SameSeedSameRunDifferentSeedDifferentRun) {
  EXPECT_EQ(run_ticker(7), run_ticker(7));
  EXPECT_NE(run_ticker(7), run_ticker(8));
}

TEST(Simulation, ManySimulationsRunAtOnceInOneProcess) {
  const std::uint64_t expected = run_ticker(3);
  std::vector<std::uint64_t> got(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < got.size(); ++i) threads.emplace_back([&got, i] { got[i] = run_ticker(3); });
  for (auto& th : threads) th.join();
  for (const auto g : got) EXPECT_EQ(g, expected);
}

TEST(Simulation, RunUntilStopsTheClockThere) {
  Simulation sim(1);
  Ticker t(sim);
  sim.run(5000);
  EXPECT_EQ(sim.now(), 5000);
  EXPECT_GT(sim.events_pending(), 0u);
}

// A periodic daemon (every 10 units, forever) and a few real events; records what it sees.
class Housekeeper final : public EventHandler {
 public:
  explicit Housekeeper(Simulation& sim) : self_(sim.add_handler(*this)) {
    sim.schedule_daemon_at(10, self_, 1);
  }
  void handle(Simulation& sim, const Event& e) override {
    kinds.push_back(e.kind);
    if (e.kind == 1) sim.schedule_daemon_after(10, self_, 1);
  }
  HandlerId self_;
  std::vector<std::uint32_t> kinds;
};

TEST(Simulation, DaemonEventsDoNotKeepTheRunGoing) {
  Simulation sim(1);
  Housekeeper h(sim);
  sim.schedule_at(35, h.self_, 2);
  sim.run();
  // Daemons at 10, 20, 30 run (with their kind unmarked), then the real event at 35; the run ends there.
  EXPECT_EQ(h.kinds, (std::vector<std::uint32_t>{1, 1, 1, 2}));
  EXPECT_EQ(sim.now(), 35);
}

TEST(Simulation, HeldWorkKeepsDaemonsRunningAndCancelledEventsDoNotCount) {
  Simulation sim(1);
  Housekeeper h(sim);
  const EventId real = sim.schedule_at(100, h.self_, 2);
  EXPECT_TRUE(sim.cancel(real));
  sim.hold(1);
  sim.run(45);
  EXPECT_EQ(h.kinds.size(), 4u);  // 10, 20, 30, 40: held work keeps the run going
  sim.hold(-1);
  sim.run();
  EXPECT_EQ(h.kinds.size(), 4u);  // nothing held, no live event: nothing more runs
}

TEST(Simulation, SchedulingInThePastIsALogicError) {
  Simulation sim(1, 100);
  Ticker t(sim);
  EXPECT_THROW(sim.schedule_at(50, 0, 0), std::logic_error);
}

TEST(RandomStreams, NamedStreamsAreIndependentOfEachOther) {
  RandomStream a(1, "endpoint", "work");
  RandomStream b(1, "endpoint", "work");
  RandomStream c(1, "balancer", "hash");
  EXPECT_EQ(a.next_u64(), b.next_u64());
  EXPECT_NE(RandomStream(1, "endpoint", "work").next_u64(), c.next_u64());
  // The derivation is fixed: a changed hash would silently change every result.
  EXPECT_EQ(derive_seed(1, "a", "b"), derive_seed(1, "a", "b"));
  EXPECT_EQ(stable_hash("rsim"), 17753959524775299204ULL);  // FNV-1a, computed independently
}

TEST(RandomStreams, ExponentialAndNormalMoments) {
  RandomStream r(99);
  double sum = 0, sum_n = 0, sum_n2 = 0;
  const int n = 1'000'000;
  for (int i = 0; i < n; ++i) {
    sum += r.exponential(2.0);
    const double z = r.normal();
    sum_n += z;
    sum_n2 += z * z;
  }
  EXPECT_NEAR(sum / n, 2.0, 0.01);
  EXPECT_NEAR(sum_n / n, 0.0, 0.005);
  EXPECT_NEAR(sum_n2 / n, 1.0, 0.005);
}

}  // namespace
}  // namespace rsim
