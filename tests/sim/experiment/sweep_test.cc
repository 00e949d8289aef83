// `rsim sweep`: results independent of the thread count, rows equal to `rsim run`, confidence half-widths
// with replications, the Pareto front, and bad sweeps rejected before anything is written.
#include "sim/experiment/sweep.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/io/input_error.h"
#include "tests/support/build_paths.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;
const std::filesystem::path kSource = testing::source_dir();

// Four variants of the golden architecture on the bundled airline day.
std::string four_variants(int replications) {
  return R"({"schema_version": 1, "name": "t", "scenario": ")" +
         (kSource / "models/scenarios/golden.json").string() + R"(", "seed": 3, "replications": )" +
         std::to_string(replications) + R"(,
    "dimensions": [
      {"name": "base_rpu", "paths": ["endpoints[1].base_rpu", "endpoints[2].base_rpu", "endpoints[3].base_rpu"],
       "values": [16, 32]},
      {"name": "policy", "path": "load_balancers[0].policy", "values": ["flow_hash", "random"]}],
    "metrics": {"sales_p99_ms": "domains[sales].latency_ms.p99"}})";
}

nlohmann::json without_run(nlohmann::json j) {
  j.erase("run");
  return j;
}

TEST(Sweep, ResultsDoNotDependOnTheThreadCount) {
  testing::TempDir dir;
  const SweepSpec spec = load_sweep(dir.write("s.json", four_variants(2)));
  const SweepResult one = execute_sweep(spec, ExecutionOptions{1, nullptr});
  const SweepResult two = execute_sweep(spec, ExecutionOptions{2, nullptr});
  const SweepResult three = execute_sweep(spec, ExecutionOptions{3, nullptr});
  EXPECT_TRUE(sweep_csv(spec, one) == sweep_csv(spec, two));
  EXPECT_TRUE(sweep_csv(spec, one) == sweep_csv(spec, three));
  EXPECT_TRUE(without_run(sweep_json(spec, one)) == without_run(sweep_json(spec, two)));
  EXPECT_EQ(sweep_json(spec, two)["run"]["threads_per_rank"], 2);
}

TEST(Sweep, EachRowIsTheRunOfItsSettings) {
  testing::TempDir dir;
  const SweepSpec spec = load_sweep(dir.write("s.json", four_variants(2)));
  const SweepResult r = execute_sweep(spec, ExecutionOptions{2, nullptr});
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.rows[3].label, "base_rpu=32,policy=random");
  RunRequest req;
  req.scenario = kSource / "models/scenarios/golden.json";
  req.seed = 3;
  req.replications = 2;
  req.overrides = {"endpoints[1].base_rpu=32", "endpoints[2].base_rpu=32", "endpoints[3].base_rpu=32",
                   "load_balancers[0].policy=\"random\""};
  nlohmann::json direct = execute_run(req);
  direct.erase("run");
  EXPECT_TRUE(direct.dump() == r.outcomes[3].report.dump());
  EXPECT_EQ(r.rows[3].values[3].value, direct["overall"]["latency_ms"]["p95"].get<double>());
  EXPECT_EQ(r.rows[3].values.back().value, direct["domains"][1]["latency_ms"]["p99"].get<double>());
}

TEST(Sweep, ReplicationsGiveHalfWidthsAndTheFrontIsMarked) {
  testing::TempDir dir;
  const SweepSpec one_rep = load_sweep(dir.write("a.json", four_variants(1)));
  const SweepResult a = execute_sweep(one_rep, ExecutionOptions{2, nullptr});
  EXPECT_FALSE(a.rows[0].values[3].ci95.has_value());
  EXPECT_TRUE(sweep_json(one_rep, a)["variants"][0]["metrics"]["latency_p95_ms"]["ci95"].is_null());

  const SweepSpec spec = load_sweep(dir.write("b.json", four_variants(3)));
  const SweepResult r = execute_sweep(spec, ExecutionOptions{2, nullptr});
  // The random policy places connections differently in each replication: its p95 varies.
  ASSERT_TRUE(r.rows[1].values[3].ci95.has_value());
  EXPECT_GT(*r.rows[1].values[3].ci95, 0.0);
  const nlohmann::json j = sweep_json(spec, r);
  // The front: no marked row is dominated, every unmarked one is, and it is listed cheapest first.
  const auto cost = [&](std::size_t i) {
    return j["variants"][i]["metrics"]["cost_per_day_usd"]["value"].get<double>();
  };
  const auto p95 = [&](std::size_t i) {
    return j["variants"][i]["metrics"]["latency_p95_ms"]["value"].get<double>();
  };
  for (std::size_t i = 0; i < 4; ++i) {
    bool dominated = false;
    for (std::size_t k = 0; k < 4; ++k) {
      dominated |= cost(k) <= cost(i) && p95(k) <= p95(i) && (cost(k) < cost(i) || p95(k) < p95(i));
    }
    EXPECT_EQ(j["variants"][i]["pareto"].get<bool>(), !dominated) << i;
  }
  const auto& front = j["pareto"]["front"];
  ASSERT_FALSE(front.empty());
  for (std::size_t k = 1; k < front.size(); ++k) EXPECT_LE(cost(front[k - 1]), cost(front[k]));
  // The CSV has a header, a row per variant, and the flag last.
  const std::string csv = sweep_csv(spec, r);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);
  EXPECT_THAT(csv, HasSubstr("latency_p95_ms,latency_p95_ms_ci95"));
  EXPECT_THAT(csv, HasSubstr("\"base_rpu=16,policy=flow_hash\",16,flow_hash,3,"));
}

