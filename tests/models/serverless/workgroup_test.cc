// A serverless workgroup run through the engine (models/model.md section 5): bills by hand, scaling up under
// queueing and back down when quiet, and the trade of queue wait against cost as max capacity rises.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/run/replication.h"
#include "sim/run/report.h"
#include "tests/support/query_log.h"
#include "tests/support/run_helpers.h"
#include "tests/support/scenario_errors.h"
#include "tests/support/sources.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;
using testing::make_query;
constexpr SimTime kS = 1'000'000;

std::string workgroup(const std::string& keys) {
  return R"({"name": "w", "endpoints": [{"name": "wg", "kind": "serverless", )" + keys + "}]}";
}

nlohmann::json run_list(const std::string& scenario_json, std::vector<Query> qs,
                        testing::QueryLog* log = nullptr) {
  const Scenario s = testing::scenario_from(scenario_json);
  SymbolTable symbols;
  testing::ListSource src(std::move(qs));
  return replication_metrics(run_replication(s, src, symbols, 1, log), s);
}

TEST(Workgroup, OneTenSecondQueryAt8RpuCostsTheMinimum) {
  const auto m = run_list(workgroup(R"("base_rpu": 8)"), {make_query("a", 100 * kS, 10'000)});
  const auto& e = m["endpoints"][0];
  EXPECT_EQ(e["kind"], "serverless");
  EXPECT_EQ(e["rpu_seconds"], 80);
  EXPECT_EQ(e["charged_rpu_seconds"], 480);
  EXPECT_EQ(e["capacity"]["base_rpu"], 8);
  // 480 RPU-s = 0.1333 RPU-hours at $0.375 (us-east-1) = $0.05.
  EXPECT_NEAR(m["cost"]["total_usd"].get<double>(), 0.05, 1e-9);
  EXPECT_EQ(m["cost"]["items"][0]["meter"], "rpu_hours");
}

TEST(Workgroup, ADayOfKeepAlivesThroughTheEngine) {
  // A 1 ms statement every 5 minutes keeps an otherwise idle 8 RPU workgroup billed: 288 minimum charges.
  std::vector<Query> probes;
  for (int i = 0; i < 288; ++i) probes.push_back(make_query("k" + std::to_string(i), i * 300 * kS, 1));
  for (const char* billing : {"per_second_min60", "per_active_minute"}) {
    const auto m =
        run_list(workgroup(R"("base_rpu": 8, "billing": ")" + std::string(billing) + "\""), probes);
    EXPECT_NEAR(m["endpoints"][0]["charged_rpu_seconds"].get<double>(), 138'240, 1e-6) << billing;
    EXPECT_NEAR(m["cost"]["total_usd"].get<double>(), 14.40, 1e-6) << billing;
  }
}

TEST(Workgroup, ScalesUpWhileQueriesWaitAndDownWhenQuiet) {
  // Two slots, six 60 s queries at once: four wait, so the workgroup steps up 8 RPU every 10 s (to 32). A
  // query at one hour keeps the run going through the quiet period: it steps back down, a step a minute.
  const std::string json = workgroup(R"("base_rpu": 8, "max_rpu": 32, "slots": 2, "concurrency_exponent": 1,
      "scaling": {"up_delay_s": 10, "down_quiet_s": 60, "step_rpu": 8})");
  std::vector<Query> qs;
  for (int i = 0; i < 6; ++i) qs.push_back(make_query("q" + std::to_string(i), 0, 60'000));
  qs.push_back(make_query("late", 3600 * kS, 1'000));
  testing::QueryLog log;
  const auto m = run_list(json, qs, &log);
  const auto& cap = m["endpoints"][0]["capacity"];
  EXPECT_EQ(cap["peak_rpu"], 32);
  EXPECT_EQ(cap["scale_ups"], 3);
  EXPECT_EQ(cap["scale_downs"], 3);
  EXPECT_GT(cap["mean_rpu"].get<double>(), 8);
  EXPECT_LT(cap["mean_rpu"].get<double>(), 32);
  // The first two ran 10 s at 8 RPU, 10 s at 16 and 10 s at 24, then at 32: faster than 60 s.
  const SimTime first_end = log.queries.at("q0").end;
  EXPECT_LT(first_end, 60 * kS);
  // Speed at C relative to the 8 RPU base (serial fraction 0.1): 1 / (0.1 + 0.9 * 8 / C).
  auto speed = [](double c) { return 1.0 / (0.1 + 0.9 * 8.0 / c); };
  const double done_by_30s = 10 * (speed(8) + speed(16) + speed(24));
  EXPECT_NEAR(static_cast<double>(first_end) / kS, 30 + (60 - done_by_30s) / speed(32), 1e-3);
  // The late query ran at the base again.
  EXPECT_EQ(log.queries.at("late").end - log.queries.at("late").arrival, 1 * kS);
}

TEST(Workgroup, HigherMaxCapacityLowersQueueWaitAndRaisesCost) {
  // Arrivals at 3.5 times what four slots at the 8 RPU base serve: the workgroup must scale. Amdahl (serial
  // fraction 0.1) makes speed grow slower than capacity, so each step buys less wait for more money.
  double last_wait = 1e300, last_charged = 0;
  for (const int max_rpu : {8, 16, 24, 32, 40, 48, 64}) {
    const Scenario s =
        testing::scenario_from(workgroup(R"("base_rpu": 8, "max_rpu": )" + std::to_string(max_rpu) +
                                         R"(, "slots": 4, "concurrency_exponent": 1)"));
    PoissonWorkload w;
    w.rate_per_s = 14;
    w.mean_work_ms = 1000;
    w.queries = 50'000;
    const auto r = testing::run_poisson(s, w, 3);
    const double wait = r.recorder->overall().queue.summary.mean();
    const double charged = r.meters[0].workgroup->usage.charged_rpu_seconds;
    RecordProperty("max_rpu_" + std::to_string(max_rpu), std::to_string(wait / 1e6) + " s wait, " +
                                                             std::to_string(charged) + " RPU-s, peak " +
                                                             std::to_string(r.meters[0].workgroup->peak_rpu));
    EXPECT_LT(wait, last_wait) << "max_rpu " << max_rpu;
    EXPECT_GT(charged, last_charged) << "max_rpu " << max_rpu;
    last_wait = wait;
    last_charged = charged;
  }
}

TEST(Workgroup, RejectsImpossibleSettingsNamingTheKey) {
  const auto error_of = [](const std::string& keys) {
    return testing::scenario_error(workgroup(keys), "s.json");
  };
  EXPECT_THAT(error_of(R"("base_rpu": 6)"),
              HasSubstr("$.endpoints[0].base_rpu: 6 RPU is not a base capacity"));
  EXPECT_EQ(error_of(R"("base_rpu": 544)"),
            "");  // us-east-1 offers bases above 512 (rpu_grid_test: elsewhere not)
  EXPECT_THAT(error_of(R"("base_rpu": 64, "max_rpu": 32)"), HasSubstr("max_rpu 32 is below base_rpu 64"));
  EXPECT_THAT(error_of(R"("base_rpu": 64, "max_rpu": 100)"), HasSubstr("$.endpoints[0].max_rpu: 100 RPU"));
  EXPECT_THAT(error_of(R"("billing": "hourly")"), HasSubstr("billing"));
  EXPECT_THAT(error_of(R"("scaling": {"up_delay": 5})"), HasSubstr("up_delay"));
  EXPECT_THAT(error_of(R"("node_type": "ra3.4xlarge")"), HasSubstr("node_type"));
}

}  // namespace
}  // namespace rsim
