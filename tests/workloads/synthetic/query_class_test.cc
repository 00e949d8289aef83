#include "workloads/synthetic/query_class.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "tests/support/scenario_errors.h"
#include "workloads/synthetic/class_workload.h"
#include "workloads/trace/timestamp.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;

const SimTime kStart = *parse_timestamp("2026-03-02", nullptr);
constexpr SimTime kDay = 86400 * kMicrosPerSecond;

std::vector<Query> generate(const std::string& class_json, SymbolTable& symbols, int days = 1,
                            std::uint64_t seed = 1) {
  const JsonDocument doc = JsonDocument::parse(class_json, "w.json");
  const ClassSpec spec = parse_class(doc.root(), ".");
  QueryClassSource source(spec, kStart, kStart + days * kDay, seed, symbols);
  std::vector<Query> out;
  Query q;
  while (source.next(q)) out.push_back(q);
  return out;
}

bool sorted(const std::vector<Query>& qs) {
  return std::is_sorted(qs.begin(), qs.end(),
                        [](const Query& a, const Query& b) { return a.arrival < b.arrival; });
}

TEST(QueryClass, QueriesTakeTheirShapeFromTheClass) {
  SymbolTable s;
  const auto qs = generate(R"({"name": "bi", "arrivals": {"process": "poisson", "rate_per_s": 0.5},
      "work_ms": {"distribution": "lognormal", "median": 800, "sigma": 0.5},
      "mbytes_scanned": {"distribution": "pareto", "scale": 100, "shape": 2.5},
      "query_type": {"select": 0.75, "ctas": 0.25}, "domain": "sales", "database": "airline",
      "query_group": "report", "users": {"prefix": "analyst", "count": 4}, "statements": 10,
      "observed_capacity": "ra3.4xlarge:2"})",
                           s);
  ASSERT_NEAR(static_cast<double>(qs.size()), 43'200.0, 900.0);
  EXPECT_TRUE(sorted(qs));
  std::vector<double> work;
  std::set<std::string> users;
  std::set<std::uint64_t> fingerprints;
  double ctas = 0, mbytes = 0;
  for (const Query& q : qs) {
    work.push_back(q.exec_ms);
    users.insert(s.name(q.user));
    fingerprints.insert(q.fingerprint);
    ctas += q.type == QueryType::kCtas;
    mbytes += q.mbytes_scanned;
    EXPECT_EQ(s.name(q.domain), "sales");
    EXPECT_EQ(s.name(q.query_group), "report");
    EXPECT_EQ(s.name(q.observed_capacity), "ra3.4xlarge:2");
  }
  std::nth_element(work.begin(), work.begin() + work.size() / 2, work.end());
  EXPECT_NEAR(work[work.size() / 2], 800.0, 20.0);                 // the lognormal's median
  EXPECT_NEAR(ctas / static_cast<double>(qs.size()), 0.25, 0.01);  // the type mix
  EXPECT_NEAR(mbytes / static_cast<double>(qs.size()), 166.7,
              10.0);  // Pareto mean scale x shape / (shape - 1)
  EXPECT_EQ(users, (std::set<std::string>{"analyst_01", "analyst_02", "analyst_03", "analyst_04"}));
  EXPECT_EQ(fingerprints.size(), 10u);  // repeated statements
  EXPECT_EQ(qs[0].id, "bi-0");
}

TEST(QueryClass, PooledSessionsNeverExceedThePoolAndRotate) {
  SymbolTable s;
  const auto qs = generate(R"({"name": "app", "arrivals": {"process": "poisson", "rate_per_s": 2},
      "work_ms": {"distribution": "constant", "value": 1000},
      "sessions": {"pool_size": 5, "queries_per_connection": 100}})",
                           s);
  std::map<std::uint64_t, std::vector<SimTime>> by_session;
  for (const Query& q : qs) by_session[q.session].push_back(q.arrival);
  for (const auto& [session, arrivals] : by_session) EXPECT_LE(arrivals.size(), 100u);
  // About 172,800 queries at 100 a connection: new connections keep coming.
  EXPECT_GE(by_session.size(), qs.size() / 100);
  // At any moment at most 5 connections are open: sessions' lifetimes overlap at most 5 deep.
  std::vector<std::pair<SimTime, int>> edges;
  for (const auto& [session, arrivals] : by_session) {
    edges.emplace_back(arrivals.front(), 1);
    edges.emplace_back(arrivals.back() + 1, -1);
  }
  std::sort(edges.begin(), edges.end());
  int open = 0, most = 0;
  for (const auto& [t, d] : edges) most = std::max(most, open += d);
  EXPECT_LE(most, 5);
  // Two queries a second of one second each: the pool of 5 keeps every query on a free connection.
  for (const auto& [session, arrivals] : by_session) {
    for (std::size_t i = 1; i < arrivals.size(); ++i) EXPECT_GE(arrivals[i] - arrivals[i - 1], 0);
  }
}

