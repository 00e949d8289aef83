// Data sharing (models/model.md section 7, models/catalog/facts.md 5): producer writes reach consumer result
// caches after the visibility delay; cross-region consumers pay transfer on what they scan.
#include "models/sharing/data_sharing.h"

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

std::string shared(const std::string& consumer_keys, const std::string& sharing) {
  return R"({"name": "ds", "endpoints": [
      {"name": "producer", "capacity_rpu": 64, "slots": 5},
      {"name": "consumer", "capacity_rpu": 32, "slots": 5)" +
         (consumer_keys.empty() ? R"(, "result_cache": "model")" : consumer_keys) + R"(}],
    "routing": [{"match": {"query_type": ["insert", "copy"]}, "to": "producer"}, {"to": "consumer"}],
    "data_sharing": )" +
         sharing + "}";
}

TEST(DataSharing, ProducerWritesReachConsumerCachesAfterTheVisibilityDelay) {
  const Scenario s =
      testing::scenario_from(shared("", R"({"producer": "producer", "visibility_delay_s": 5})"));
  SymbolTable symbols;
  const Symbol table = symbols.intern("core.flights");
  auto read = [&](const char* id, SimTime at) {
    Query q = make_query(id, at, 1000);
    q.fingerprint = 0x1234 | 1;
    q.read_tables = table;
    return q;
  };
  Query write = make_query("w", 20 * kS, 1000, QueryType::kInsert);
  write.write_tables = table;
  testing::ListSource src(
      {read("r1", 0), read("r2", 10 * kS), write, read("r3", 23 * kS), read("r4", 30 * kS)});
  testing::QueryLog log;
  const auto r = run_replication(s, src, symbols, 1, &log);
  EXPECT_FALSE(log.queries.at("r1").cache_hit);
  EXPECT_TRUE(log.queries.at("r2").cache_hit);
  EXPECT_EQ(log.queries.at("w").end, 21 * kS);  // committed at 21 s, visible on the consumer at 26 s
  EXPECT_TRUE(log.queries.at("r3").cache_hit) << "the write is not visible yet";
  EXPECT_FALSE(log.queries.at("r4").cache_hit) << "the write invalidated the cached result";
  EXPECT_EQ(r.sharing->writes_shared, 1u);
  // The write ran on the producer; reads on the consumer's own compute.
  EXPECT_EQ(log.queries.at("w").endpoint, 0u);
  EXPECT_EQ(log.queries.at("r4").endpoint, 1u);
}

TEST(DataSharing, CrossRegionConsumersPayTransferOnWhatTheyScan) {
  const Scenario s = testing::scenario_from(
      shared(R"(, "region": "us-west-2", "result_cache": "off")", R"({"producer": "producer"})"));
  std::vector<Query> qs = {make_query("a", 0, 100), make_query("b", kS, 100), make_query("c", 2 * kS, 100)};
  qs[0].mbytes_scanned = 2.3;   // 10 MB minimum
  qs[1].mbytes_scanned = 15.2;  // rounded up to 16
  SymbolTable symbols;          // c scanned nothing known: 10 MB
  testing::ListSource src(std::move(qs));
  const auto m = replication_metrics(run_replication(s, src, symbols, 1), s);
  EXPECT_EQ(m["data_sharing"]["consumers"][0]["cross_region_queries"], 3);
  const double gb = 36.0 / 1024;
  EXPECT_NEAR(m["data_sharing"]["consumers"][0]["cross_region_gb"].get<double>(), gb, 1e-6);
  bool found = false;
  for (const auto& item : m["cost"]["items"]) {
    if (item["meter"] != "cross_region_transfer") continue;
    found = true;
    EXPECT_EQ(item["component"], "consumer");
    EXPECT_NEAR(item["usd"].get<double>(), gb * 0.02, 1e-6);  // the report keeps six decimals
  }
  EXPECT_TRUE(found);
}

TEST(DataSharing, SameRegionPaysNoTransfer) {
  const Scenario s =
      testing::scenario_from(shared("", R"({"producer": "producer", "consumers": ["consumer"]})"));
  SymbolTable symbols;
  testing::ListSource src({make_query("a", 0, 100)});
  const auto r = run_replication(s, src, symbols, 1);
  EXPECT_EQ(r.sharing->cross_region_queries[0], 0u);
}

TEST(DataSharing, RejectsImpossibleSettings) {
  const auto error_of = [](const std::string& sharing, const std::string& keys = "") {
    return testing::scenario_error(shared(keys, sharing), "s.json");
  };
  EXPECT_THAT(error_of(R"({"producer": "nope"})"),
              HasSubstr("$.data_sharing.producer: no endpoint is named"));
  EXPECT_THAT(error_of(R"({"producer": "producer", "consumers": ["producer"]})"),
              HasSubstr("cannot be its own consumer"));
  EXPECT_THAT(error_of(R"({"producer": "producer", "visibility_delay_s": -1})"),
              HasSubstr("visibility_delay_s"));
  EXPECT_THAT(error_of(R"({"producer": "producer"})", R"(, "region": "mars-north-1")"),
              HasSubstr("region \"mars-north-1\""));
}

}  // namespace
}  // namespace rsim
