#include "calibration/fit/observed_traces.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "calibration/pull/puller.h"
#include "sim/io/input_error.h"
#include "workloads/csv/csv_table.h"
#include "workloads/trace/trace_reader.h"

namespace rsim {

namespace {

// SYS_SERVERLESS_USAGE minutes as capacity steps; a minute with no capacity recorded keeps the previous one.
std::vector<std::pair<SimTime, double>> read_capacity_series(const std::filesystem::path& path) {
  CsvTable table(path, "a capacity series from rsim pull (start_time, compute_capacity)");
  const int start = table.require("start_time");
  const int capacity = table.require("compute_capacity");
  std::vector<std::pair<SimTime, double>> steps;
  while (table.next()) {
    const auto t = table.timestamp(start);
    const auto c = table.number(capacity);
    if (!t) table.fail(start, "start_time is empty");
    if (!steps.empty() && *t < steps.back().first) table.fail(start, "minutes out of order");
    if (c && *c > 0) steps.emplace_back(*t, *c);
  }
  return steps;
}

// The capacity in force at `t` (the last step at or before it).
double capacity_at(const std::vector<std::pair<SimTime, double>>& steps, SimTime t) {
  auto it =
      std::upper_bound(steps.begin(), steps.end(), t, [](SimTime x, const auto& s) { return x < s.first; });
  return it == steps.begin() ? steps.front().second : std::prev(it)->second;
}

// The hold-out window starts at the first arrival from `target` on that finds the endpoint idle (nothing
// running or waiting) at its base capacity, so that its replay, which starts empty at the base, starts from
// the state the real system was in. `target` itself if there is no such moment.
SimTime idle_split(const ObservedEndpoint& ep, SymbolTable& symbols, const TraceReaderOptions& options,
                   SimTime target) {
  TraceReader reader(ep.trace, symbols, options);
  Query q;
  SimTime busy_until = INT64_MIN;
  while (reader.next(q)) {
    if (q.arrival >= target && busy_until <= q.arrival &&
        capacity_at(ep.capacity, q.arrival) <= ep.base_rpu + 0.01)
      return q.arrival;
    if (present(q.exec_ms)) {
      const SimTime end = q.arrival + from_millis((present(q.queue_ms) ? q.queue_ms : 0.0) + q.exec_ms);
      busy_until = std::max(busy_until, end);
    }
  }
  return target;
}

}  // namespace

CalibrationData load_calibration_data(const std::vector<std::filesystem::path>& traces,
                                      double holdout_fraction, const NodeCatalog& catalog) {
  CalibrationData data;
  if (traces.empty()) throw InputError("calibrate: no trace given");
  for (std::size_t e = 0; e < traces.size(); ++e) {
    ObservedEndpoint ep;
    ep.trace = traces[e];
    TraceReaderOptions options;
    options.require_exec_ms = false;
    // First pass: the span, and the capacity the queries were observed on.
    {
      TraceReader reader(ep.trace, data.symbols, options);
      Query q;
      bool any = false;
      while (reader.next(q)) {
        if (!any) ep.first = q.arrival;
        any = true;
        ep.last = q.arrival;
        if (ep.observed_capacity.empty() && q.observed_capacity != 0)
          ep.observed_capacity = data.symbols.name(q.observed_capacity);
      }
      if (!any) throw InputError(fmt::format("{}: the trace has no queries", ep.trace.string()));
    }
    const auto capacity_file = sidecar_path(ep.trace, ".capacity.csv");
    if (std::filesystem::exists(capacity_file)) {
      ep.serverless = true;
      ep.capacity = read_capacity_series(capacity_file);
    }
    const auto wlm_file = sidecar_path(ep.trace, ".wlm.json");
    if (std::filesystem::exists(wlm_file)) {
      std::ifstream in(wlm_file);
      ep.wlm = nlohmann::json::parse(in, nullptr, false);
      if (ep.wlm->is_discarded()) throw InputError(fmt::format("{}: not valid JSON", wlm_file.string()));
    }
    if (!ep.observed_capacity.empty()) {
      std::string why;
      const auto c = catalog.capacity_of(ep.observed_capacity, &why);
      if (!c)
        throw InputError(
            fmt::format("{}: observed_capacity \"{}\": {}", ep.trace.string(), ep.observed_capacity, why));
      ep.base_rpu = *c;
    } else if (ep.serverless && !ep.capacity.empty()) {
      ep.base_rpu =
          std::min_element(ep.capacity.begin(), ep.capacity.end(), [](const auto& a, const auto& b) {
            return a.second < b.second;
          })->second;
      ep.observed_capacity = fmt::format("rpu:{}", ep.base_rpu);
    } else {
      throw InputError(
          fmt::format("{}: the capacity the queries ran on is unknown: pull with --capacity (e.g. "
                      "ra3.4xlarge:2 or rpu:32)",
                      ep.trace.string()));
    }
    if (ep.capacity.empty()) ep.capacity.emplace_back(ep.first, ep.base_rpu);
    if (ep.capacity.front().first > ep.first)
      ep.capacity.insert(ep.capacity.begin(), {ep.first, ep.capacity.front().second});

    ep.split = idle_split(
        ep, data.symbols, options,
        ep.first + static_cast<SimTime>(static_cast<double>(ep.last - ep.first) * (1.0 - holdout_fraction)));

    // Last pass: executions, fit observations and the hold-out queries.
    TraceReader reader(ep.trace, data.symbols, options);
    data.holdout.emplace_back();
    Query q;
    while (reader.next(q)) {
      const std::string_view endpoint = data.symbols.name(q.observed_endpoint);
      const bool scaled_out = endpoint.find("#concurrency-scaling") != std::string_view::npos;
      const SimTime start = q.arrival + from_millis(present(q.queue_ms) ? q.queue_ms : 0.0);
      // Compilation runs on the endpoint like the rest of the work (exec_ms leaves it out: the model adds
      // it).
      const SimTime end = present(q.exec_ms) ? start + from_millis(q.exec_ms + q.compile_ms) : start;
      // Under a microsecond of execution is no execution (and would not count for concurrency).
      const bool executed = end > start && !q.result_cache_hit && !scaled_out;
      if (executed) {
        data.executions.push_back({start, end, static_cast<std::uint32_t>(e)});
        if (start > q.arrival) data.waits.push_back({q.arrival, start, static_cast<std::uint32_t>(e)});
      }
      if (q.arrival >= ep.split) {
        data.holdout.back().push_back(q);
        continue;
      }
      const char* excluded = q.result_cache_hit ? "answered from the result cache"
                             : scaled_out       ? "ran on a concurrency-scaling cluster"
                             : !executed        ? "no execution time"
                                                : nullptr;
      if (excluded) {
        ++data.excluded[excluded];
        continue;
      }
      ObservedQuery o;
      o.type = q.type;
      o.mbytes_scanned = present(q.mbytes_scanned) ? q.mbytes_scanned : 0.0;
      if (q.mbytes_spilled > 0 && present(q.peak_mem_mb) && q.peak_mem_mb > 0)
        o.overflow = std::min(1.0, q.mbytes_spilled / q.peak_mem_mb);
      o.compile_s = q.compile_ms / 1e3;
      o.execution = data.executions.size() - 1;
      o.endpoint = static_cast<std::uint32_t>(e);
      data.fit.push_back(o);
    }
    data.endpoints.push_back(std::move(ep));
  }
  if (data.fit.size() < kMinQueriesPerType)
    throw InputError(fmt::format("calibrate: only {} queries to fit (at least {} needed)", data.fit.size(),
                                 kMinQueriesPerType));
  return data;
}

}  // namespace rsim
