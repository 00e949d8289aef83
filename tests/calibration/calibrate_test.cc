// The calibration round trip: a known model simulated by rsim -> rows of tables shaped like Redshift's system
// views in a real PostgreSQL server -> `rsim pull` over libpq -> `rsim calibrate` -> the known parameters
// back, and the hold-out window predicted. Once for provisioned clusters (STL) and once for a workgroup
// (SYS).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "calibration/ground_truth/system_table_recorder.h"
#include "calibration/ground_truth/truth_workload.h"
#include "models/scenario/scenario.h"
#include "sim/run/replication.h"
#include "tests/support/cli_runner.h"
#include "tests/support/postgres_server.h"
#include "tests/support/temp_dir.h"
#include "workloads/trace/timestamp.h"

namespace rsim {
namespace {

using testing::PostgresServer;
using testing::run_rsim;

// The truth every case shares.
constexpr double kSelectOverheadMs = 200, kInsertOverheadMs = 600, kScanRate = 100;
constexpr double kSerialFraction = 0.2, kExponent = 0.5, kSpillPenalty = 1.5;
const char* kStart = "2026-11-01T00:00:00Z";

TruthWorkload truth_workload(double rate, double span_s) {
  TruthWorkload w;
  w.start = *parse_timestamp(kStart, nullptr);
  w.span_s = span_s;
  w.rate_per_s = rate;
  w.mix = {{QueryType::kSelect, 0.8}, {QueryType::kInsert, 0.2}};
  w.overhead_ms[static_cast<std::size_t>(QueryType::kSelect)] = kSelectOverheadMs;
  w.overhead_ms[static_cast<std::size_t>(QueryType::kInsert)] = kInsertOverheadMs;
  w.scan_mb_per_s_per_rpu = kScanRate;
  w.scan_median_mb = 400;
  w.scan_sigma = 1.0;
  w.noise_sigma = 0.15;
  return w;
}

// Simulates `workload` through the one-endpoint `scenario_json` and loads what its system views would hold
// into database `db`.
void simulate_into(const PostgresServer& pg, const std::string& db, const std::string& scenario_json,
                   const TruthWorkload& workload, std::uint64_t seed) {
  const Scenario scenario = parse_scenario(scenario_json, db + ".json");
  SymbolTable symbols;
  TruthWorkloadSource source(workload, seed, symbols);
  SystemTableRecorder recorder(symbols, 0, scenario.endpoints[0]);
  const auto result = run_replication(scenario, source, symbols, seed, &recorder);
  ASSERT_GT(recorder.queries(), 10000u);
  pg.exec("CREATE DATABASE " + db);
  pg.create_system_tables(db);
  for (const auto& [table, csv] : recorder.tables(result.first_arrival, result.end))
    pg.copy_csv(table, csv, db);
  pg.exec("ANALYZE", db);
}

std::string cluster_scenario(int nodes) {
  return R"({"name": "truth", "work": {"serial_fraction": 0.2},
    "endpoints": [{"name": "c", "kind": "provisioned", "node_type": "ra3.4xlarge", "nodes": )" +
         std::to_string(nodes) + R"(, "concurrency_exponent": 0.5, "spill_penalty": 1.5, "compile": "never",
      "result_cache": "off", "sqa": {"enabled": false},
      "wlm": {"memory_mb": 20000, "queues": [
        {"name": "etl", "slots": 2, "memory_percent": 30, "query_groups": ["etl"]},
        {"name": "bi", "slots": 5, "memory_percent": 70}]}}]})";
}

nlohmann::json read_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

