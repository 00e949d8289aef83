// A sweep or optimisation over capacity refuses work that would not scale (issue 19, item 1): a node sweep
// over a trace without observed_capacity was flat, and the optimiser picked the smallest cluster.
#include "sim/experiment/capacity_what_if.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/experiment/optimizer.h"
#include "sim/experiment/sweep.h"
#include "sim/io/input_error.h"
#include "tests/support/temp_dir.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;

// 300 queries of 2 s, one every 10 s, without observed_capacity.
std::string trace() {
  std::string csv = "query_id,arrival,exec_ms\n";
  for (int i = 0; i < 300; ++i)
    csv += "q" + std::to_string(i) + "," + std::to_string(1772496000 + 10 * i) + ",2000\n";
  return csv;
}

std::string sweep(const testing::TempDir& dir, const std::string& set) {
  dir.write("trace.csv", trace());
  dir.write("cluster.json", R"({"name": "c", "endpoints": [{"name": "c", "kind": "provisioned",
    "node_type": "ra3.4xlarge", "nodes": 2}]})");
  return R"({"schema_version": 1, "name": "nodes", "scenario": "cluster.json", "trace": "trace.csv",)" + set +
         R"("dimensions": [{"name": "nodes", "path": "endpoints[0].nodes", "values": [2, 8]}]})";
}

TEST(CapacityWhatIf, OverridesThatChangeCapacityAreKnown) {
  EXPECT_TRUE(changes_capacity("endpoints[0].nodes=4"));
  EXPECT_TRUE(changes_capacity("endpoints[sales].node_type=\"ra3.16xlarge\""));
  EXPECT_TRUE(changes_capacity("endpoints[1].base_rpu=32"));
  EXPECT_TRUE(changes_capacity("endpoints[1].max_rpu=512"));
  EXPECT_FALSE(changes_capacity("endpoints[0].wlm.queues[0].slots=4"));
  EXPECT_FALSE(changes_capacity("load_balancers[0].policy=\"random\""));
  EXPECT_FALSE(changes_capacity("work.nodes=2"));
}

TEST(CapacityWhatIf, ANodeSweepOverUnscaledWorkIsRefusedNamingTheSetting) {
  testing::TempDir dir;
  const SweepSpec spec = load_sweep(dir.write("s.json", sweep(dir, "")));
  try {
    execute_sweep(spec, ExecutionOptions{1, nullptr});
    FAIL() << "a flat node sweep passed";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("s.json: dimension \"nodes\" changes endpoint capacity"));
    EXPECT_THAT(e.what(), HasSubstr("300 of the trace's 300 queries"));
    EXPECT_THAT(e.what(), HasSubstr("work.default_observed_capacity"));
  }
  // Named, the work scales: eight nodes are faster than two.
  const SweepSpec named = load_sweep(
      dir.write("named.json", sweep(dir, R"("set": {"work.default_observed_capacity": "ra3.4xlarge:2"},)")));
  const SweepResult r = execute_sweep(named, ExecutionOptions{1, nullptr});
  ASSERT_EQ(r.outcomes.size(), 2u);
  EXPECT_LT(r.outcomes[1].report["overall"]["latency_ms"]["p50"].get<double>(),
            r.outcomes[0].report["overall"]["latency_ms"]["p50"].get<double>());
}

TEST(CapacityWhatIf, TheOptimiserRefusesItToo) {
  testing::TempDir dir;
  std::string spec = sweep(dir, "");
  spec.replace(spec.find(R"("dimensions")"), 0,
               R"("service_levels": [{"metric": "overall.latency_ms.p95", "max": 100000}],)");
  spec.replace(spec.find(R"("values": [2, 8])"), 0, R"("more_is_faster": true, "more_is_costlier": true, )");
  const OptimizeSpec o = load_optimize_spec(dir.write("o.json", spec));
  EXPECT_THROW(execute_optimize(o, ExecutionOptions{1, nullptr}, true), InputError);
}

}  // namespace
}  // namespace rsim
