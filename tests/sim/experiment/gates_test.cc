// `rsim check`: the shipped gates pass; a deliberately worse balancing policy fails with messages naming the
// metric, its value and the threshold; JUnit XML; baselines; thresholds' arithmetic.
#include "sim/experiment/gates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <sstream>

#include "sim/io/input_error.h"
#include "tests/support/build_paths.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;
const std::filesystem::path kSource = testing::source_dir();
const std::filesystem::path kGates = kSource / "models/experiments/golden_balancing_gates.json";
// Weighted placement sending four connections in six to the first consumer.
const std::vector<std::string> kSkewed = {"load_balancers[0].policy=weighted",
                                          "load_balancers[0].weights=[4,1,1]"};

TEST(Gates, TheShippedGatesPass) {
  GatesSpec spec = load_gates(kGates);
  read_baseline(spec);
  const CheckResult r = execute_check(spec, ExecutionOptions{2, nullptr});
  EXPECT_TRUE(r.passed()) << check_summary(spec, r);
  EXPECT_EQ(r.verdicts.size(), 10u);
}

TEST(Gates, AWorseBalancingPolicyFailsNamingMetricValueAndThreshold) {
  GatesSpec spec = load_gates(kGates, kSkewed);
  read_baseline(spec);
  const CheckResult r = execute_check(spec, ExecutionOptions{2, nullptr});
  EXPECT_FALSE(r.passed());
  const std::string summary = check_summary(spec, r);
  EXPECT_THAT(summary,
              HasSubstr("FAIL  golden-day: load_balancers[nlb].imbalance = 2.10273, above the maximum 1.25"));
  EXPECT_THAT(summary,
              HasSubstr("FAIL  golden-day: overall.latency_ms.p95 = 58130.432, +3.99% against the baseline "
                        "55902.208 (allowed: +3%)"));
  EXPECT_THAT(summary, HasSubstr("golden-balancing: 2 gates, 10 thresholds, 5 failed"));
  // Cheaper is no failure: cost has only an upper bound.
  EXPECT_THAT(summary,
              HasSubstr("pass  golden-day: cost.per_day_usd = 655.492347, -7.80% against the baseline"));

  const std::string xml = junit_xml(spec, r);
  EXPECT_THAT(xml,
              HasSubstr("<testsuites name=\"rsim check golden-balancing\" tests=\"10\" failures=\"5\">"));
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"golden-day\" tests=\"7\" failures=\"4\""));
  EXPECT_THAT(
      xml, HasSubstr("<testcase classname=\"golden-day\" name=\"load_balancers[nlb].imbalance max 1.25\""));
  EXPECT_THAT(xml,
              HasSubstr("<failure type=\"threshold\" message=\"golden-day: load_balancers[nlb].imbalance = "
                        "2.10273, above the maximum 1.25\">"));
  // Well-formed XML: a real parser reads it back, with the failure's message intact.
  boost::property_tree::ptree tree;
  std::istringstream in(xml);
  ASSERT_NO_THROW(boost::property_tree::read_xml(in, tree));
  std::size_t cases = 0, failures = 0;
  for (const auto& [tag, suite] : tree.get_child("testsuites")) {
    if (tag != "testsuite") continue;
    for (const auto& [t, c] : suite) {
      if (t != "testcase") continue;
      ++cases;
      if (const auto f = c.get_child_optional("failure")) {
        ++failures;
        EXPECT_THAT(f->get<std::string>("<xmlattr>.message"),
                    HasSubstr(c.get<std::string>("<xmlattr>.classname")));
      }
    }
  }
  EXPECT_EQ(cases, 10u);
  EXPECT_EQ(failures, 5u);
}

TEST(Gates, ThresholdArithmetic) {
  Threshold up{"m", Threshold::Kind::kMaxIncreasePct, 5, 100.0};
  EXPECT_TRUE(judge(up, 105, "g").passed);
  EXPECT_FALSE(judge(up, 105.01, "g").passed);
  Threshold down{"m", Threshold::Kind::kMaxDecreasePct, 10, 200.0};
  EXPECT_TRUE(judge(down, 180, "g").passed);
  EXPECT_FALSE(judge(down, 179.9, "g").passed);
  EXPECT_THAT(judge(down, 179.9, "g").message, HasSubstr("-10.05% against the baseline 200 (allowed: -10%)"));
  Threshold zero{"m", Threshold::Kind::kMaxIncreasePct, 50, 0.0};
  EXPECT_TRUE(judge(zero, 0, "g").passed);
  EXPECT_TRUE(judge(zero, -1, "g").passed);
  EXPECT_THAT(judge(zero, -1, "g").message, HasSubstr("-inf%"));
  EXPECT_FALSE(judge(zero, 0.001, "g").passed);
  Threshold floor{"m", Threshold::Kind::kMin, 2, std::nullopt};
  EXPECT_THAT(judge(floor, 1.5, "g").message, HasSubstr("g: m = 1.5, below the minimum 2"));
}

