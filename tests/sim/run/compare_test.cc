// The comparison rows of `rsim compare`, from reports made by hand.
#include "sim/run/compare.h"

#include <gtest/gtest.h>

namespace rsim {
namespace {

using nlohmann::json;

json report(double p50, double queue, double per_day, double imbalance, bool with_balancer) {
  json r = {{"overall",
             {{"queries", 1000},
              {"aborted", 0},
              {"latency_ms", {{"p50", p50}, {"p95", 2 * p50}, {"p99", 4 * p50}}},
              {"queue_ms", {{"mean", queue}}},
              {"exec_ms", {{"mean", p50}}}}},
            {"domains", json::array({{{"domain", "sales"}, {"latency_ms", {{"p95", 3 * p50}}}}})},
            {"endpoints", json::array()},
            {"cost", {{"per_day_usd", per_day}, {"total_usd", per_day / 2}}}};
  if (with_balancer) r["load_balancers"] = json::array({{{"imbalance", imbalance}}});
  return r;
}

const json& row(const json& c, const std::string& metric) {
  for (const auto& r : c["rows"]) {
    if (r["metric"] == metric) return r;
  }
  static const json none;
  ADD_FAILURE() << "no row " << metric;
  return none;
}

TEST(Compare, WinnerIsTheLowerValueWithItsMarginOverTheRunnerUp) {
  const json c = compare_reports(
      {"a", "b", "c"},
      {report(100, 10, 600, 0, false), report(80, 10, 700, 1.3, true), report(90, 5, 500, 0, false)});
  const json& p50 = row(c, "latency p50");
  EXPECT_EQ(p50["winner"], "b");
  EXPECT_DOUBLE_EQ(p50["difference"].get<double>(), 10.0);  // c's 90 is the runner-up
  EXPECT_DOUBLE_EQ(p50["relative"].get<double>(), 10.0 / 90.0);
  EXPECT_EQ(row(c, "mean queue wait")["winner"], "c");
  EXPECT_EQ(row(c, "p95 latency, sales")["winner"], "b");
  EXPECT_EQ(row(c, "cost per day")["winner"], "c");
  EXPECT_DOUBLE_EQ(row(c, "cost per 1,000 queries")["values"][0].get<double>(), 300.0);
  // Imbalance exists only where a balancer (or data sharing) spreads queries: no winner across all three.
  EXPECT_TRUE(row(c, "imbalance (max / mean)")["values"][0].is_null());
  EXPECT_TRUE(row(c, "imbalance (max / mean)")["winner"].is_null());
  // Queries are the same workload, not a race.
  EXPECT_TRUE(row(c, "queries")["winner"].is_null());
}

TEST(Compare, ReportsLackingPartsGiveEmptyValuesNotACrash) {
  const json c = compare_reports({"a", "b"}, {json::object(), report(100, 10, 600, 1.1, true)});
  EXPECT_TRUE(row(c, "latency p50")["values"][0].is_null());
  EXPECT_TRUE(row(c, "latency p50")["winner"].is_null());
  EXPECT_DOUBLE_EQ(row(c, "p95 latency, sales")["values"][1].get<double>(), 300.0);
}

TEST(Compare, TiesHaveNoWinner) {
  const json c =
      compare_reports({"a", "b"}, {report(100, 10, 600, 1.1, true), report(100, 10, 600, 1.1, true)});
  for (const auto& r : c["rows"]) EXPECT_TRUE(r["winner"].is_null()) << r["metric"];
}

}  // namespace
}  // namespace rsim