void expect_recovered(const nlohmann::json& profile, bool with_spill, bool holdout) {
  const auto& types = profile["work"]["by_type"];
  SCOPED_TRACE(profile.dump(2));
  EXPECT_NEAR(types["select"]["overhead_ms"].get<double>(), kSelectOverheadMs, 0.10 * kSelectOverheadMs);
  EXPECT_NEAR(types["insert"]["overhead_ms"].get<double>(), kInsertOverheadMs, 0.10 * kInsertOverheadMs);
  EXPECT_NEAR(types["select"]["scan_mb_per_s_per_rpu"].get<double>(), kScanRate, 0.10 * kScanRate);
  EXPECT_NEAR(types["insert"]["scan_mb_per_s_per_rpu"].get<double>(), kScanRate, 0.10 * kScanRate);
  EXPECT_TRUE(profile["work"]["serial_fraction_calibrated"].get<bool>());
  EXPECT_NEAR(profile["work"]["serial_fraction"].get<double>(), kSerialFraction, 0.05);
  EXPECT_NEAR(profile["concurrency_exponent"].get<double>(), kExponent, 0.1);
  if (with_spill) {
    EXPECT_TRUE(profile["spill_penalty_calibrated"].get<bool>());
    EXPECT_NEAR(profile["spill_penalty"].get<double>(), kSpillPenalty, 0.3);
  }
  const auto& v = profile["validation"];
  EXPECT_GT(v["holdout_queries"].get<int>(), 1000);
  if (!holdout) return;
  EXPECT_LT(std::abs(v["latency_ms"]["relative_error"]["p95"].get<double>()), 0.10);
  EXPECT_LT(v["latency_ms"]["ks_distance"].get<double>(), 0.1);
}

// Pulls the two clusters' databases and calibrates on both traces.
nlohmann::json calibrate_clusters(const PostgresServer& pg, const testing::TempDir& dir) {
  for (const std::string db : {"small", "large"}) {
    const auto r =
        run_rsim("pull --dsn \"" + pg.dsn(PostgresServer::kAdmin, PostgresServer::kPassword, db) +
                 "\" --source stl --since 2026-11-01 --until 2026-11-01T03:00:00 --capacity ra3.4xlarge:" +
                 (db == "small" ? "2" : "4") + " --endpoint " + db + " --out " +
                 (dir.path() / (db + ".csv")).string());
    EXPECT_EQ(r.code, 0) << r.output;
  }
  const auto profile_path = dir.path() / "profile.json";
  const auto r = run_rsim("calibrate " + (dir.path() / "small.csv").string() + " " +
                          (dir.path() / "large.csv").string() + " --out " + profile_path.string());
  EXPECT_EQ(r.code, 0) << r.output;
  std::cout << r.output;
  return read_json(profile_path);
}

TEST(Calibrate, ProvisionedClustersRoundTripThroughStlTables) {
  PostgresServer pg;
  testing::TempDir dir;
  // Two clusters of different sizes: the serial fraction shows only across capacities.
  TruthWorkload w = truth_workload(3.0, 2 * 3600);
  w.spill_share = 0.1;
  w.spill_above_mb = 20000 * 0.7 / 5;  // a bi slot's memory
  simulate_into(pg, "small", cluster_scenario(2), w, 11);
  simulate_into(pg, "large", cluster_scenario(4), truth_workload(5.0, 2 * 3600), 12);
  expect_recovered(calibrate_clusters(pg, dir), true, true);
}

TEST(Calibrate, OutliersDoNotMoveTheFit) {
  PostgresServer pg;
  testing::TempDir dir;
  // 3% of queries run 3 to 10 times longer than the model says: the robust loss must shrug them off. (The
  // hold-out tail then holds outliers the model does not predict, so it is not compared here.)
  TruthWorkload small = truth_workload(3.0, 2 * 3600), large = truth_workload(5.0, 2 * 3600);
  small.outlier_share = large.outlier_share = 0.03;
  small.spill_share = 0.1;
  small.spill_above_mb = 20000 * 0.7 / 5;
  simulate_into(pg, "small", cluster_scenario(2), small, 13);
  simulate_into(pg, "large", cluster_scenario(4), large, 14);
  expect_recovered(calibrate_clusters(pg, dir), true, false);
}

