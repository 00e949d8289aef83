#include "models/compute/work_model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "models/scenario/scenario.h"
#include "tests/support/scenario_errors.h"

namespace rsim {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

Query scan_query(QueryType type, double mbytes) {
  Query q;
  q.type = type;
  q.mbytes_scanned = mbytes;
  return q;
}

TEST(WorkModel, PredictedWorkIsOverheadPlusScanAtTheCatalogsRate) {
  const NodeCatalog& catalog = NodeCatalog::builtin();
  EXPECT_DOUBLE_EQ(catalog.scan_mb_per_s_per_rpu(), 125.0);  // ra3.4xlarge: 2.0 GB/s over 16 RPU
  SymbolTable symbols;
  WorkModelConfig c;
  c.source = WorkSource::kPredicted;
  WorkModel model(c, symbols, catalog);
  // On the reference capacity (16): 20 ms + 2,000 MB / (125 MB/s x 16) = 1,020 ms.
  EXPECT_NEAR(model.exec_us(scan_query(QueryType::kSelect, 2000), 16.0), 1'020'000.0, 1e-6);
  // Twice the capacity, serial fraction 0.1: 1,020 x (0.1 + 0.9 / 2) = 561 ms.
  EXPECT_NEAR(model.exec_us(scan_query(QueryType::kSelect, 2000), 32.0), 561'000.0, 1e-6);
  // Without data scanned, the type's overhead only.
  EXPECT_NEAR(model.exec_us(scan_query(QueryType::kCopy, kAbsent), 16.0), 1'000'000.0, 1e-6);
  // A thousand times the data: the scan dominates.
  EXPECT_NEAR(model.exec_us(scan_query(QueryType::kSelect, 2'000'000), 16.0), 1'000'020'000.0, 1e-3);
}

TEST(WorkModel, ExchangeRateAssumptionMovesServerlessNotProvisionedPredictions) {
  // Doubling rpu_equivalent makes a node count as twice the RPUs: the same node scans at the same speed.
  const NodeCatalog doubled = NodeCatalog::builtin().scaled(2.0);
  EXPECT_DOUBLE_EQ(doubled.scan_mb_per_s_per_rpu(), 62.5);
  SymbolTable symbols;
  WorkModelConfig c;
  c.source = WorkSource::kPredicted;
  WorkModel base(c, symbols, NodeCatalog::builtin()), scaled(c, symbols, doubled);
  const Query q = scan_query(QueryType::kSelect, 5000);
  EXPECT_NEAR(base.exec_us(q, *NodeCatalog::builtin().capacity_of("ra3.4xlarge:2", nullptr)),
              scaled.exec_us(q, *doubled.capacity_of("ra3.4xlarge:2", nullptr)), 1e-6);
  EXPECT_GT(scaled.exec_us(q, 32.0), base.exec_us(q, 32.0));
}

TEST(WorkModel, ScenarioSelectsPredictedWorkAndListsItsDefaults) {
  const Scenario s = parse_scenario(R"({"name": "x", "work": {"source": "predicted",
      "predicted": {"overhead_ms": {"select": 5}}},
    "endpoints": [{"name": "e", "capacity_rpu": 16, "slots": 5}]})",
                                    "s.json");
  EXPECT_EQ(s.work.source, WorkSource::kPredicted);
  EXPECT_EQ(s.work.overhead_ms[0], 5.0);
  EXPECT_EQ(s.work.overhead_ms[4], 1000.0);
  EXPECT_THAT(s.defaulted, Contains(HasSubstr("$.work.predicted.scan_mb_per_s_per_rpu = 125")));
  EXPECT_THAT(s.defaulted, Contains(HasSubstr("$.work.predicted.overhead_ms.copy = 1000")));
  EXPECT_THAT(s.defaulted, ::testing::Not(Contains(HasSubstr("overhead_ms.select"))));

  const auto bad = [](const std::string& work) {
    return testing::scenario_error(R"({"name": "x", "work": )" + work +
                                       R"(, "endpoints": [{"name": "e", "capacity_rpu": 16, "slots": 5}]})",
                                   "s.json");
  };
  EXPECT_THAT(bad(R"({"source": "guessed"})"), HasSubstr("$.work.source"));
  EXPECT_THAT(bad(R"({"source": "predicted", "predicted": {"overhead_ms": {"merge": 1}}})"),
              HasSubstr("$.work.predicted.overhead_ms.merge"));
  EXPECT_THAT(bad(R"({"source": "predicted", "predicted": {"scan_mb_per_s_per_rpu": 0}})"),
              HasSubstr("$.work.predicted.scan_mb_per_s_per_rpu"));
}

}  // namespace
}  // namespace rsim
