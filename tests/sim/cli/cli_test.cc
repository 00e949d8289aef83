// The rsim binary as a user runs it: exit codes, messages, and no half-written output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;

using testing::CliResult;

CliResult rsim(const std::string& args) { return testing::run_rsim(args); }

const std::string kSource = testing::kSourceDir;

TEST(Cli, RunWritesReportAndPrintsTable) {
  testing::TempDir dir;
  const auto r = rsim("run " + kSource + "/models/scenarios/example.json --out " + dir.path().string());
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("overall"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "report.json"));
}

TEST(Cli, BadTraceExitsTwoAndWritesNothing) {
  testing::TempDir dir;
  const auto trace = dir.write("bad.csv", "query_id,arrival,exec_ms\nq1,2026-03-03T00:00:00Z,fast\n");
  const auto out = dir.path() / "out";
  const auto r = rsim("run " + kSource + "/models/scenarios/example.json --trace " + trace.string() +
                      " --out " + out.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.output, HasSubstr("bad.csv: line 2, column 3 (exec_ms): expected a number, got \"fast\""));
  EXPECT_FALSE(std::filesystem::exists(out / "report.json"));
}

TEST(Cli, BadScenarioExitsTwo) {
  testing::TempDir dir;
  const auto s = dir.write(
      "s.json",
      R"({"name": "x", "endpoints": [{"name": "e", "capacity_rpu": 16, "slots": 5, "colour": 1}]})");
  const auto r = rsim("run " + s.string() + " --trace " + kSource +
                      "/workloads/examples/airline_day.csv --out " + dir.path().string());
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.output, HasSubstr("$.endpoints[0].colour: unknown key"));
}

TEST(Cli, EverySubcommandHasHelpWithAnExample) {
  for (const char* sub : {"run", "compare", "gen", "pull", "calibrate", "sweep", "optimize", "check",
                          "trace convert", "trace transform"}) {
    const auto r = rsim(std::string(sub) + " --help");
    EXPECT_EQ(r.code, 0) << sub;
    EXPECT_THAT(r.output, HasSubstr("Example")) << sub;
  }
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(rsim("run").code, 2);
  EXPECT_EQ(rsim("frobnicate").code, 2);
  EXPECT_EQ(rsim("run --help").code, 0);
}

TEST(Cli, CompareWritesEachReportAndTheComparison) {
  testing::TempDir dir;
  const auto out = dir.path() / "cmp";
  const auto r = rsim("compare " + kSource + "/models/scenarios/traditional.json " + kSource +
                      "/models/scenarios/golden.json --trace " + kSource +
                      "/workloads/examples/airline_day.csv --out " + out.string());
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("latency p99 (ms)"));
  EXPECT_THAT(r.output, HasSubstr("cost per 1,000 queries"));
  EXPECT_THAT(r.output, HasSubstr("rpu/node x0.5 | x2"));
  EXPECT_TRUE(std::filesystem::exists(out / "traditional" / "report.json"));
  EXPECT_TRUE(std::filesystem::exists(out / "golden" / "report.json"));
  EXPECT_TRUE(std::filesystem::exists(out / "comparison.json"));
}

TEST(Cli, CompareNeedsTwoScenariosAndWritesNothingOnBadInput) {
  testing::TempDir dir;
  EXPECT_EQ(rsim("compare " + kSource + "/models/scenarios/golden.json").code, 2);
  const auto bad = dir.write(
      "bad.json", R"({"name": "x", "endpoints": [{"name": "e", "kind": "serverless", "base_rpu": 6}]})");
  const auto out = dir.path() / "cmp";
  const auto r =
      rsim("compare " + kSource + "/models/scenarios/golden.json " + bad.string() + " --out " + out.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.output, HasSubstr("$.endpoints[0].base_rpu: 6 RPU is not a base capacity"));
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(Cli, TraceStatsDescribesTheExample) {
  const auto r = rsim("trace stats " + kSource + "/workloads/examples/airline_day.csv --json");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("\"queries\": 4368"));
  EXPECT_THAT(r.output, HasSubstr("\"by_domain\""));
}

TEST(Cli, GenReproducesTheBundledExample) {
  testing::TempDir dir;
  const auto out = dir.path() / "day.csv";
  const auto r =
      rsim("gen " + kSource + "/workloads/examples/airline_day.json --seed 1 --out " + out.string());
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(testing::read_file(out) == testing::read_file(kSource + "/workloads/examples/airline_day.csv"));
}

}  // namespace
}  // namespace rsim
