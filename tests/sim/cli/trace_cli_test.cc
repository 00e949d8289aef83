// `rsim trace convert` and `rsim trace transform` as a user runs them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "tests/support/build_paths.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"
#include "tests/support/trace_files.h"
#include "workloads/trace/trace_reader.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;
using testing::read_trace;
using testing::run_rsim;

const std::string kFormats = std::string(testing::test_data_dir()) + "/formats/";

TEST(TraceCli, ConvertWritesACanonicalTraceThatReadsBackExactly) {
  testing::TempDir dir;
  const auto out = dir.path() / "t.csv.zst";
  const auto r = run_rsim("trace convert --from sys_query_history " + kFormats +
                          "sys_query_history.csv --out " + out.string() + " --capacity rpu:32");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("converted 4 queries"));
  EXPECT_THAT(r.output, HasSubstr("skipped: status running (not finished): 1"));
  SymbolTable s;
  const auto qs = read_trace(out, s);
  ASSERT_EQ(qs.size(), 4u);
  EXPECT_EQ(qs[0].id, "5001");
  EXPECT_DOUBLE_EQ(qs[0].exec_ms, 1900.0);
  EXPECT_DOUBLE_EQ(qs[0].queue_ms, 500.0);
  EXPECT_EQ(s.name(qs[0].observed_capacity), "rpu:32");
  EXPECT_EQ(qs[1].type, QueryType::kInsert);
  EXPECT_TRUE(qs[3].result_cache_hit);
  // The converted trace runs.
  const auto run = run_rsim("run " + testing::kSourceDir + "/models/scenarios/example.json --trace " +
                            out.string() + " --out " + (dir.path() / "run").string());
  EXPECT_EQ(run.code, 0) << run.output;
}

TEST(TraceCli, EveryFormatConverts) {
  testing::TempDir dir;
  for (const auto& [format, input, rows] : std::vector<std::tuple<std::string, std::string, std::size_t>>{
           {"stl", "stl.csv", 3}, {"redset", "redset.csv", 4}, {"test_drive", "test_drive", 3}}) {
    const auto out = dir.path() / (format + ".csv");
    const auto r =
        run_rsim("trace convert --from " + format + " " + kFormats + input + " --out " + out.string());
    ASSERT_EQ(r.code, 0) << format << ": " << r.output;
    SymbolTable s;
    EXPECT_EQ(read_trace(out, s).size(), rows) << format;
  }
}

TEST(TraceCli, ConvertFailureExitsTwoAndWritesNothing) {
  testing::TempDir dir;
  const auto out = dir.path() / "t.csv";
  const auto r =
      run_rsim("trace convert --from redset " + kFormats + "redset_microseconds.csv --out " + out.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.output, HasSubstr("line 3, column 4 (execution_duration_ms)"));
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  EXPECT_NE(run_rsim("trace convert --from parquet x --out y").code, 0);
}

TEST(TraceCli, TransformScalesLoadAndFilters) {
  testing::TempDir dir;
  const std::string day = testing::kSourceDir + "/workloads/examples/airline_day.csv";
  SymbolTable s0;
  const auto original = read_trace(day, s0);

  const auto twice = dir.path() / "twice.csv";
  auto r = run_rsim("trace transform " + day + " --out " + twice.string() + " --load-scale 2 --jitter 5");
  ASSERT_EQ(r.code, 0) << r.output;
  SymbolTable s1;
  EXPECT_EQ(read_trace(twice, s1).size(), 2 * original.size());

  const auto sales = dir.path() / "sales.csv";
  r = run_rsim("trace transform " + day + " --out " + sales.string() +
               " --include domain=sales --exclude query_type=copy,insert --data-scale 1000");
  ASSERT_EQ(r.code, 0) << r.output;
  SymbolTable s2;
  const auto kept = read_trace(sales, s2);
  ASSERT_FALSE(kept.empty());
  std::size_t want = 0;
  for (const Query& q : original) {
    want += s0.name(q.domain) == "sales" && q.type != QueryType::kCopy && q.type != QueryType::kInsert;
  }
  EXPECT_EQ(kept.size(), want);
  for (const Query& q : kept) EXPECT_EQ(s2.name(q.domain), "sales");

  r = run_rsim("trace transform " + day + " --out " + (dir.path() / "x.csv").string() +
               " --include colour=red");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.output, HasSubstr("unknown field \"colour\""));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "x.csv"));
}

nlohmann::json report_of(const std::filesystem::path& dir) {
  std::ifstream in(dir / "report.json");
  return nlohmann::json::parse(in);
}