TEST(Calibrate, ServerlessWorkgroupRoundTripThroughSysTables) {
  PostgresServer pg;
  testing::TempDir dir;
  TruthWorkload w = truth_workload(6.0, 3 * 3600);
  w.period_s = 1200;  // 10 busy minutes, 10 quiet ones: the workgroup scales up and back down
  w.low_rate_per_s = 0.5;
  const std::string scenario = R"({"name": "truth", "work": {"serial_fraction": 0.2},
    "endpoints": [{"name": "wg", "kind": "serverless", "base_rpu": 8, "max_rpu": 64,
      "concurrency_exponent": 0.5, "compile": "never", "result_cache": "off",
      "scaling": {"up_delay_s": 20, "down_quiet_s": 120, "step_rpu": 8}}]})";
  simulate_into(pg, "wg", scenario, w, 21);
  const auto trace = dir.path() / "wg.csv";
  auto r = run_rsim("pull --dsn \"" + pg.dsn(PostgresServer::kAdmin, PostgresServer::kPassword, "wg") +
                    "\" --source sys --since 2026-11-01 --until 2026-11-01T04:00:00 --capacity rpu:8 --out " +
                    trace.string());
  ASSERT_EQ(r.code, 0) << r.output;
  const auto profile_path = dir.path() / "profile.json";
  r = run_rsim("calibrate " + trace.string() + " --out " + profile_path.string());
  ASSERT_EQ(r.code, 0) << r.output;
  std::cout << r.output;
  const auto profile = read_json(profile_path);
  expect_recovered(profile, false, true);
  EXPECT_EQ(profile["serverless_scaling"]["step_rpu"].get<double>(), 8.0);
  EXPECT_EQ(profile["serverless_scaling"]["max_rpu"].get<double>(), 24.0);  // the highest it reached of 64
  EXPECT_NEAR(profile["serverless_scaling"]["up_delay_s"].get<double>(), 20.0, 5.0);
  EXPECT_NEAR(profile["serverless_scaling"]["down_quiet_s"].get<double>(), 120.0, 15.0);

  // Straight from the server: the same pull and fit in one command, the same profile.
  const auto direct_path = dir.path() / "direct.json";
  r = run_rsim("calibrate --dsn \"" + pg.dsn(PostgresServer::kAdmin, PostgresServer::kPassword, "wg") +
               "\" --source sys --since 2026-11-01 --until 2026-11-01T04:00:00 --capacity rpu:8 --out " +
               direct_path.string());
  ASSERT_EQ(r.code, 0) << r.output;
  auto direct = read_json(direct_path);
  EXPECT_EQ(direct["work"], profile["work"]);
  EXPECT_EQ(direct["validation"], profile["validation"]);
  EXPECT_EQ(direct["serverless_scaling"], profile["serverless_scaling"]);

  // The profile in a run: the calibrated parameters replace the assumptions.
  const auto scenario_file = dir.write("wg.json", R"({"name": "wg", "work": {"source": "predicted"},
    "endpoints": [{"name": "wg", "kind": "serverless", "base_rpu": 8, "max_rpu": 64}]})");
  r = run_rsim("run " + scenario_file.string() + " --trace " + trace.string() + " --profile " +
               profile_path.string() + " --quiet --out " + (dir.path() / "run").string());
  ASSERT_EQ(r.code, 0) << r.output;
  const auto report = read_json(dir.path() / "run" / "report.json");
  EXPECT_EQ(report["profile"], profile_path.string());
  EXPECT_FALSE(report["assumptions"].empty());  // what the profile did not calibrate is still listed
  for (const auto& a : report["assumptions"]) {
    EXPECT_THAT(a.get<std::string>(), ::testing::Not(::testing::HasSubstr("concurrency_exponent")));
    EXPECT_THAT(a.get<std::string>(), ::testing::Not(::testing::HasSubstr("overhead_ms.select")));
  }
}

}  // namespace
}  // namespace rsim