TEST(Sweep, ARejectedVariantIsNamed) {
  testing::TempDir dir;
  std::string text = four_variants(1);
  text.replace(text.find("[16, 32]"), 8, "[16, 7]");  // 7 RPU is not on AWS's grid
  const SweepSpec spec = load_sweep(dir.write("s.json", text));
  EXPECT_THAT(
      [&] {
        execute_sweep(spec, ExecutionOptions{2, nullptr});
      },
      ::testing::ThrowsMessage<InputError>(
          AllOf(HasSubstr("variant 2 (base_rpu=7,policy=flow_hash)"), HasSubstr("base_rpu"))));
}

TEST(Sweep, BadSpecsAreRejectedWithTheKey) {
  testing::TempDir dir;
  const auto error = [&](const std::string& text) {
    try {
      load_sweep(dir.write("bad.json", text));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string typo = four_variants(1);
  typo.replace(typo.find("\"seed\""), 6, "\"sed\"");
  EXPECT_THAT(error(typo), AllOf(HasSubstr("bad.json"), HasSubstr("sed")));
  std::string metric = four_variants(1);
  metric.replace(metric.find("domains[sales].latency_ms.p99"), 29, "domains[sales.latency_ms.p99");
  EXPECT_THAT(error(metric), AllOf(HasSubstr("metrics.sales_p99_ms"), HasSubstr("']'")));
  std::string clash = four_variants(1);
  clash.replace(clash.find("sales_p99_ms"), 12, "latency_p95_ms");
  EXPECT_THAT(error(clash), HasSubstr("exists already"));
  EXPECT_THAT(error(R"({"scenario": "nowhere.json", "dimensions": []})"),
              HasSubstr("at least one dimension"));
}

TEST(Sweep, AScenarioWithoutCostHasAnEmptyCostColumnAndNoFront) {
  testing::TempDir dir;
  const SweepSpec spec = load_sweep(
      dir.write("s.json", R"({"scenario": ")" + (kSource / "models/scenarios/example.json").string() +
                              R"(", "replications": 2, "metrics": {"span_s": "trace.span_s"},
      "dimensions": [{"name": "slots", "path": "endpoints[1].slots", "values": [4, 8]}]})"));
  const SweepResult r = execute_sweep(spec, ExecutionOptions{2, nullptr});
  const nlohmann::json j = sweep_json(spec, r);
  EXPECT_TRUE(j["variants"][0]["metrics"]["cost_per_day_usd"]["value"].is_null());
  EXPECT_TRUE(j["pareto"]["front"].empty());
  // A value the replications share has no half-width.
  EXPECT_GT(j["variants"][0]["metrics"]["span_s"]["value"].get<double>(), 80000);
  EXPECT_TRUE(j["variants"][0]["metrics"]["span_s"]["ci95"].is_null());
  EXPECT_THAT(sweep_table(spec, r), HasSubstr(" - "));
}

TEST(Sweep, DimensionsMayNotTakeAResultColumnsName) {
  testing::TempDir dir;
  std::string text = four_variants(1);
  text.replace(text.find("\"name\": \"policy\""), 16, "\"name\": \"pareto\"");
  EXPECT_THAT([&] { load_sweep(dir.write("s.json", text)); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("\"pareto\" is taken by a result column")));
}

TEST(SweepCli, WritesBothFilesOrNothing) {
  testing::TempDir dir;
  const auto spec = dir.write("s.json", four_variants(1));
  const auto ok =
      testing::run_rsim("sweep " + spec.string() + " --jobs 2 --out " + (dir.path() / "out").string());
  ASSERT_EQ(ok.code, 0) << ok.output;
  EXPECT_THAT(ok.output, AllOf(HasSubstr("base_rpu=32,policy=random"), HasSubstr("Pareto")));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "out" / "sweep.csv"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "out" / "sweep.json"));
  // With --reports, each variant's report, and none left from an earlier, larger sweep.
  std::filesystem::create_directories(dir.path() / "out" / "variants" / "7");
  const auto reports =
      testing::run_rsim("sweep " + spec.string() + " -q --reports --out " + (dir.path() / "out").string());
  ASSERT_EQ(reports.code, 0) << reports.output;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "out" / "variants" / "3" / "report.json"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "out" / "variants" / "7"));

  std::string bad = four_variants(1);
  bad.replace(bad.find("[16, 32]"), 8, "[16, 7]");
  const auto fail = testing::run_rsim("sweep " + dir.write("bad.json", bad).string() + " --out " +
                                      (dir.path() / "bad").string());
  EXPECT_EQ(fail.code, 2);
  EXPECT_THAT(fail.output, HasSubstr("variant 2 (base_rpu=7,policy=flow_hash)"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "bad"));
}

TEST(SweepCli, TheShippedSweepRuns) {
  testing::TempDir dir;
  const auto r =
      testing::run_rsim("sweep " + (kSource / "models/experiments/golden_capacity_sweep.json").string() +
                        " -q --out " + dir.path().string());
  ASSERT_EQ(r.code, 0) << r.output;
  const auto j = nlohmann::json::parse(testing::read_file(dir.path() / "sweep.json"));
  EXPECT_EQ(j["variants"].size(), 16u);
  EXPECT_FALSE(j["pareto"]["front"].empty());
}

}  // namespace
}  // namespace rsim
