// Shared compute under (weighted) limited processor sharing, models/model.md section 3.
//
// With running jobs of weights w_i (sum W, count n), job i progresses at w_i * M(n) / W seconds of solo
// work per second (times the executor's speed, 1 unless a workgroup's capacity changed it). All weights 1
// gives the M(n)/n of models/model.md. Implemented with a virtual clock V, dV/dt = speed * M(n) / W: a job
// started at V0 with solo work T finishes when V reaches V0 + T / w. Finish tags sit in a binary heap, and
// the executor keeps exactly one pending completion event, moved on every start and finish: O(log n) per
// change, no allocation per job after warm-up.
//
// Jobs are named by small integers chosen by the caller (query-pool handles); the executor keeps state for
// the largest handle seen.
#pragma once

#include <cstdint>
#include <queue>
#include <vector>

#include "models/compute/concurrency_curve.h"
#include "sim/core/event.h"
#include "sim/core/simulation.h"

namespace rsim {

class ProcessorSharing final : public EventHandler {
 public:
  using JobId = std::uint32_t;

  class Listener {
   public:
    virtual ~Listener() = default;
    // `job` has received all its work. Called at the completion time, after the job has left.
    virtual void on_job_done(Simulation& sim, JobId job) = 0;
  };

  ProcessorSharing(Simulation& sim, ConcurrencyCurve curve, Listener& listener);

  // Starts `job` with `work_us` microseconds of solo work. REQUIRES: job not running; work_us >= 0; weight >
  // 0.
  void start(JobId job, double work_us, double weight = 1.0);

  // Takes a running job off the processor without completing it (abort, hop). Returns its attained solo work.
  double remove(JobId job);

  bool running(JobId job) const { return job < jobs_.size() && jobs_[job].running; }
  // Solo work (µs) the job has received so far. REQUIRES: running(job).
  double attained(JobId job);

  std::uint32_t count() const { return count_; }
  // Multiplies every running job's progress rate from now on (a workgroup's capacity changed). Default 1.
  // REQUIRES: speed > 0.
  void set_speed(double speed);
  double speed() const { return speed_; }
  const ConcurrencyCurve& curve() const { return curve_; }

  void handle(Simulation& sim, const Event& event) override;

 private:
  struct Job {
    double start_v = 0.0;
    double finish_v = 0.0;
    double weight = 1.0;
    std::uint32_t generation = 0;
    bool running = false;
  };
  struct Tag {
    double finish_v;
    std::uint64_t order;  // breaks ties in start order, so equal tags finish deterministically
    JobId job;
    std::uint32_t generation;
    bool operator>(const Tag& o) const {
      return finish_v > o.finish_v || (finish_v == o.finish_v && order > o.order);
    }
  };

  void advance();          // brings V up to now
  void drop_stale_tags();  // pops heap entries of jobs that were removed
  void reschedule();       // moves the completion event to the new earliest finish

  Simulation& sim_;
  ConcurrencyCurve curve_;
  Listener& listener_;
  HandlerId self_;
  std::vector<Job> jobs_;
  std::priority_queue<Tag, std::vector<Tag>, std::greater<>> tags_;
  std::vector<JobId> done_;  // scratch for completions at one instant
  double v_ = 0.0;
  SimTime last_ = 0;
  double total_weight_ = 0.0;
  double speed_ = 1.0;
  std::uint32_t count_ = 0;
  std::uint64_t order_ = 0;
  EventId completion_;
};

}  // namespace rsim
