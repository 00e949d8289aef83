#include "sim/run/run_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "models/scenario/profile_settings.h"
#include "models/scenario/scenario.h"
#include "sim/core/random.h"
#include "sim/io/input_error.h"
#include "sim/run/progress.h"
#include "sim/run/replication.h"
#include "sim/run/report.h"
#include "sim/run/warnings.h"
#include "workloads/trace/timestamp.h"
#include "workloads/trace/trace_reader.h"

namespace rsim {

PreparedRun prepare_run(const RunRequest& request) {
  if (request.replications < 1) throw InputError("--replications must be at least 1");
  NodeCatalog catalog = NodeCatalog::builtin().scaled(request.rpu_per_node_factor);
  Scenario scenario = load_scenario(request.scenario, catalog, RateCard::builtin(), request.overrides);
  if (request.profile) apply_profile(*request.profile, scenario);
  std::filesystem::path trace;
  if (request.trace) {
    trace = *request.trace;
  } else if (scenario.trace) {
    trace = *scenario.trace;
  } else {
    throw InputError(fmt::format("{}: no trace: pass --trace FILE or set \"trace\" in the scenario",
                                 scenario.file.string()));
  }
  return PreparedRun{request, std::move(catalog), std::move(scenario), std::move(trace)};
}

ReplicationSummary run_prepared_replication(const PreparedRun& run, int index, RunProgress* progress) {
  SymbolTable symbols;
  TraceReader reader(run.trace, symbols,
                     TraceReaderOptions{run.request.sort, run.scenario.work.source == WorkSource::kObserved,
                                        trace_columns_read(run.scenario)});
  const std::uint64_t seed = derive_seed(run.request.seed, "replication", std::to_string(index));
  const ReplicationResult r =
      run_replication(run.scenario, reader, symbols, seed, nullptr, run.catalog, progress);
  if (r.queries == 0)
    throw InputError(fmt::format("{}: the trace has a header but no queries", run.trace.string()));
  TraceColumnSet header;
  for (std::size_t c = 0; c < header.size(); ++c)
    header.set(c, reader.has_column(static_cast<TraceColumn>(c)));
  return ReplicationSummary{
      replication_metrics(r, run.scenario), r.queries, r.first_arrival, r.last_arrival, r.events, header};
}

nlohmann::json assemble_report(const PreparedRun& run, const std::vector<ReplicationSummary>& replications,
                               double wall_s) {
  using nlohmann::json;
  const RunRequest& request = run.request;
  const Scenario& scenario = run.scenario;
  std::vector<json> reps;
  std::uint64_t events = 0;
  for (const ReplicationSummary& r : replications) {
    reps.push_back(r.metrics);
    events += r.events;
  }
  json metrics = combine_replications(reps);
  const ReplicationSummary& last = replications.back();

  json report;
  report["schema_version"] = kReportSchemaVersion;
  report["scenario"] = {
      {"name", scenario.name}, {"file", scenario.file.string()}, {"description", scenario.description}};
  report["seed"] = request.seed;
  report["replications"] = request.replications;
  report["trace"] = {{"source", run.trace.string()},
                     {"queries", last.queries},
                     {"first_arrival", format_timestamp(last.first_arrival)},
                     {"last_arrival", format_timestamp(last.last_arrival)},
                     {"span_s", to_seconds(last.last_arrival - last.first_arrival)}};
  report["overall"] = metrics["overall"];
  report["work"] = metrics["work"];
  report["endpoints"] = metrics["endpoints"];
  report["domains"] = metrics["domains"];
  report["query_groups"] = metrics["query_groups"];
  for (const char* part : {"query_types", "users", "latency_cdf"}) report[part] = metrics[part];
  // Particular queries, bucket edges and per-minute series (whose length follows the last completion)
  // differ between replications: the first one's are shown.
  for (const char* part : {"latency_histogram", "longest_queries", "throughput_per_minute", "timeline"})
    report[part] = replications.front().metrics[part];
  for (const char* part : {"load_balancers", "connection_pool", "data_sharing", "dual_write"}) {
    if (metrics.contains(part)) report[part] = metrics[part];
  }
  if (metrics.contains("cost")) report["cost"] = metrics["cost"];
  if (metrics.contains("alarms")) report["alarms"] = metrics["alarms"];
  report["assumptions"] = scenario.defaulted;
  if (request.profile) report["profile"] = request.profile->string();
  if (request.rpu_per_node_factor != 1.0) {
    report["assumptions"].push_back(
        fmt::format("node rpu_equivalent x {} (the node-to-RPU exchange rate, models/model.md section 2)",
                    request.rpu_per_node_factor));
  }
  RunFacts facts{last.trace_columns, false};
  facts.identical_replications =
      replications.size() > 1 && std::all_of(replications.begin(), replications.end(), [&](const auto& r) {
        return r.metrics == replications.front().metrics;
      });
  report["warnings"] = run_warnings(report, scenario, facts);
  report["run"] = {{"wall_s", wall_s},
                   {"events", events},
                   {"events_per_s", wall_s > 0 ? static_cast<double>(events) / wall_s : 0.0},
                   {"peak_rss_mb", peak_rss_mb()},
                   {"version", RSIM_VERSION}};
  return report;
}

nlohmann::json execute_run(const RunRequest& request) {
  const auto wall_start = std::chrono::steady_clock::now();
  const PreparedRun run = prepare_run(request);
  std::vector<ReplicationSummary> reps;
  std::optional<RunProgress> progress;
  std::optional<std::pair<SimTime, SimTime>> span;
  if (request.progress) {
    progress.emplace(stderr, ::isatty(::fileno(stderr)) != 0);
    span = arrival_span_of(run.trace.string());
  }
  for (int r = 0; r < request.replications; ++r) {
    if (progress) {
      progress->start(
          request.replications > 1 ? fmt::format("replication {}/{}", r + 1, request.replications) : "",
          span);
    }
    reps.push_back(run_prepared_replication(run, r, progress ? &*progress : nullptr));
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return assemble_report(run, reps, wall);
}

}  // namespace rsim
