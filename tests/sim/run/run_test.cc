// Whole runs through `execute_run`: determinism, the golden report of the bundled example, replications.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "models/scenario/scenario.h"
#include "sim/io/atomic_file.h"
#include "sim/run/replication.h"
#include "sim/run/report.h"
#include "sim/run/run_command.h"
#include "tests/support/build_paths.h"
#include "tests/support/temp_dir.h"
#include "workloads/trace/trace_reader.h"

namespace rsim {
namespace {

const std::filesystem::path kSource = testing::source_dir();

RunRequest example(int replications = 1) {
  RunRequest r;
  r.scenario = kSource / "models/scenarios/example.json";
  r.trace = kSource / "workloads/examples/airline_day.csv";
  r.replications = replications;
  return r;
}

nlohmann::json without_run(nlohmann::json j) {
  j.erase("run");
  // Paths depend on where the checkout lives.
  j["scenario"].erase("file");
  j["trace"].erase("source");
  return j;
}

TEST(Run, SameSeedGivesAnIdenticalReport) {
  const auto a = without_run(execute_run(example())).dump(2);
  const auto b = without_run(execute_run(example())).dump(2);
  EXPECT_TRUE(a == b);
}

// The golden output of every shipped scenario on its bundled trace (tests/fixtures/golden/NAME_report.json).
// After an intended change of results, regenerate with RSIM_UPDATE_GOLDEN=1 and review the diff like code.
TEST(Run, ShippedScenariosMatchTheirGoldenReports) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kSource / "models/scenarios")) {
    if (entry.path().extension() != ".json") continue;
    RunRequest r;
    r.scenario = entry.path();
    const auto golden_path = std::filesystem::path(testing::test_data_dir()) / "golden" /
                             (entry.path().stem().string() + "_report.json");
    const std::string got = without_run(execute_run(r)).dump(2) + "\n";
    if (std::getenv("RSIM_UPDATE_GOLDEN")) write_file_atomically(golden_path, got);
    const std::string want = testing::read_file(golden_path);
    ASSERT_FALSE(want.empty()) << "missing " << golden_path;
    EXPECT_TRUE(got == want) << "report differs from " << golden_path << "; rerun with RSIM_UPDATE_GOLDEN=1";
    ++checked;
  }
  EXPECT_GE(checked, 3);
}

// A run reads only the free-text columns its scenario uses (trace_columns_read). For every shipped scenario,
// a fully decoded trace must give the same results, so a column left out by mistake fails here.
TEST(Run, SkippedColumnsLeaveResultsUnchanged) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kSource / "models/scenarios")) {
    if (entry.path().extension() != ".json") continue;
    const Scenario scenario = load_scenario(entry.path());
    ASSERT_TRUE(scenario.trace) << entry.path();
    const auto metrics = [&](TraceColumnSet columns) {
      SymbolTable symbols;
      TraceReader reader(*scenario.trace, symbols, TraceReaderOptions{.columns = columns});
      return replication_metrics(run_replication(scenario, reader, symbols, 7), scenario).dump(2);
    };
    const TraceColumnSet read = trace_columns_read(scenario);
    EXPECT_LT(read.count(), all_trace_columns().count()) << entry.path() << ": nothing skipped";
    EXPECT_TRUE(metrics(read) == metrics(all_trace_columns())) << entry.path();
    ++checked;
  }
  EXPECT_GE(checked, 3);
}

TEST(Run, ColumnsReadFollowTheScenario) {
  const auto read = [](const char* json) { return trace_columns_read(parse_scenario(json, "s.json")); };
  const TraceColumnSet plain =
      read(R"({"name": "x", "endpoints": [{"name": "e", "capacity_rpu": 8, "slots": 5}],
      "routing": [{"to": "e"}]})");
  for (const auto c : {TraceColumn::kDatabase, TraceColumn::kClient, TraceColumn::kReadTables,
                       TraceColumn::kWriteTables, TraceColumn::kObservedEndpoint}) {
    EXPECT_FALSE(has_column(plain, c)) << column_name(c);
  }
  for (const auto c :
       {TraceColumn::kQueryId, TraceColumn::kArrival, TraceColumn::kExecMs, TraceColumn::kSessionId,
        TraceColumn::kFingerprint, TraceColumn::kObservedCapacity, TraceColumn::kPeakMemMb,
        TraceColumn::kDomain, TraceColumn::kQueryGroup, TraceColumn::kUser}) {
    EXPECT_TRUE(has_column(plain, c)) << column_name(c);
  }
  const TraceColumnSet routed =
      read(R"({"name": "x", "endpoints": [{"name": "e", "capacity_rpu": 8, "slots": 5}],
      "routing": [{"match": {"user": ["a"], "database": ["d"]}, "to": "e"}, {"to": "e"}]})");
  EXPECT_TRUE(has_column(routed, TraceColumn::kUser));
  EXPECT_TRUE(has_column(routed, TraceColumn::kQueryGroup));
  EXPECT_TRUE(has_column(routed, TraceColumn::kDatabase));
  const TraceColumnSet cached =
      read(R"({"name": "x", "endpoints": [{"name": "e", "capacity_rpu": 8, "slots": 5,
      "result_cache": "model"}], "routing": [{"to": "e"}]})");
  EXPECT_TRUE(has_column(cached, TraceColumn::kReadTables));
  EXPECT_TRUE(has_column(cached, TraceColumn::kWriteTables));
}

TEST(Run, ReportHasTheContractFields) {
  const auto r = execute_run(example());
  for (const char* k :
       {"schema_version", "scenario", "seed", "replications", "trace", "overall", "endpoints", "run"}) {
    EXPECT_TRUE(r.contains(k)) << k;
  }
  for (const char* k : {"queries", "first_arrival", "last_arrival", "span_s", "source"})
    EXPECT_TRUE(r["trace"].contains(k)) << k;
  for (const char* k : {"wall_s", "events", "events_per_s", "peak_rss_mb", "version"})
    EXPECT_TRUE(r["run"].contains(k)) << k;
  const auto& e = r["endpoints"][0];
  for (const char* k : {"name", "kind", "capacity", "queries", "completed", "aborted", "hopped", "spilled",
                        "result_cache_hits", "concurrency_scaling_queries", "latency_ms", "queue_ms",
                        "exec_ms", "utilization"}) {
    EXPECT_TRUE(e.contains(k)) << k;
  }
  for (const char* k : {"mean", "p50", "p90", "p95", "p99", "max"})
    EXPECT_TRUE(e["latency_ms"].contains(k)) << k;
  EXPECT_EQ(r["overall"]["queries"].get<int>(), r["trace"]["queries"].get<int>());
}

TEST(Run, ReplicationsCarryHalfWidths) {
  const auto r = execute_run(example(3));
  EXPECT_EQ(r["replications"], 3);
  const auto& ci = r["overall"]["latency_ms"]["ci95"];
  for (const char* k : {"mean", "p50", "p95", "p99"}) EXPECT_TRUE(ci.contains(k)) << k;
  // A trace replay through this scenario has no randomness left: every replication agrees.
  EXPECT_EQ(ci["p95"].get<double>(), 0.0);
}

}  // namespace
}  // namespace rsim