TEST(QueryClass, BatchStepsChainOnOneConnection) {
  SymbolTable s;
  const auto qs =
      generate(R"({"name": "etl", "kind": "batch", "arrivals": {"process": "schedule", "cron": "0 2 * * *"},
      "gap_s": 5, "users": ["etl_loader"], "sessions": {"pool_size": 1},
      "steps": [{"query_type": "copy", "work_ms": {"distribution": "constant", "value": 60000}, "write_tables": "stage"},
                {"query_type": "insert", "work_ms": {"distribution": "constant", "value": 30000}, "read_tables": "stage"},
                {"query_type": "ddl", "work_ms": {"distribution": "constant", "value": 100}}]})",
               s, 3);
  ASSERT_EQ(qs.size(), 9u);
  for (int day = 0; day < 3; ++day) {
    const Query& copy = qs[3 * day];
    EXPECT_EQ(copy.arrival, kStart + day * kDay + 2 * 3600 * kMicrosPerSecond);
    EXPECT_EQ(copy.type, QueryType::kCopy);
    EXPECT_EQ(qs[3 * day + 1].arrival, copy.arrival + 65 * kMicrosPerSecond);  // 60 s of work, 5 s gap
    EXPECT_EQ(qs[3 * day + 2].arrival, copy.arrival + 100 * kMicrosPerSecond);
    EXPECT_EQ(qs[3 * day + 1].session, copy.session);
    EXPECT_EQ(s.name(qs[3 * day + 1].read_tables), "stage");
  }
}

TEST(QueryClass, StreamingRefreshesScanWhatArrivedSinceTheLastOne) {
  SymbolTable s;
  const auto qs = generate(R"({"name": "clicks", "kind": "streaming", "events_per_s": 500, "refresh_s": 60,
      "kb_per_event": 2, "write_tables": "mv_clicks"})",
                           s);
  ASSERT_EQ(qs.size(),
            1439u);  // one refresh a minute, the first after a minute of events (midnight is the end)
  double mbytes = 0;
  for (const Query& q : qs) {
    mbytes += q.mbytes_scanned;
    EXPECT_EQ(q.type, QueryType::kInsert);
    EXPECT_NEAR(q.exec_ms, 100.0 + 10.0 * q.mbytes_scanned, 1e-3);  // the stated default work per MB
  }
  // 500 events/s x 2 KB = 0.977 MB/s over the day; Poisson noise is tiny at 30,000 events a refresh.
  EXPECT_NEAR(mbytes / (1439 * 60.0), 500.0 * 2.0 / 1024.0, 0.002);
  EXPECT_EQ(qs[0].arrival, kStart + 60 * kMicrosPerSecond);
}

TEST(QueryClass, CdcMicroBatchesCopyThenMerge) {
  SymbolTable s;
  const auto qs = generate(R"({"name": "orders_cdc", "kind": "cdc", "interval_s": 300, "rows_per_s": 20,
      "bytes_per_row": 1048576, "target_table": "core.orders"})",
                           s);
  ASSERT_EQ(qs.size(), 2u * 287u);  // every 5 minutes from 00:05
  for (std::size_t i = 0; i < qs.size(); i += 2) {
    EXPECT_EQ(qs[i].type, QueryType::kCopy);
    EXPECT_EQ(qs[i + 1].type, QueryType::kUpdate);
    EXPECT_EQ(s.name(qs[i + 1].write_tables), "core.orders");
    EXPECT_EQ(s.name(qs[i + 1].read_tables), "staging.orders_cdc");
    EXPECT_EQ(qs[i + 1].mbytes_scanned, qs[i].mbytes_scanned);
    EXPECT_EQ(qs[i + 1].arrival,
              qs[i].arrival + static_cast<SimTime>(qs[i].exec_ms * 1000) + kMicrosPerSecond);
    EXPECT_NEAR(qs[i].mbytes_scanned, 6000.0, 6000.0 * 0.1);  // 20 rows/s x 300 s of 1 MB
  }
}

