// The classic WLM trade-off (issue 3), seen in the report: more slots in a queue lower queue wait, but each
// query then runs slower (the cluster is shared by more queries) and gets less memory, so more queries spill.
#include <gtest/gtest.h>

#include "sim/run/replication.h"
#include "sim/run/report.h"
#include "tests/support/run_helpers.h"
#include "tests/support/sources.h"

namespace rsim {
namespace {

nlohmann::json queue_report(int slots) {
  SymbolTable symbols;
  PoissonWorkload w;
  w.rate_per_s = 1.3;
  w.work = WorkDistribution::kLognormal;
  w.mean_work_ms = 1000;
  w.queries = 50'000;
  PoissonSource poisson(w, RandomStream(1, "workload", "arrivals"), RandomStream(1, "workload", "work"));
  // 20,000 MB peak: fits a slot of 196,608 MB / 5, not one of 196,608 MB / 15.
  testing::TaggedSource src(poisson, "", [](Query& q) { q.peak_mem_mb = 20'000; });
  const Scenario s =
      testing::scenario_from(R"({"name": "slots", "endpoints": [{"name": "c", "kind": "provisioned",
      "node_type": "ra3.4xlarge", "nodes": 2, "sqa": {"enabled": false}, "result_cache": "off",
      "wlm": {"queues": [{"name": "analytics", "memory_percent": 100, "slots": )" +
                             std::to_string(slots) + "}]}}]}");
  const auto r = run_replication(s, src, symbols, 1);
  return replication_metrics(r, s)["endpoints"][0]["queues"][0];
}

TEST(SlotsTradeoff, MoreSlotsLessQueueingSlowerExecutionMoreSpill) {
  const auto five = queue_report(5);
  const auto fifteen = queue_report(15);
  const double q5 = five["queue_ms"]["mean"].get<double>(), q15 = fifteen["queue_ms"]["mean"].get<double>();
  const double e5 = five["exec_ms"]["mean"].get<double>(), e15 = fifteen["exec_ms"]["mean"].get<double>();
  RecordProperty("queue_ms_5_slots", std::to_string(q5));
  RecordProperty("queue_ms_15_slots", std::to_string(q15));
  RecordProperty("exec_ms_5_slots", std::to_string(e5));
  RecordProperty("exec_ms_15_slots", std::to_string(e15));
  EXPECT_LT(q15, 0.5 * q5) << "more slots should cut queue wait";
  EXPECT_GT(e15, 1.2 * e5) << "more slots should slow each query (processor sharing and spill)";
  EXPECT_EQ(five["spilled"].get<int>(), 0);
  EXPECT_EQ(fifteen["spilled"].get<int>(), 50'000);
}

}  // namespace
}  // namespace rsim
