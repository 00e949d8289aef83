// Warnings: conditions a result rests on that nobody chose, or that make its figures mislead. Every command
// that runs a scenario lists them in report.json under "warnings", prints them after its table, and
// report.html shows them, so that no silent default decides a verdict.
//
// Each warning is {"code", "message", "affects"}: `code` is stable (scripts and CI gates may test for it),
// `message` says what was found and what to do about it, `affects` names the endpoints whose figures it bears
// on ("overall" for the whole run).
//
// Codes:
//   unscaled_work   queries without observed_capacity while the scenario sets no
//                   work.default_observed_capacity: their exec_ms is replayed as measured on whatever
//                   capacity runs them, so a what-if on nodes or RPU does not change their work
//   missing_column  a routing rule or WLM queue matches on a trace column the trace does not have, so it
//                   matches no query
//   endpoint_idle   an endpoint that received no query
//   queue_idle      a manual WLM queue that received no query (its monitoring rules never ran)
//   saturated       arrivals outpaced completions: the endpoint's backlog grew through the run and was still
//                   large at the last arrival, so its percentiles describe a growing queue, not a steady
//                   state
//   identical_replications
//                   several replications, all alike (nothing in the scenario or trace draws at random): their
//                   confidence half-widths of 0 say nothing about precision
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "models/scenario/scenario.h"
#include "workloads/trace/trace_columns.h"

namespace rsim {

// What a run knows that its report does not hold.
struct RunFacts {
  TraceColumnSet trace_columns;         // the columns of the trace's header
  bool identical_replications = false;  // more than one replication, every one's metrics alike
};

// The warnings of an assembled report (overall, endpoints, timeline, work and replications) of `scenario`.
// An array, empty when nothing was found, in a fixed order.
nlohmann::json run_warnings(const nlohmann::json& report, const Scenario& scenario, const RunFacts& facts);

// "warning [code]: message" lines, one per warning of `warnings` (a report's "warnings"), each prefixed with
// `prefix` (a scenario's name in a comparison); "" for none.
std::string warnings_text(const nlohmann::json& warnings, const std::string& prefix = "");

}  // namespace rsim
