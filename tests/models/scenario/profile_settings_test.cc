#include "models/scenario/profile_settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/io/input_error.h"
#include "tests/support/run_helpers.h"
#include "tests/support/temp_dir.h"

namespace rsim {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::scenario_from;

const char* kScenario = R"({"name": "s", "work": {"source": "predicted"}, "endpoints": [
    {"name": "wg", "kind": "serverless", "base_rpu": 8, "max_rpu": 64},
    {"name": "c", "kind": "provisioned", "node_type": "ra3.4xlarge", "nodes": 2}],
    "routing": [{"match": {"query_type": "copy"}, "to": "c"}, {"to": "wg"}]})";

std::string profile(const std::string& extra = "") {
  return R"({"schema_version": 1, "kind": "rsim calibration profile", "fitted_from": {},
    "work": {"by_type": {
        "select": {"queries": 900, "overhead_ms": 180, "scan_mb_per_s_per_rpu": 90, "calibrated": true,
                   "scan_calibrated": true},
        "copy": {"queries": 3, "overhead_ms": 1000, "scan_mb_per_s_per_rpu": 125, "calibrated": false,
                 "scan_calibrated": false}},
      "serial_fraction": 0.25, "serial_fraction_calibrated": true},
    "concurrency_exponent": 0.45, "spill_penalty": 2.0, "spill_penalty_calibrated": true,
    "residual_log_sd": 0.2, "validation": {},
    "serverless_scaling": {"base_rpu": 8, "max_rpu": 32, "step_rpu": 16, "rises": 4, "falls": 4,
                           "up_delay_s": 25, "down_quiet_s": null})" +
         extra + "}";
}

TEST(ProfileSettings, CalibratedParametersReplaceTheDefaultsAndTheirAssumptions) {
  testing::TempDir dir;
  Scenario s = scenario_from(kScenario);
  ASSERT_THAT(s.defaulted, Contains("$.endpoints[0].concurrency_exponent = 0.3"));
  apply_profile(dir.write("p.json", profile()), s);
  EXPECT_EQ(s.work.overhead_ms[0], 180);
  EXPECT_EQ(*s.work.scan_mb_per_s_per_rpu_by_type[0], 90);
  EXPECT_EQ(s.work.overhead_ms[static_cast<std::size_t>(QueryType::kCopy)], 1000);  // not calibrated: kept
  EXPECT_FALSE(s.work.scan_mb_per_s_per_rpu_by_type[static_cast<std::size_t>(QueryType::kCopy)]);
  EXPECT_EQ(s.work.serial_fraction, 0.25);
  EXPECT_EQ(s.work.noise_log_sd, 0.2);
  for (const auto& e : s.endpoints) {
    EXPECT_EQ(e.concurrency_exponent, 0.45);
    EXPECT_EQ(e.spill_penalty, 2.0);
  }
  EXPECT_EQ(s.endpoints[0].serverless.serial_fraction, 0.25);
  EXPECT_EQ(s.endpoints[0].serverless.scaling.step_rpu, 16);
  EXPECT_EQ(s.endpoints[0].serverless.scaling.up_delay_s, 25);
  EXPECT_EQ(s.endpoints[0].serverless.scaling.down_quiet_s, 300);  // null: the default stays
  for (const std::string gone :
       {"concurrency_exponent", "work.serial_fraction = ", "overhead_ms.select", "scaling.up_delay_s"}) {
    for (const auto& d : s.defaulted) EXPECT_THAT(d, Not(HasSubstr(gone)));
  }
  EXPECT_THAT(s.defaulted, Contains(HasSubstr("overhead_ms.copy")));
  EXPECT_THAT(s.defaulted, Contains(HasSubstr("scaling.down_quiet_s")));
}

TEST(ProfileSettings, AnUnknownKeyOrAnotherSchemaIsAnErrorNamingIt) {
  testing::TempDir dir;
  Scenario s = scenario_from(kScenario);
  try {
    apply_profile(dir.write("p.json", profile(R"(, "concurency_exponent": 0.5)")), s);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("p.json"));
    EXPECT_THAT(e.what(), HasSubstr("concurency_exponent"));
  }
  std::string v2 = profile();
  v2.replace(v2.find("\"schema_version\": 1"), 19, "\"schema_version\": 2");
  EXPECT_THROW(apply_profile(dir.write("v2.json", v2), s), InputError);
}

}  // namespace
}  // namespace rsim
