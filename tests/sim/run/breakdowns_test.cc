// The breakdowns of report.json (users, query types, the latency histogram, the longest queries, throughput
// per minute) against each other, the headline figures, and the trace itself.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iomanip>
#include <map>

#include "sim/run/recorder.h"
#include "sim/run/report.h"
#include "sim/run/report_metric.h"
#include "sim/run/run_command.h"
#include "tests/support/build_paths.h"
#include "tests/support/temp_dir.h"
#include "tests/support/trace_files.h"

namespace rsim {
namespace {

const std::filesystem::path kSource = testing::source_dir();

const nlohmann::json& golden_report() {
  static const nlohmann::json report = [] {
    RunRequest r;
    r.scenario = kSource / "models/scenarios/golden.json";
    return execute_run(r);
  }();
  return report;
}

std::uint64_t sum(const nlohmann::json& array) {
  std::uint64_t n = 0;
  for (const auto& v : array) n += v.get<std::uint64_t>();
  return n;
}

TEST(Breakdowns, UsersAreTheTraceUsersByQueryCount) {
  const auto& report = golden_report();
  std::map<std::string, std::uint64_t> per_user;
  SymbolTable symbols;
  for (const Query& q : testing::read_trace(kSource / "workloads/examples/airline_day.csv", symbols))
    ++per_user[std::string(symbols.name(q.user))];
  const auto& users = report["users"];
  EXPECT_EQ(users["distinct"], per_user.size());
  std::uint64_t total = users["rest"]["queries"].get<std::uint64_t>();
  std::uint64_t previous = UINT64_MAX;
  for (const auto& u : users["top"]) {
    const auto queries = u["queries"].get<std::uint64_t>();
    EXPECT_EQ(queries, per_user.at(u["user"].get<std::string>())) << u["user"];
    EXPECT_LE(queries, previous);
    previous = queries;
    total += queries;
    EXPECT_LE(u["latency_ms"]["p25"].get<double>(), u["latency_ms"]["p75"].get<double>());
  }
  EXPECT_LE(users["top"].size(), 100u);
  EXPECT_EQ(total, report["overall"]["queries"].get<std::uint64_t>());
}

// 300 users, user k with 301 - k queries and exec time 100 + k ms, interleaved in rounds with the heaviest
// last: the top 100 are cut from a real tail, the rest merges 200 users, counts are exact and nothing is
// lost.
TEST(Breakdowns, TopHundredUsersAndTheRest) {
  testing::TempDir dir;
  const auto trace = dir.path() / "users.csv";
  {
    std::ofstream out(trace);
    out << "query_id,arrival,exec_ms,user,query_type\n";
    int n = 0;
    for (int round = 0; round < 300; ++round) {
      for (int k = 300; k >= 1; --k) {
        if (301 - k <= round) continue;
        out << "q" << n << ",2026-03-03T" << std::setfill('0') << std::setw(2) << n / 3600 << ":"
            << std::setw(2) << n / 60 % 60 << ":" << std::setw(2) << n % 60 << "Z," << 100 + k << ",user"
            << std::setw(3) << k << ",select\n";
        ++n;
      }
    }
  }
  RunRequest r;
  r.scenario = kSource / "models/scenarios/golden.json";
  r.trace = trace;
  const nlohmann::json report = execute_run(r);
  const auto& users = report["users"];
  EXPECT_EQ(users["distinct"], 300);
  ASSERT_EQ(users["top"].size(), 100u);
  std::uint64_t top_queries = 0;
  double latency_sum = 0;  // ms, over the users' means times their completed queries
  for (std::size_t i = 0; i < 100; ++i) {
    const auto& u = users["top"][i];
    EXPECT_EQ(u["user"], fmt::format("user{:03}", i + 1));
    EXPECT_EQ(u["queries"], 300 - i);
    top_queries += u["queries"].get<std::uint64_t>();
    latency_sum += u["latency_ms"]["mean"].get<double>() * u["completed"].get<double>();
    EXPECT_LE(u["exec_ms"]["p25"].get<double>(), u["exec_ms"]["p75"].get<double>());
  }
  const auto& rest = users["rest"];
  EXPECT_EQ(rest["users"], 200);
  EXPECT_EQ(rest["queries"], 200 * 201 / 2);  // users 101..300: 200 down to 1 queries
  EXPECT_EQ(top_queries + rest["queries"].get<std::uint64_t>(),
            report["overall"]["queries"].get<std::uint64_t>());
  // The users' latencies together are every query's: the weighted means add up to the overall mean.
  latency_sum += rest["latency_ms"]["mean"].get<double>() * rest["completed"].get<double>();
  const double overall = report["overall"]["latency_ms"]["mean"].get<double>();
  EXPECT_NEAR(latency_sum / report["overall"]["completed"].get<double>(), overall, 1e-3 * overall + 1e-3);
  EXPECT_LE(rest["latency_ms"]["max"].get<double>(), report["overall"]["latency_ms"]["max"].get<double>());
}

// Progress runs the simulation in slices of a simulated minute: the same events in the same order, so the
// same report byte for byte (but for the wall time).
TEST(Breakdowns, RunningInSlicesForProgressGivesTheSameReport) {
  RunRequest r;
  r.scenario = kSource / "models/scenarios/golden.json";
  nlohmann::json whole = execute_run(r);
  r.progress = true;
  nlohmann::json sliced = execute_run(r);
  EXPECT_EQ(whole["run"]["events"], sliced["run"]["events"]);
  whole.erase("run");
  sliced.erase("run");
  EXPECT_EQ(whole.dump(), sliced.dump());
}

TEST(Breakdowns, QueryTypesAndGroupsAddUpToTheWhole) {
  const auto& report = golden_report();
  for (const char* part : {"query_types", "query_groups", "domains"}) {
    std::uint64_t queries = 0;
    for (const auto& t : report[part]) {
      queries += t["queries"].get<std::uint64_t>();
      for (const char* metric : {"latency_ms", "queue_ms", "exec_ms"}) {
        for (const char* field : {"p25", "p50", "p75", "p90", "p95", "p99", "max", "mean", "std"})
          EXPECT_TRUE(t[metric].contains(field)) << part << " " << metric << " " << field;
      }
    }
    EXPECT_EQ(queries, report["overall"]["queries"].get<std::uint64_t>()) << part;
  }
}

TEST(Breakdowns, HistogramReachesP98AndCountsEveryQuery) {
  const auto& report = golden_report();
  const auto& h = report["latency_histogram"];
  ASSERT_EQ(h["counts"].size(), 40u);
  EXPECT_EQ(sum(h["counts"]) + h["tail"]["queries"].get<std::uint64_t>(),
            report["overall"]["completed"].get<std::uint64_t>());
  // The last edge is the p98 latency, rounded up to whole µs per bucket.
  const double p98_edge = h["tail"]["from_ms"].get<double>();
  EXPECT_NEAR(p98_edge, 40 * h["bucket_ms"].get<double>(), 1e-6);
  // About 2% of queries lie above p98 (bucket edges are placed within the histogram's 0.2%).
  const double tail_share = h["tail"]["queries"].get<double>() / report["overall"]["completed"].get<double>();
  EXPECT_GT(tail_share, 0.01);
  EXPECT_LE(tail_share, 0.021);
}

TEST(Breakdowns, LongestQueriesAreTheSlowestInOrder) {
  const auto& report = golden_report();
  const auto& longest = report["longest_queries"];
  ASSERT_EQ(longest.size(), 100u);
  EXPECT_EQ(longest[0]["latency_ms"], report["overall"]["latency_ms"]["max"]);
  for (std::size_t i = 1; i < longest.size(); ++i)
    EXPECT_GE(longest[i - 1]["latency_ms"].get<double>(), longest[i]["latency_ms"].get<double>());
  // The 100th longest is at least the p97.7 (100 of 4,368 queries).
  EXPECT_GE(longest[99]["latency_ms"].get<double>(), report["overall"]["latency_ms"]["p95"].get<double>());
  for (const auto& q : longest) {
    EXPECT_NEAR(q["queue_ms"].get<double>() + q["exec_ms"].get<double>(), q["latency_ms"].get<double>(),
                1e-6);
    EXPECT_FALSE(q["query_id"].get<std::string>().empty());
  }
}

TEST(Breakdowns, ThroughputPerMinuteCountsArrivalsAndCompletions) {
  const auto& report = golden_report();
  const auto& t = report["throughput_per_minute"];
  EXPECT_EQ(sum(t["arrivals"]), report["overall"]["queries"].get<std::uint64_t>());
  EXPECT_EQ(sum(t["completions"]), report["overall"]["completed"].get<std::uint64_t>());
  // A day of arrivals, plus the drain.
  EXPECT_GE(t["completions"].size(), t["arrivals"].size());
  EXPECT_NEAR(static_cast<double>(t["arrivals"].size()), report["trace"]["span_s"].get<double>() / 60.0, 1.0);
}

TEST(Breakdowns, MinutesAreClockMinutesFromFirstMinute) {
  const auto& report = golden_report();
  const auto& t = report["throughput_per_minute"];
  // The first arrival is at 00:00:02.5; the trace's arrivals in its first clock minute, counted directly.
  EXPECT_EQ(t["first_minute"], "2026-03-03T00:00:00.000000Z");
  SymbolTable symbols;
  const std::vector<Query> trace =
      testing::read_trace(kSource / "workloads/examples/airline_day.csv", symbols);
  const SimTime minute0 = trace.front().arrival - trace.front().arrival % 60'000'000;
  std::vector<std::uint64_t> per_minute(3, 0);
  for (const Query& q : trace) {
    const auto m = static_cast<std::size_t>((q.arrival - minute0) / 60'000'000);
    if (m < per_minute.size()) ++per_minute[m];
  }
  for (std::size_t m = 0; m < per_minute.size(); ++m) EXPECT_EQ(t["arrivals"][m], per_minute[m]) << m;
}

TEST(Breakdowns, ReplicationsAreCombinedByLabelNotPosition) {
  // Two replications in which two users swap ranks (their counts differ between replications).
  const auto user = [](const char* name, double queries, double p95) {
    return nlohmann::json{
        {"user", name}, {"queries", queries}, {"latency_ms", {{"mean", p95}, {"p50", p95}, {"p95", p95}}}};
  };
  const nlohmann::json a = {{"users", {{"top", {user("ann", 10, 100), user("bob", 8, 200)}}}},
                            {"overall", {{"failure_rate", 1e-7}}}};
  const nlohmann::json b = {{"users", {{"top", {user("bob", 12, 300), user("ann", 9, 300)}}}},
                            {"overall", {{"failure_rate", 0.0}}}};
  const nlohmann::json c = combine_replications({a, b});
  EXPECT_EQ(c["users"]["top"][0]["user"], "ann");
  EXPECT_EQ(c["users"]["top"][0]["queries"], 9.5);
  EXPECT_EQ(c["users"]["top"][0]["latency_ms"]["p95"], 200);
  EXPECT_EQ(c["users"]["top"][1]["queries"], 10);
  // Rates are not rounded away.
  EXPECT_EQ(c["overall"]["failure_rate"], 5e-8);
  // Selectable by label in report paths.
  EXPECT_EQ(report_metric(c, "users.top[bob].latency_ms.p95", ""), 250);
}

TEST(Breakdowns, LabelsPastTheLimitShareOneRecord) {
  LabelRecords<LabelRecord> records(2);
  QueryInFlight q;
  q.query.arrival = 0;
  for (const Symbol label : {1u, 2u, 3u, 1u, 4u}) records.at(label).add(q, 1000, QueryEnd::kCompleted);
  ASSERT_EQ(records.records().size(), 2u);
  EXPECT_EQ(records.records()[0].completed, 2u);
  ASSERT_NE(records.overflow(), nullptr);
  EXPECT_EQ(records.overflow()->completed, 2u);
}

}  // namespace
}  // namespace rsim