TEST(ClassWorkload, MergesClassesInOrderAndReproducibly) {
  const std::string json = R"({"generator": "classes", "start": "2026-03-02", "days": 2, "classes": [
      {"name": "a", "arrivals": {"process": "poisson", "rate_per_s": 0.1}, "work_ms": {"distribution": "constant", "value": 5}},
      {"name": "b", "arrivals": {"process": "mmpp", "on_rate_per_s": 1, "off_rate_per_s": 0, "mean_on_s": 60, "mean_off_s": 600},
       "work_ms": {"distribution": "constant", "value": 5}}]})";
  const auto run = [&](std::uint64_t seed) {
    const JsonDocument doc = JsonDocument::parse(json, "w.json");
    JsonObject root = doc.root().object();
    root.string("generator", std::nullopt);
    const auto spec = parse_class_workload(root, ".");
    root.finish();
    SymbolTable s;
    ClassWorkloadSource source(spec, seed, s);
    std::vector<Query> out;
    Query q;
    while (source.next(q)) out.push_back(q);
    return out;
  };
  const auto x = run(7), y = run(7), z = run(8);
  ASSERT_EQ(x.size(), y.size());
  EXPECT_TRUE(sorted(x));
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(x[i].id, y[i].id);
    EXPECT_EQ(x[i].arrival, y[i].arrival);
    EXPECT_EQ(x[i].ordinal, i);
  }
  EXPECT_NE(x.size(), z.size());
}

TEST(ClassWorkload, BadClassesNameTheKey) {
  const auto error = [](const std::string& classes) {
    return testing::input_error([&] {
      const JsonDocument doc =
          JsonDocument::parse(R"({"start": "2026-03-02", "classes": )" + classes + "}", "w.json");
      JsonObject root = doc.root().object();
      parse_class_workload(root, ".");
      root.finish();
    });
  };
  const std::string work = R"("work_ms": {"distribution": "constant", "value": 1})";
  const std::string poisson = R"("arrivals": {"process": "poisson", "rate_per_s": 1})";
  EXPECT_THAT(error("[]"), HasSubstr("at least one class"));
  EXPECT_THAT(error(R"([{"name": "a", )" + poisson + "}]"),
              HasSubstr("$.classes[0]: missing required key \"work_ms\""));
  EXPECT_THAT(error(R"([{"name": "a", )" + poisson + ", " + work + R"(, "colour": 1}])"),
              HasSubstr("$.classes[0].colour"));
  EXPECT_THAT(error(R"([{"name": "a", )" + poisson + ", " + work + R"(}, {"name": "a", )" + poisson + ", " +
                    work + "}]"),
              HasSubstr("used twice"));
  EXPECT_THAT(error(R"([{"name": "a", )" + poisson + R"(, "work_ms": {"distribution": "weibull"}}])"),
              HasSubstr("$.classes[0].work_ms.distribution"));
  EXPECT_THAT(error(R"([{"name": "a", )" + poisson + ", " + work + R"(, "query_type": "merge"}])"),
              HasSubstr("unknown query type \"merge\""));
  EXPECT_THAT(error(R"([{"name": "a", )" + poisson + ", " + work + R"(, "sessions": {"pool_size": 0}}])"),
              HasSubstr("pool_size"));
}

// A Pareto shape below 1 has an infinite mean: draws are capped (kMaxDraw), and a batch chain stays in order.
TEST(QueryClass, HeavyTailsAreCappedAndKeepOrder) {
  SymbolTable s;
  const auto qs =
      generate(R"({"name": "wild", "kind": "batch", "arrivals": {"process": "poisson", "rate_per_s": 0.01},
      "steps": [{"work_ms": {"distribution": "pareto", "scale": 100, "shape": 0.05}},
                {"work_ms": {"distribution": "lognormal", "median": 1000, "sigma": 10}}]})",
               s, 3);
  ASSERT_FALSE(qs.empty());
  EXPECT_TRUE(sorted(qs));
  for (const Query& q : qs) {
    EXPECT_TRUE(std::isfinite(q.exec_ms));
    EXPECT_LE(q.exec_ms, kMaxDraw);
  }
}

}  // namespace
}  // namespace rsim
