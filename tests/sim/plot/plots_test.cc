// Every plot type, drawn by the rsim binary as a user would ask for it (--plots on run, compare, sweep and
// calibrate): each image is a valid, non-empty PNG and SVG of the drawn size, and the data drawn (NAME.dat)
// matches what the report, sweep or profile says.
#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/build_paths.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"

namespace rsim {
namespace {

namespace fs = std::filesystem;
using testing::run_rsim;
using Block = std::vector<std::pair<double, double>>;

const std::string kSource = testing::source_dir();

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The blocks of a NAME.dat file (one per series, separated by two blank lines).
std::vector<Block> read_dat(const fs::path& p) {
  std::ifstream in(p);
  std::vector<Block> blocks(1);
  std::string line;
  int blank = 0;
  while (std::getline(in, line)) {
    if (line.empty()) {
      if (++blank == 2) blocks.emplace_back();
      continue;
    }
    blank = 0;
    if (line[0] == '#') continue;
    std::istringstream fields(line);
    double x = 0, y = 0;
    fields >> x >> y;
    blocks.back().emplace_back(x, y);
  }
  return blocks;
}

std::uint32_t big_endian(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

// A PNG of 1000 x 600 pixels with more than a blank canvas in it, and an SVG that parses as XML, whose root
// is <svg> with the same view box, and that draws paths.
void expect_images(const fs::path& dir, const std::string& name) {
  const std::string png = read_text(dir / (name + ".png"));
  ASSERT_GT(png.size(), 5000u) << name;
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << name;
  EXPECT_EQ(png.substr(12, 4), "IHDR") << name;
  EXPECT_EQ(big_endian(png, 16), 1000u) << name;
  EXPECT_EQ(big_endian(png, 20), 600u) << name;
  boost::property_tree::ptree svg;
  std::ifstream in(dir / (name + ".svg"));
  ASSERT_NO_THROW(boost::property_tree::read_xml(in, svg)) << name;
  EXPECT_EQ(svg.get<std::string>("svg.<xmlattr>.viewBox"), "0 0 1000 600") << name;
  EXPECT_NE(read_text(dir / (name + ".svg")).find("<path"), std::string::npos) << name;
}

const nlohmann::json& endpoint_named(const nlohmann::json& report, const std::string& name) {
  for (const auto& e : report["endpoints"]) {
    if (e["name"] == name) return e;
  }
  throw std::runtime_error("no endpoint " + name);
}

TEST(Plots, RunDrawsEveryChartAndTheDataIsTheReports) {
  testing::TempDir dir;
  // The golden architecture with one consumer down for two hours: health events to mark.
  const auto r =
      run_rsim("run " + kSource + "/models/scenarios/golden.json --out " + dir.path().string() +
               " --plots --quiet --set 'load_balancers[0].failures=[{\"target\": \"consumer-2\", \"from\": "
               "\"2026-03-03T10:00:00Z\", \"to\": \"2026-03-03T12:00:00Z\"}]'");
  ASSERT_EQ(r.code, 0) << r.output;
  const nlohmann::json report = read_json(dir.path() / "report.json");
  const fs::path plots = dir.path() / "plots";
  for (const char* name : {"latency_cdf", "queue_wait", "running", "capacity", "balancer_load-nlb", "cost"})
    expect_images(plots, name);

  // The CDF's points are the report's percentiles.
  const auto cdf = read_dat(plots / "latency_cdf.dat");
  ASSERT_EQ(cdf.size(), 1u);
  const auto& latency = report["overall"]["latency_ms"];
  int matched = 0;
  for (const auto& [ms, q] : cdf[0]) {
    for (const auto& [p, key] :
         {std::pair{0.5, "p50"}, {0.9, "p90"}, {0.95, "p95"}, {0.99, "p99"}, {1.0, "max"}}) {
      if (std::abs(q - p) < 1e-12) {
        EXPECT_DOUBLE_EQ(ms, latency[key].get<double>()) << key;
        ++matched;
      }
    }
  }
  EXPECT_EQ(matched, 5);

  const auto& timeline = report["timeline"];
  const double bin_minutes = timeline["bin_minutes"].get<double>();
  const auto waits = read_dat(plots / "queue_wait.dat"), running = read_dat(plots / "running.dat"),
             capacity = read_dat(plots / "capacity.dat"), load = read_dat(plots / "balancer_load-nlb.dat");
  ASSERT_EQ(waits.size(), timeline["endpoints"].size());
  ASSERT_EQ(capacity.size(), 3u);  // the three serverless consumers
  for (std::size_t i = 0; i < waits.size(); ++i) {
    const auto& t = timeline["endpoints"][i];
    const auto& e = endpoint_named(report, t["name"].get<std::string>());
    // Mean queue wait per bin, weighted by the bin's completions: the endpoint's mean queue wait.
    double wait = 0, completed = 0, busy = 0;
    for (std::size_t b = 0; b < waits[i].size(); ++b) {
      wait += waits[i][b].second * t["completions"][b].get<double>();
      completed += t["completions"][b].get<double>();
      busy += running[i][b].second;
    }
    EXPECT_EQ(completed, e["completed"].get<double>()) << t["name"];
    EXPECT_NEAR(wait / completed, e["queue_ms"]["mean"].get<double>(),
                1e-3 + 1e-6 * e["queue_ms"]["mean"].get<double>())
        << t["name"];
    // Running queries averaged over the bins: the endpoint's time-averaged running (partial first and last
    // bins weigh a little differently).
    EXPECT_NEAR(busy / static_cast<double>(running[i].size()), e["mean_running"].get<double>(),
                0.01 * e["mean_running"].get<double>() + 1e-3)
        << t["name"];
  }
  for (std::size_t k = 0; k < 3; ++k) {
    const auto& e = endpoint_named(report, "consumer-" + std::to_string(k + 1));
    double sum = 0, peak = 0;
    for (const auto& [x, rpu] : capacity[k]) {
      sum += rpu;
      peak = std::max(peak, rpu);
    }
    EXPECT_NEAR(sum / static_cast<double>(capacity[k].size()), e["capacity"]["mean_rpu"].get<double>(),
                0.01 * e["capacity"]["mean_rpu"].get<double>());
    EXPECT_LE(peak, e["capacity"]["peak_rpu"].get<double>() + 1e-9);
  }
  // Per-target load: queries per minute, times the minutes of each bin, add up to the target's queries.
  const auto& nlb = report["load_balancers"][0];
  ASSERT_EQ(load.size(), nlb["targets"].size());
  for (std::size_t k = 0; k < load.size(); ++k) {
    double queries = 0;
    for (const auto& [x, per_minute] : load[k]) queries += per_minute * bin_minutes;
    const auto& e = endpoint_named(report, nlb["targets"][k]["endpoint"].get<std::string>());
    EXPECT_NEAR(queries, e["queries"].get<double>(), 1e-6) << k;
  }
  // The health events are marked on the load chart.
  ASSERT_EQ(nlb["health_events"].size(), 2u);
  const std::string svg = read_text(plots / "balancer_load-nlb.svg");
  EXPECT_NE(svg.find("consumer-2 unhealthy"), std::string::npos);
  EXPECT_NE(svg.find("consumer-2 healthy"), std::string::npos);
  // The bill accumulates to its total, never going down.
  const auto cost = read_dat(plots / "cost.dat");
  ASSERT_EQ(cost.size(), 1u);
  for (std::size_t b = 1; b < cost[0].size(); ++b) EXPECT_GE(cost[0][b].second, cost[0][b - 1].second);
  EXPECT_NEAR(cost[0].back().second, report["cost"]["total_usd"].get<double>(), 1e-6);
}

TEST(Plots, ConcurrencyScalingClustersOverTime) {
  testing::TempDir dir;
  const auto r =
      run_rsim("run " + kSource + "/models/scenarios/traditional.json --out " + dir.path().string() +
               " --plots --quiet --set 'endpoints[1].wlm={\"queues\": [{\"slots\": 2, "
               "\"memory_percent\": 100, \"concurrency_scaling\": \"auto\"}]}'");
  ASSERT_EQ(r.code, 0) << r.output;
  const nlohmann::json report = read_json(dir.path() / "report.json");
  expect_images(dir.path() / "plots", "capacity");
  const auto clusters = read_dat(dir.path() / "plots" / "capacity.dat");
  ASSERT_EQ(clusters.size(), 1u);  // only the sales cluster scaled
  const auto& cs = report["endpoints"][1]["concurrency_scaling"];
  ASSERT_GT(cs["activations"].get<int>(), 0);
  double cluster_s = 0, peak = 0;
  for (const auto& [x, n] : clusters[0]) {
    cluster_s += n * report["timeline"]["bin_minutes"].get<double>() * 60.0;
    peak = std::max(peak, n);
  }
  EXPECT_LE(peak, cs["peak_clusters"].get<double>());
  EXPECT_GT(peak, 0.0);
  // A cluster is up (starting or attached) at least while it serves queries.
  EXPECT_GE(cluster_s, cs["busy_s"].get<double>());
}

TEST(Plots, CompareDrawsEveryScenarioOnOneCdf) {
  testing::TempDir dir;
  const auto r = run_rsim("compare " + kSource + "/models/scenarios/traditional.json " + kSource +
                          "/models/scenarios/golden.json --out " + dir.path().string() + " --plots --quiet");
  ASSERT_EQ(r.code, 0) << r.output;
  expect_images(dir.path() / "plots", "latency_cdf");
  const auto cdf = read_dat(dir.path() / "plots" / "latency_cdf.dat");
  ASSERT_EQ(cdf.size(), 2u);
  for (const auto& [i, name] : {std::pair{0, "traditional"}, {1, "golden"}}) {
    const auto report = read_json(dir.path() / name / "report.json");
    for (const auto& [ms, q] : cdf[static_cast<std::size_t>(i)]) {
      if (std::abs(q - 0.95) < 1e-12) {
        EXPECT_DOUBLE_EQ(ms, report["overall"]["latency_ms"]["p95"].get<double>());
      }
    }
    for (const std::string chart : {"running-", "cost-", "queue_wait-"})
      expect_images(dir.path() / "plots", chart + name);
  }
}

TEST(Plots, SweepParetoFrontIsTheSweeps) {
  testing::TempDir dir;
  const auto r = run_rsim("sweep " + kSource + "/models/experiments/golden_capacity_sweep.json --out " +
                          dir.path().string() + " --plots --quiet");
  ASSERT_EQ(r.code, 0) << r.output;
  expect_images(dir.path() / "plots", "pareto");
  const auto sweep = read_json(dir.path() / "sweep.json");
  const auto blocks = read_dat(dir.path() / "plots" / "pareto.dat");
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].size(), sweep["variants"].size());
  const auto& front = sweep["pareto"]["front"];
  ASSERT_EQ(blocks[1].size(), front.size());
  for (std::size_t k = 0; k < front.size(); ++k) {
    const auto& v = sweep["variants"][front[k].get<std::size_t>()];
    EXPECT_DOUBLE_EQ(blocks[1][k].first, v["metrics"]["latency_p95_ms"]["value"].get<double>());
    EXPECT_DOUBLE_EQ(blocks[1][k].second, v["metrics"]["cost_per_day_usd"]["value"].get<double>());
  }
}

TEST(Plots, CalibrationPredictedAgainstObserved) {
  testing::TempDir dir;
  const auto profile = dir.path() / "profile.json";
  const auto r = run_rsim("calibrate " + kSource + "/workloads/examples/airline_day.csv --out " +
                          profile.string() + " --plots");
  ASSERT_EQ(r.code, 0) << r.output;
  expect_images(dir.path() / "profile_plots", "calibration");
  const auto v = read_json(profile)["validation"];
  const auto blocks = read_dat(dir.path() / "profile_plots" / "calibration.dat");
  ASSERT_GE(blocks.size(), 2u);  // latency and execution (queue waits of 0 cannot sit on a log axis)
  for (const auto& [x, y] : blocks[0]) {
    bool found = false;
    for (const char* q : {"p50", "p90", "p95", "p99"}) {
      found |= v["latency_ms"]["observed"][q].get<double>() == x &&
               v["latency_ms"]["predicted"][q].get<double>() == y;
    }
    EXPECT_TRUE(found) << x << " " << y;
  }
}

// Without gnuplot, --plots is a clear error (exit 2) and nothing is written: not the report either.
TEST(Plots, MissingGnuplotIsAnErrorAndWritesNothing) {
  testing::TempDir dir;
  const std::string cmd = std::string("PATH=/nonexistent ") + testing::rsim_binary() + " run " + kSource +
                          "/models/scenarios/example.json --out " + (dir.path() / "out").string() +
                          " --plots 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string output;
  char buf[4096];
  while (const std::size_t n = fread(buf, 1, sizeof buf, p)) output.append(buf, n);
  const int status = pclose(p);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2) << output;
  EXPECT_NE(output.find("plots need gnuplot"), std::string::npos) << output;
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

}  // namespace
}  // namespace rsim