TEST(TraceCli, ExtractWithoutDurationsRunsOnPredictedWork) {
  testing::TempDir dir;
  const auto trace = dir.path() / "extract.csv";
  ASSERT_EQ(
      run_rsim("trace convert --from test_drive " + kFormats + "test_drive --out " + trace.string()).code, 0);
  const std::string scenario = testing::kSourceDir + "/models/scenarios/example.json";
  auto r =
      run_rsim("run " + scenario + " --trace " + trace.string() + " --out " + (dir.path() / "a").string());
  EXPECT_EQ(r.code, 2) << "observed work needs exec_ms";
  EXPECT_THAT(r.output, HasSubstr("exec_ms"));
  r = run_rsim("run " + scenario + " --trace " + trace.string() + " --set work.source=predicted --out " +
               (dir.path() / "b").string());
  ASSERT_EQ(r.code, 0) << r.output;
  const auto report = report_of(dir.path() / "b");
  EXPECT_EQ(report["overall"]["completed"], 3);
  EXPECT_THAT(report.dump(), HasSubstr("$.work.predicted.overhead_ms.select = 20"));
}

// The README's worked example: a trace captured on the one-node subset environment, replayed there, and
// scaled to full mode's 1,000 times the data on the two-node deployment.
TEST(TraceCli, DataScaleTakesTheSubsetTraceToFullMode) {
  testing::TempDir dir;
  const auto p = [&](const std::string& name) { return (dir.path() / name).string(); };
  const std::string scenarios = testing::kSourceDir + "/models/scenarios/";
  ASSERT_EQ(run_rsim("trace transform " + testing::kSourceDir + "/workloads/examples/airline_day.csv --out " +
                     p("subset.csv") + " --data-scale 0.001")
                .code,
            0);
  ASSERT_EQ(
      run_rsim("trace transform " + p("subset.csv") + " --out " + p("full.csv") + " --data-scale 1000").code,
      0);
  const std::string predicted = " --set work.source=predicted --out ";
  ASSERT_EQ(
      run_rsim("run " + scenarios + "loadtest_subset.json --trace " + p("subset.csv") + predicted + p("s"))
          .code,
      0);
  ASSERT_EQ(
      run_rsim("run " + scenarios + "loadtest_full.json --trace " + p("full.csv") + predicted + p("f")).code,
      0);
  ASSERT_EQ(
      run_rsim("run " + scenarios + "loadtest_subset.json --trace " + p("full.csv") + predicted + p("sf"))
          .code,
      0);
  const auto subset = report_of(p("s")), full = report_of(p("f")), overloaded = report_of(p("sf"));
  const auto p95 = [](const nlohmann::json& r) { return r["overall"]["latency_ms"]["p95"].get<double>(); };
  // A thousand times the data takes longer even on the larger deployment, and swamps the subset's one node.
  EXPECT_GT(p95(full), 10 * p95(subset));
  EXPECT_GT(p95(overloaded), 10 * p95(full));
  // Two ra3.4xlarge nodes cost more per day than one ra3.xlplus, whatever the data.
  EXPECT_GT(full["cost"]["per_day_usd"].get<double>(), 5 * subset["cost"]["per_day_usd"].get<double>());
}

std::string file_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(TraceCli, ShippedClassWorkloadGeneratesReproduciblyAndRuns) {
  testing::TempDir dir;
  const std::string workload = testing::kSourceDir + "/workloads/examples/airline_classes.json";
  const auto a = dir.path() / "a.csv", b = dir.path() / "b.csv";
  ASSERT_EQ(run_rsim("gen " + workload + " --seed 3 --out " + a.string()).code, 0);
  ASSERT_EQ(run_rsim("gen " + workload + " --seed 3 --out " + b.string()).code, 0);
  EXPECT_EQ(file_text(a), file_text(b)) << "same seed, same trace";
  SymbolTable s;
  const auto qs = read_trace(a, s);
  std::map<std::string, int> domains;
  for (const Query& q : qs) ++domains[s.name(q.domain)];
  EXPECT_GT(domains["sales"], 1000);
  EXPECT_GT(domains["operations"], 1000);
  EXPECT_GT(domains["shared"], 1000);
  const auto r = run_rsim("run " + testing::kSourceDir + "/models/scenarios/traditional.json --trace " +
                          a.string() + " --out " + (dir.path() / "run").string());
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(report_of(dir.path() / "run")["overall"]["completed"], qs.size());

  const auto bad = dir.path() / "bad.json";
  std::ofstream(bad) << R"({"generator": "classes", "start": "2026-03-02", "classes": [{"name": "x"}]})";
  const auto e = run_rsim("gen " + bad.string() + " --out " + (dir.path() / "c.csv").string());
  EXPECT_EQ(e.code, 2);
  EXPECT_THAT(e.output, HasSubstr("$.classes[0]: missing required key \"arrivals\""));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "c.csv"));
}

}  // namespace
}  // namespace rsim
