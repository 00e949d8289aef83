#include "models/compute/processor_sharing.h"

#include <gtest/gtest.h>

#include <map>

namespace rsim {
namespace {

// Starts jobs at given times and records when each finishes.
class Harness final : public EventHandler, public ProcessorSharing::Listener {
 public:
  Harness(double exponent)
      : sim_(1), ps_(sim_, ConcurrencyCurve(exponent), *this), self_(sim_.add_handler(*this)) {}
  void add(SimTime at, std::uint32_t job, double work_us, double weight = 1.0) {
    starts_[job] = {work_us, weight};
    sim_.schedule_at(at, self_, 0, job);
  }
  void handle(Simulation&, const Event& e) override {
    const auto job = static_cast<std::uint32_t>(e.payload);
    ps_.start(job, starts_[job].first, starts_[job].second);
  }
  void on_job_done(Simulation& sim, std::uint32_t job) override { done_[job] = sim.now(); }
  std::map<std::uint32_t, SimTime> run() {
    sim_.run();
    return done_;
  }

 private:
  Simulation sim_;
  ProcessorSharing ps_;
  HandlerId self_;
  std::map<std::uint32_t, std::pair<double, double>> starts_;
  std::map<std::uint32_t, SimTime> done_;
};

TEST(ProcessorSharing, TwoJobsShareOneProcessor) {
  Harness h(0.0);  // M(n) = 1
  h.add(0, 1, 1000);
  h.add(0, 2, 3000);
  const auto done = h.run();
  EXPECT_EQ(done.at(1), 2000);  // both at half speed until job 1 has its 1000
  EXPECT_EQ(done.at(2), 4000);  // then job 2 alone for its last 2000
}

TEST(ProcessorSharing, PerfectScalingRunsJobsIndependently) {
  Harness h(1.0);  // M(n) = n
  h.add(0, 1, 1000);
  h.add(500, 2, 3000);
  const auto done = h.run();
  EXPECT_EQ(done.at(1), 1000);
  EXPECT_EQ(done.at(2), 3500);
}

TEST(ProcessorSharing, ConcaveCurveSlowsEachJob) {
  Harness h(0.5);  // two jobs: each at sqrt(2)/2 of solo speed
  h.add(0, 1, 1000);
  h.add(0, 2, 1000);
  const auto done = h.run();
  EXPECT_EQ(done.at(1), 1415);  // ceil(1000 / 0.7071)
  EXPECT_EQ(done.at(2), 1415);
}

TEST(ProcessorSharing, WeightsSplitTheShare) {
  Harness h(0.0);
  h.add(0, 1, 3000, 3.0);  // gets 3/4 of the processor
  h.add(0, 2, 1000, 1.0);  // gets 1/4
  const auto done = h.run();
  EXPECT_EQ(done.at(1), 4000);
  EXPECT_EQ(done.at(2), 4000);
}

}  // namespace
}  // namespace rsim