TEST(Gates, MissingBaselinesAndBadThresholdsAreInputErrors) {
  testing::TempDir dir;
  const auto write_gates = [&](const std::string& thresholds, const std::string& extra = "") {
    return dir.write("gates.json", R"({"schema_version": 1, )" + extra +
                                       R"("gates": [{"name": "g", "scenario": ")" +
                                       (kSource / "models/scenarios/golden.json").string() +
                                       R"(", "thresholds": [)" + thresholds + "]}]}");
  };
  const auto error = [](const std::function<void()>& f) {
    try {
      f();
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(error([&] {
                GatesSpec s =
                    load_gates(write_gates(R"({"metric": "overall.latency_ms.p95", "max_increase_pct": 3})"));
                read_baseline(s);
              }),
              AllOf(HasSubstr("relative thresholds need a \"baseline\""), HasSubstr("--update-baseline")));
  EXPECT_THAT(error([&] {
                GatesSpec s =
                    load_gates(write_gates(R"({"metric": "overall.latency_ms.p95", "max_increase_pct": 3})",
                                           R"("baseline": "b.json", )"));
                read_baseline(s);
              }),
              AllOf(HasSubstr("b.json does not exist"), HasSubstr("--update-baseline")));
  EXPECT_THAT(
      error([&] { load_gates(write_gates(R"({"metric": "overall.latency_ms.p95", "max": 3, "min": 1})")); }),
      HasSubstr("exactly one of"));
  EXPECT_THAT(error([&] { load_gates(write_gates(R"({"metric": "overall.latency_ms.p95", "maxx": 3})")); }),
              HasSubstr("maxx"));
  EXPECT_THAT(error([&] { load_gates(write_gates(R"({"metric": "overall.latency_ms[", "max": 3})")); }),
              AllOf(HasSubstr("thresholds[0].metric"), HasSubstr("'[' without ']'")));
  // A path that parses but addresses nothing fails when the report is read, naming the gate.
  EXPECT_THAT(error([&] {
                execute_check(load_gates(write_gates(R"({"metric": "overall.latency_ms.p96", "max": 3})")),
                              ExecutionOptions{1, nullptr});
              }),
              AllOf(HasSubstr("gate \"g\", thresholds[0]"), HasSubstr("no \"p96\"")));
}

TEST(CheckCli, FailsWithExitOneAndWritesJunit) {
  testing::TempDir dir;
  const auto pass =
      testing::run_rsim("check " + kGates.string() + " --junit " + (dir.path() / "ok.xml").string());
  EXPECT_EQ(pass.code, 0) << pass.output;
  EXPECT_THAT(testing::read_file(dir.path() / "ok.xml"), HasSubstr("failures=\"0\""));

  const auto fail = testing::run_rsim(
      "check " + kGates.string() + " --set load_balancers[0].policy=weighted" +
      " --set 'load_balancers[0].weights=[4,1,1]' -q --junit " + (dir.path() / "bad.xml").string());
  EXPECT_EQ(fail.code, 1);
  EXPECT_THAT(fail.output,
              HasSubstr("FAIL  golden-day: load_balancers[nlb].imbalance = 2.10273, above the maximum 1.25"));
  EXPECT_THAT(fail.output, ::testing::Not(HasSubstr("pass  ")));  // -q: the failures and the summary line
  EXPECT_THAT(testing::read_file(dir.path() / "bad.xml"), HasSubstr("failures=\"5\""));
}

TEST(CheckCli, UpdateBaselineRecordsTheValuesThenPasses) {
  testing::TempDir dir;
  const std::string gates =
      R"({"schema_version": 1, "baseline": "base.json", "gates": [{"name": "g", "scenario": ")" +
      (kSource / "models/scenarios/golden.json").string() +
      R"(", "thresholds": [{"metric": "overall.latency_ms.p99", "max_increase_pct": 1}]}]})";
  const auto file = dir.write("gates.json", gates);
  EXPECT_EQ(testing::run_rsim("check " + file.string()).code, 2);
  const auto update = testing::run_rsim("check " + file.string() + " --update-baseline");
  ASSERT_EQ(update.code, 0) << update.output;
  const auto base = nlohmann::json::parse(testing::read_file(dir.path() / "base.json"));
  EXPECT_EQ(base["gates"]["g"]["overall.latency_ms.p99"], 205258.752);
  EXPECT_EQ(testing::run_rsim("check " + file.string()).code, 0);
  // A baseline records the gates as pinned, and only from a run that meets the absolute bounds.
  EXPECT_EQ(
      testing::run_rsim("check " + file.string() + " --update-baseline --set load_balancers[0].policy=random")
          .code,
      2);
  std::string strict = gates;
  strict.replace(strict.find("]}]}"), 4, R"(, {"metric": "overall.latency_ms.p50", "max": 1}]}]})");
  dir.write("gates.json", strict);
  const auto refused = testing::run_rsim("check " + file.string() + " --update-baseline");
  EXPECT_EQ(refused.code, 1);
  EXPECT_THAT(refused.output, HasSubstr("above the maximum 1"));
  EXPECT_EQ(nlohmann::json::parse(testing::read_file(dir.path() / "base.json")), base);
}

}  // namespace
}  // namespace rsim
