#include "models/ingestion/dual_write.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "sim/run/recorder.h"
#include "tests/support/query_log.h"
#include "tests/support/run_helpers.h"
#include "tests/support/scenario_errors.h"
#include "tests/support/sources.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;

constexpr SimTime kStart = 1'772'409'600'000'000;  // 2026-03-02T00:00:00Z

// Two endpoints and a dual write of 5 messages a second for an hour; `secondary_outages` and
// `primary_outages` are JSON lists of {"start_s", "duration_s"}.
Scenario dual_write_scenario(const std::string& primary_outages = "[]",
                             const std::string& secondary_outages = "[]", int consumers = 8) {
  return testing::scenario_from(R"({"name": "dw", "endpoints": [
      {"name": "primary", "capacity_rpu": 32, "slots": 10},
      {"name": "secondary", "capacity_rpu": 16, "slots": 5}], "routing": [{"to": "primary"}],
    "dual_write": {"name": "orders", "messages_per_s": 5, "duration_s": 3600, "consumers": )" +
                                std::to_string(consumers) + R"(, "insert_work_ms": 40,
      "primary": {"endpoint": "primary", "statement_latency_ms": 20, "retries": 2, "retry_delay_ms": 500,
                  "outages": )" +
                                primary_outages + R"(},
      "secondary": {"endpoint": "secondary", "statement_latency_ms": 80, "retries": 3, "retry_delay_ms": 5000,
                    "outages": )" +
                                secondary_outages + R"(}}})");
}

struct Run {
  SymbolTable symbols;
  ReplicationResult result;
  testing::QueryLog log;
};

// One trace query at the start (the run starts with the trace) and the dual write's messages.
std::unique_ptr<Run> run(const Scenario& s) {
  auto r = std::make_unique<Run>();
  Query q;
  q.id = "trace-0";
  q.arrival = kStart;
  q.exec_ms = 1;
  testing::ListSource source({q});
  r->result = run_replication(s, source, r->symbols, 7, &r->log);
  return r;
}

TEST(DualWrite, HealthyPathWritesEveryMessageToBothSides) {
  const auto r = run(dual_write_scenario());
  const DualWriteMeters& m = *r->result.dual_write;
  // Poisson, 5 a second for an hour: 18,000 expected, within 4 standard deviations.
  EXPECT_NEAR(static_cast<double>(m.messages), 18'000.0, 540.0);
  EXPECT_EQ(m.acknowledged, m.messages);
  EXPECT_EQ(m.missing_on_secondary, 0u);
  EXPECT_EQ(m.redelivered + m.dead_lettered + m.unfinished, 0u);
  EXPECT_EQ(m.sides[0].succeeded, m.messages);
  EXPECT_EQ(m.sides[1].succeeded, m.messages);
  EXPECT_EQ(m.sides[0].failed_attempts + m.sides[1].failed_attempts, 0u);
  // An acknowledgement takes the statement latency plus the insert's 40 ms at least.
  EXPECT_GE(m.ack_latency.histogram.min(), 60'000u);
  EXPECT_GE(m.end_to_end.summary.mean(), m.ack_latency.summary.mean());
  EXPECT_EQ(m.backlog_per_minute.size(), 60u);
  // The inserts ran on the endpoints as queries: 18,000-odd each, plus the trace's one.
  EXPECT_EQ(r->result.recorder->endpoint(0).queries(), m.messages + 1);
  EXPECT_EQ(r->result.recorder->endpoint(1).queries(), m.messages);
}

// The inserts are broken down under their own domain (the path's name unless set), and are numbered after
// every trace query in the order made, so ties among the longest queries stay deterministic and distinct.
TEST(DualWrite, InsertsHaveTheirDomainAndOrdinalsAfterTheTrace) {
  const auto r = run(dual_write_scenario());
  const Recorder& rec = *r->result.recorder;
  std::uint64_t inserts = 0, trace = 0;
  for (const LabelRecord& d : rec.domains().records()) {
    if (r->symbols.name(d.label) == "orders") inserts = d.queries();
    if (r->symbols.name(d.label).empty()) trace = d.queries();
  }
  EXPECT_EQ(inserts, rec.overall().queries() - 1);
  EXPECT_EQ(trace, 1u);
  std::set<std::uint64_t> ordinals;
  std::size_t generated = 0;
  for (const LongQuery& q : rec.longest()) {
    if (q.id == "trace-0") continue;
    ++generated;
    EXPECT_GE(q.ordinal, kGeneratedOrdinal) << q.id;
    ordinals.insert(q.ordinal);
  }
  EXPECT_EQ(generated, Recorder::kLongest);
  EXPECT_EQ(ordinals.size(), generated);  // distinct
  const Scenario named = testing::scenario_from(R"({"name": "dw", "endpoints": [
      {"name": "a", "capacity_rpu": 8, "slots": 4}, {"name": "b", "capacity_rpu": 8, "slots": 4}], "routing": [{"to": "a"}],
    "dual_write": {"messages_per_s": 1, "duration_s": 60, "domain": "ingestion",
      "primary": {"endpoint": "a"}, "secondary": {"endpoint": "b"}}})");
  const auto n = run(named);
  std::vector<std::string> names;
  for (const LabelRecord& d : n->result.recorder->domains().records())
    names.push_back(n->symbols.name(d.label));
  EXPECT_THAT(names, ::testing::UnorderedElementsAre("", "ingestion"));
}

