#include "sim/experiment/variant_runs.h"

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <chrono>
#include <stdexcept>

#include "sim/io/input_error.h"

namespace rsim {

namespace {

using nlohmann::json;

struct Task {
  std::size_t variant;
  int replication;
};

// A task's outcome as it travels between ranks: its summary, or the error it raised.
json run_task(const PreparedRun& run, const Task& t) {
  try {
    const auto start = std::chrono::steady_clock::now();
    ReplicationSummary s = run_prepared_replication(run, t.replication);
    return {{"busy_s", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()},
            {"metrics", std::move(s.metrics)},
            {"queries", s.queries},
            {"first_arrival", s.first_arrival},
            {"last_arrival", s.last_arrival},
            {"events", s.events},
            {"trace_columns", s.trace_columns.to_string()}};
  } catch (const InputError& e) {
    return {{"input_error", e.what()}};
  } catch (const std::exception& e) {
    return {{"internal_error", e.what()}};
  }
}

}  // namespace

std::vector<VariantOutcome> run_variants(const std::vector<RunRequest>& runs,
                                         const std::vector<std::string>& labels,
                                         const ExecutionOptions& options) {
  // Preparing is quick and deterministic: every rank does all of it, and a rejected variant fails every
  // rank at the same point, before any collective call.
  std::vector<PreparedRun> prepared;
  prepared.reserve(runs.size());
  for (std::size_t v = 0; v < runs.size(); ++v) {
    try {
      prepared.push_back(prepare_run(runs[v]));
    } catch (const InputError& e) {
      throw InputError(fmt::format("variant {} ({}): {}", v, labels[v], e.what()));
    }
  }
  std::vector<Task> tasks;
  for (std::size_t v = 0; v < runs.size(); ++v) {
    for (int r = 0; r < runs[v].replications; ++r) tasks.push_back({v, r});
  }
  const int rank = options.ranks ? options.ranks->rank() : 0;
  const int ranks = options.ranks ? options.ranks->size() : 1;
  std::vector<std::size_t> mine;
  for (std::size_t i = static_cast<std::size_t>(rank); i < tasks.size(); i += static_cast<std::size_t>(ranks))
    mine.push_back(i);

  // Threads take the next task as they come free (first come, first served), so the sweep ends at most
  // one task after the last thread falls idle; a static split would leave a thread waiting whenever the
  // variants' costs differ.
  std::vector<json> done(mine.size());
  std::atomic<std::size_t> next{0};
  tbb::task_arena arena(options.jobs > 0 ? options.jobs : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(0, arena.max_concurrency(), [&](int) {
      for (std::size_t k = next++; k < mine.size(); k = next++) {
        const Task& t = tasks[mine[k]];
        done[k] = run_task(prepared[t.variant], t);
      }
    });
  });
  // The join above orders the workers' writes before what follows, but inside TBB, where ThreadSanitizer
  // cannot see it; reading the counter every worker last incremented states the same order where it can.
  (void)next.load(std::memory_order_acquire);

  std::vector<json> outcome(tasks.size());
  if (ranks == 1) {
    for (std::size_t k = 0; k < mine.size(); ++k) outcome[mine[k]] = std::move(done[k]);
  } else {
    // Outcomes travel as JSON text, whose numbers read back exactly (nlohmann writes the shortest form that
    // round-trips), so every rank computes from the values the threaded run holds.
    json part = json::array();
    for (std::size_t k = 0; k < mine.size(); ++k) part.push_back({mine[k], std::move(done[k])});
    const std::vector<std::string> parts = options.ranks->gather(part.dump());
    json all = json::array();
    for (const std::string& p : parts) {
      for (json& e : json::parse(p)) all.push_back(std::move(e));
    }
    const std::string all_text =
        options.ranks->broadcast(options.ranks->rank() == 0 ? all.dump() : std::string());
    for (json& e : json::parse(all_text)) outcome[e[0].get<std::size_t>()] = std::move(e[1]);
  }

  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const json& o = outcome[i];
    if (o.is_null()) throw std::logic_error(fmt::format("task {} was run by no rank", i));
    const std::string where = fmt::format("variant {} ({}), replication {}", tasks[i].variant,
                                          labels[tasks[i].variant], tasks[i].replication);
    if (o.contains("input_error"))
      throw InputError(fmt::format("{}: {}", where, o["input_error"].get<std::string>()));
    if (o.contains("internal_error"))
      throw std::runtime_error(fmt::format("{}: {}", where, o["internal_error"].get<std::string>()));
  }

  std::vector<VariantOutcome> out(runs.size());
  std::size_t i = 0;
  for (std::size_t v = 0; v < runs.size(); ++v) {
    std::vector<ReplicationSummary> reps;
    for (int r = 0; r < runs[v].replications; ++r, ++i) {
      const json& o = outcome[i];
      reps.push_back(ReplicationSummary{o["metrics"], o["queries"].get<std::uint64_t>(),
                                        o["first_arrival"].get<SimTime>(), o["last_arrival"].get<SimTime>(),
                                        o["events"].get<std::uint64_t>(),
                                        TraceColumnSet(o["trace_columns"].get<std::string>())});
      out[v].replications.push_back(o["metrics"]);
      out[v].busy_s += o["busy_s"].get<double>();
    }
    out[v].report = assemble_report(prepared[v], reps, 0.0);
    out[v].report.erase("run");
  }
  return out;
}

}  // namespace rsim
