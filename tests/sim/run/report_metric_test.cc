// Addressing report values by path: keys, indices, labels, KEY=VALUE selectors, and errors that say what
// exists.
#include "sim/run/report_metric.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/io/input_error.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;

const nlohmann::json kReport = nlohmann::json::parse(R"({
  "overall": {"latency_ms": {"p95": 12.5, "mean": 3}},
  "domains": [{"domain": "operations", "latency_ms": {"p99": 7}}, {"domain": "sales", "latency_ms": {"p99": 9}}],
  "load_balancers": [{"name": "nlb", "policy": "flow_hash", "imbalance": 1.25}],
  "cost": {"per_day_usd": 710.5, "items": [{"component": "producer", "meter": "node_hours", "usd": 1},
                                           {"component": "producer", "meter": "storage", "usd": 2}]}
})");

std::string error_of(std::string_view path) {
  try {
    report_metric(kReport, path, "gates.json: gates[0]");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ReportMetric, FollowsKeysIndicesAndLabels) {
  EXPECT_EQ(report_metric(kReport, "overall.latency_ms.p95", ""), 12.5);
  EXPECT_EQ(report_metric(kReport, "cost.per_day_usd", ""), 710.5);
  EXPECT_EQ(report_metric(kReport, "domains[1].latency_ms.p99", ""), 9);
  EXPECT_EQ(report_metric(kReport, "domains[sales].latency_ms.p99", ""), 9);
  EXPECT_EQ(report_metric(kReport, "domains[domain=operations].latency_ms.p99", ""), 7);
  EXPECT_EQ(report_metric(kReport, "load_balancers[nlb].imbalance", ""), 1.25);
  EXPECT_EQ(report_metric(kReport, "load_balancers[policy=flow_hash].imbalance", ""), 1.25);
}

TEST(ReportMetric, ErrorsNameTheStepAndWhatExists) {
  EXPECT_THAT(error_of("overall.latency_ms.p96"),
              AllOf(HasSubstr("gates.json: gates[0]"), HasSubstr("no \"p96\" in overall.latency_ms"),
                    HasSubstr("p95")));
  EXPECT_THAT(error_of("domains[finance].latency_ms.p99"),
              AllOf(HasSubstr("no element [finance] in domains"), HasSubstr("\"operations\", \"sales\"")));
  EXPECT_THAT(error_of("domains[5].latency_ms"), HasSubstr("has 2 elements"));
  EXPECT_THAT(error_of("overall.latency_ms"), HasSubstr("is object, not a number"));
  EXPECT_THAT(error_of("load_balancers[nlb].policy"), HasSubstr("is string, not a number"));
  EXPECT_THAT(error_of("overall[0]"), HasSubstr("is not a list"));
  EXPECT_THAT(error_of("cost.items[component=producer].usd"), HasSubstr("matches 2 elements of cost.items"));
  EXPECT_EQ(report_metric(kReport, "cost.items[meter=storage].usd", ""), 2);
}

TEST(ReportMetric, SyntaxErrorsAreFoundWithoutAReport) {
  for (const char* bad : {"", "overall..p95", "overall.", "domains[sales", "domains[]", ".overall", "a]b"}) {
    EXPECT_THROW(check_metric_path(bad, "spec"), InputError) << bad;
  }
  EXPECT_NO_THROW(check_metric_path("domains[sales].latency_ms.p99", "spec"));
}

}  // namespace
}  // namespace rsim