TEST(DualWrite, SecondaryOutageLeavesThePrimaryAloneAndLosesNothingSilently) {
  const auto healthy = run(dual_write_scenario());
  const auto r = run(dual_write_scenario("[]", R"([{"start_s": 600, "duration_s": 600}])"));
  const DualWriteMeters& m = *r->result.dual_write;
  const DualWriteMeters& h = *healthy->result.dual_write;

  // The primary path is unaffected: the same acknowledgements at the same latencies, all successful.
  EXPECT_EQ(m.messages, h.messages);
  EXPECT_EQ(m.acknowledged, m.messages);
  EXPECT_EQ(m.sides[0].failed_attempts, 0u);
  EXPECT_EQ(m.ack_latency.summary.mean(), h.ack_latency.summary.mean());
  EXPECT_EQ(m.ack_latency.histogram.quantile(0.99), h.ack_latency.histogram.quantile(0.99));
  EXPECT_EQ(m.backlog_peak, h.backlog_peak);

  // Independently: a message is missing on the secondary when all four of its attempts (80 ms latency, then
  // every 5,080 ms) fall inside the outage. Message arrivals come from the primary inserts (20 ms later).
  const double outage_from = 600.0, outage_to = 1200.0;
  std::uint64_t expected_missing = 0, expected_failed = 0;
  for (const auto& [id, q] : r->log.queries) {
    if (id.find("-p1-1") == std::string::npos) continue;  // the first primary attempt of each message
    const double arrival_s = static_cast<double>(q.arrival - kStart) / 1e6 - 0.020;
    int failed = 0;
    for (int k = 0; k <= 3; ++k) {
      const double t = arrival_s + 0.080 + k * 5.080;
      if (t >= outage_from && t < outage_to) {
        ++failed;
      } else {
        break;  // the attempt reached the secondary and succeeded
      }
    }
    expected_failed += static_cast<std::uint64_t>(failed);
    expected_missing += failed == 4;
  }
  EXPECT_GT(expected_missing, 2500u);  // ten minutes at 5 a second
  EXPECT_EQ(m.missing_on_secondary, expected_missing);
  EXPECT_EQ(m.sides[1].exhausted, expected_missing);
  EXPECT_EQ(m.sides[1].failed_attempts, expected_failed);
  EXPECT_EQ(m.sides[1].succeeded + m.missing_on_secondary, m.messages);
  // Messages whose retries outlasted the outage landed late.
  EXPECT_GT(m.end_to_end.histogram.max(), 15'000'000u);
}

TEST(DualWrite, PrimaryOutageRedeliversUntilAcknowledged) {
  const auto r = run(dual_write_scenario(R"([{"start_s": 300, "duration_s": 120}])", "[]", 4));
  const DualWriteMeters& m = *r->result.dual_write;
  EXPECT_EQ(m.acknowledged + m.dead_lettered + m.unfinished, m.messages) << "every message accounted for";
  EXPECT_EQ(m.unfinished, 0u);
  EXPECT_GT(m.redelivered, 0u);
  EXPECT_GT(m.sides[0].exhausted, 0u);
  // Redelivered messages are written to the secondary again: more successes there than messages.
  EXPECT_GT(m.sides[1].succeeded, m.messages);
  // The consumers stalled on the outage: a backlog built up and drained.
  EXPECT_GT(m.backlog_peak, 100u);
  EXPECT_LE(m.backlog_per_minute.back(), 3u);
}

TEST(DualWrite, ScenarioErrorsNameTheKey) {
  const auto error = [](const std::string& dw) {
    return testing::scenario_error(
        R"({"name": "x", "endpoints": [{"name": "a", "capacity_rpu": 16, "slots": 5},
        {"name": "b", "capacity_rpu": 16, "slots": 5}], "dual_write": )" +
            dw + "}",
        "s.json");
  };
  EXPECT_THAT(
      error(
          R"({"messages_per_s": 1, "duration_s": 10, "primary": {"endpoint": "a"}, "secondary": {"endpoint": "a"}})"),
      HasSubstr("$.dual_write.secondary: the secondary must be another endpoint"));
  EXPECT_THAT(
      error(
          R"({"messages_per_s": 1, "duration_s": 10, "primary": {"endpoint": "c"}, "secondary": {"endpoint": "a"}})"),
      HasSubstr("$.dual_write.primary.endpoint: no endpoint is named \"c\""));
  EXPECT_THAT(
      error(
          R"({"messages_per_s": 0, "duration_s": 10, "primary": {"endpoint": "a"}, "secondary": {"endpoint": "b"}})"),
      HasSubstr("$.dual_write.messages_per_s"));
  EXPECT_THAT(
      error(
          R"({"messages_per_s": 1, "duration_s": 10, "primary": {"endpoint": "a", "retry": 2}, "secondary": {"endpoint": "b"}})"),
      HasSubstr("$.dual_write.primary.retry"));
}

}  // namespace
}  // namespace rsim
