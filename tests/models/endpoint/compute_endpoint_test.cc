#include "models/endpoint/compute_endpoint.h"

#include <gtest/gtest.h>

#include "sim/run/replication.h"
#include "tests/support/run_helpers.h"
#include "tests/support/sources.h"

namespace rsim {
namespace {

using testing::ListSource;

Query query(const std::string& id, SimTime at, double exec_ms) {
  return testing::make_query(id, at, exec_ms);
}

ReplicationResult run(const std::string& endpoint_json, std::vector<Query> qs, SymbolTable& symbols) {
  const Scenario s = testing::scenario_from(R"({"name": "t", "endpoints": [)" + endpoint_json + "]}");
  ListSource src(std::move(qs));
  return run_replication(s, src, symbols, 1);
}

TEST(ComputeEndpoint, FifoWithSlotLimit) {
  SymbolTable symbols;
  const auto r = run(R"({"name": "e", "capacity_rpu": 16, "slots": 1})",
                     {query("a", 0, 10), query("b", 0, 10), query("c", 0, 10)}, symbols);
  const auto& q = r.recorder->overall().queue;
  EXPECT_EQ(q.summary.count(), 3u);
  EXPECT_DOUBLE_EQ(q.summary.mean(), (0 + 10'000 + 20'000) / 3.0);
  EXPECT_EQ(r.end, 30'000);
}

TEST(ComputeEndpoint, AmdahlScalingFromObservedCapacity) {
  SymbolTable symbols;
  Query q = query("a", 0, 1000);
  q.observed_capacity = symbols.intern("rpu:8");
  // Captured on 8 RPU, run on 16 with s = 0.1: 1000 * (0.1 + 0.9 * 8 / 16) = 550 ms.
  const auto r = run(R"({"name": "e", "capacity_rpu": 16, "slots": 1})", {q}, symbols);
  EXPECT_EQ(r.recorder->overall().exec.summary.mean(), 550'000);
}

TEST(ComputeEndpoint, SpillWhenPeakMemoryExceedsTheSlot) {
  SymbolTable symbols;
  Query small = query("a", 0, 100);
  small.peak_mem_mb = 100;
  Query big = query("b", 1'000'000, 100);
  big.peak_mem_mb = 400;  // slot memory 200: overflow fraction 0.5, penalty 1 -> work x1.5
  const auto r =
      run(R"({"name": "e", "capacity_rpu": 16, "slots": 2, "memory_mb": 400})", {small, big}, symbols);
  EXPECT_EQ(r.recorder->overall().spilled, 1u);
  EXPECT_EQ(r.recorder->overall().exec.summary.max(), 150'000);
}

TEST(ComputeEndpoint, CompileOncePerFingerprint) {
  SymbolTable symbols;
  std::vector<Query> qs;
  for (int i = 0; i < 3; ++i) {
    Query q = query("q" + std::to_string(i), i * 1'000'000, 100);
    q.compile_ms = 50;
    q.fingerprint = 77;
    qs.push_back(q);
  }
  const auto r = run(R"({"name": "e", "capacity_rpu": 16, "slots": 1})", qs, symbols);
  EXPECT_EQ(r.recorder->overall().exec.summary.max(), 150'000);
  EXPECT_EQ(r.recorder->overall().exec.summary.min(), 100'000);
}

TEST(ComputeEndpoint, ResultCacheHitTakesNoSlot) {
  SymbolTable symbols;
  Query hit = query("hit", 1, 5000);
  hit.result_cache_hit = true;
  const auto r = run(R"({"name": "e", "capacity_rpu": 16, "slots": 1, "result_cache_ms": 2})",
                     {query("long", 0, 10'000), hit}, symbols);
  EXPECT_EQ(r.recorder->overall().result_cache_hits, 1u);
  EXPECT_EQ(r.recorder->overall().latency.summary.min(), 2'000);  // answered while the slot is busy
}

}  // namespace
}  // namespace rsim
