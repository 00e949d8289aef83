#include "workloads/formats/sys_query_history_reader.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/workloads/formats/format_test_support.h"
#include "workloads/formats/foreign_columns.h"
#include "workloads/formats/sql_text.h"
#include "workloads/trace/timestamp.h"

namespace rsim {
namespace {

using testing::conversion_error;
using testing::convert_all;
using testing::format_fixture;
using ::testing::HasSubstr;

constexpr auto kSys = TraceFormat::kSysQueryHistory;

SimTime at(const char* text) { return *parse_timestamp(text, nullptr); }

TEST(SysQueryHistoryReader, ConvertsEveryColumnOfTheFixtureExactly) {
  SymbolTable s;
  ForeignTraceOptions o;
  o.observed_endpoint = "wg-prod";
  o.observed_capacity = "rpu:32";
  const auto c = convert_all(kSys, format_fixture("sys_query_history.csv"), s, o);
  ASSERT_EQ(c.queries.size(), 4u);  // the running query is left out

  const Query& a = c.queries[0];
  EXPECT_EQ(a.id, "5001");
  EXPECT_EQ(a.arrival, at("2024-03-01T10:00:00Z"));
  EXPECT_DOUBLE_EQ(a.exec_ms, 1900.0);  // µs -> ms
  EXPECT_DOUBLE_EQ(a.queue_ms, 500.0);
  EXPECT_DOUBLE_EQ(a.compile_ms, 100.0);
  EXPECT_EQ(s.name(a.user), "alice");
  EXPECT_EQ(s.name(a.query_group), "");  // "default" is no query group
  EXPECT_EQ(s.name(a.database), "dev");
  EXPECT_EQ(a.type, QueryType::kSelect);
  EXPECT_FALSE(a.result_cache_hit);
  EXPECT_EQ(a.rows_returned, 42);
  EXPECT_EQ(a.fingerprint, text_key("abc123"));
  EXPECT_EQ(a.session, session_key("1073815778", 0));
  EXPECT_DOUBLE_EQ(a.mbytes_scanned, 1024.5);
  EXPECT_EQ(s.name(a.observed_endpoint), "wg-prod/Default queue");
  EXPECT_EQ(s.name(a.observed_capacity), "rpu:32");

  // Quoted commas, quotes and a line break in the text; NULL hash: the fingerprint comes from the text.
  const Query& b = c.queries[1];
  EXPECT_EQ(b.id, "5002");
  EXPECT_EQ(b.type, QueryType::kInsert);
  EXPECT_EQ(s.name(b.query_group), "etl");
  EXPECT_EQ(s.name(b.database), "sales");
  EXPECT_EQ(b.fingerprint, sql_fingerprint("insert into t\nvalues ('x,y', \"q\")"));
  EXPECT_DOUBLE_EQ(b.compile_ms, 0.0);
  EXPECT_FALSE(present(b.mbytes_scanned));
  EXPECT_EQ(s.name(b.observed_endpoint), "wg-prod");

  // A failed statement is kept (it used the system); no session id: a session of its own.
  const Query& d = c.queries[2];
  EXPECT_EQ(d.id, "5004");
  EXPECT_EQ(d.type, QueryType::kUpdate);
  EXPECT_EQ(s.name(d.user), "user_102");
  EXPECT_NE(d.session, a.session);

  // Cached, LOAD (a COPY), run on a concurrency-scaling cluster.
  const Query& e = c.queries[3];
  EXPECT_TRUE(e.result_cache_hit);
  EXPECT_EQ(e.type, QueryType::kCopy);
  EXPECT_EQ(s.name(e.query_group), "bi");
  EXPECT_EQ(s.name(e.observed_endpoint), "wg-prod#concurrency-scaling");
  EXPECT_EQ(e.session, session_key("1073815780", 0));

  EXPECT_EQ(c.tally.count("skipped: status running (not finished)"), 1u);
  EXPECT_EQ(c.tally.count("kept: status failed"), 1u);
}

TEST(SysQueryHistoryReader, DropsFailedStatementsWhenAsked) {
  SymbolTable s;
  ForeignTraceOptions o;
  o.drop_aborted = true;
  const auto c = convert_all(kSys, format_fixture("sys_query_history.csv"), s, o);
  ASSERT_EQ(c.queries.size(), 3u);
  EXPECT_EQ(c.tally.count("dropped: status failed"), 1u);
}

TEST(SysQueryHistoryReader, MillisecondsInMicrosecondColumnsAreCaught) {
  SymbolTable s;
  try {
    convert_all(kSys, format_fixture("sys_query_history_ms.csv"), s);
    FAIL() << "durations in ms passed";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("line 2, column 9 (elapsed_time)"));
    EXPECT_THAT(e.what(), HasSubstr("microseconds"));
  }
}

TEST(SysQueryHistoryReader, DurationsLongerThanTheirRowAreCaught) {
  const std::string msg = conversion_error(kSys, "h.csv",
                                           "query_id,start_time,end_time,queue_time,execution_time\n"
                                           "1,2024-03-01 10:00:00,2024-03-01 10:00:01,0,5000000\n");
  EXPECT_THAT(msg, HasSubstr("line 2, column 5 (execution_time)"));
  EXPECT_THAT(msg, HasSubstr("exceeds"));
}

TEST(SysQueryHistoryReader, BadInputNamesLineAndColumn) {
  const std::string head = "query_id,start_time,execution_time,status,query_type\n";
  EXPECT_THAT(conversion_error(kSys, "h.csv", "query_id,start_time\n1,2024-03-01\n"),
              HasSubstr("missing required column \"execution_time\""));
  EXPECT_THAT(conversion_error(kSys, "h.csv", head + "1,2024-03-01,5,done,SELECT\n"),
              HasSubstr("line 2, column 4 (status): unknown status \"done\""));
  EXPECT_THAT(conversion_error(kSys, "h.csv", head + "1,2024-03-01,5,success,MERGE\n"),
              HasSubstr("line 2, column 5 (query_type): unknown query_type \"MERGE\""));
  EXPECT_THAT(conversion_error(kSys, "h.csv", head + "1,2024-03-01,,success,SELECT\n"),
              HasSubstr("line 2, column 3 (execution_time): empty"));
  EXPECT_THAT(conversion_error(kSys, "h.csv", head + "1,yesterday,5,success,SELECT\n"),
              HasSubstr("line 2, column 2 (start_time): bad timestamp"));
  EXPECT_THAT(conversion_error(kSys, "h.csv", head + "1,2024-03-01,-5,success,SELECT\n"),
              HasSubstr("line 2, column 3 (execution_time)"));
  EXPECT_THAT(conversion_error(kSys, "h.csv",
                               head + "1,2024-03-01,1,success,SELECT\n2,2024-02-01,1,success,SELECT\n"),
              HasSubstr("line 3, column 2 (start_time): arrivals out of order"));
  EXPECT_THAT(conversion_error(kSys, "h.csv", head + "1,2024-03-01,1,success\n"),
              HasSubstr("line 2: 4 fields"));
}

TEST(SysQueryHistoryReader, SortOptionOrdersRowsByArrival) {
  testing::TempDir dir;
  const auto p = dir.write("h.csv",
                           "query_id,start_time,execution_time\n"
                           "1,2024-03-01 10:00:05,1\n2,2024-03-01 10:00:01,1\n3,2024-03-01 10:00:03,1\n");
  SymbolTable s;
  ForeignTraceOptions o;
  o.sort = true;
  const auto c = convert_all(kSys, p, s, o);
  ASSERT_EQ(c.queries.size(), 3u);
  EXPECT_EQ(c.queries[0].id, "2");
  EXPECT_EQ(c.queries[1].id, "3");
  EXPECT_EQ(c.queries[2].id, "1");
  EXPECT_EQ(c.queries[2].ordinal, 2u);
}

// Records are split ahead on another thread: an error further on must not hide an earlier one.
TEST(SysQueryHistoryReader, TheFirstErrorInTheFileIsTheOneReported) {
  std::string csv = "query_id,start_time,execution_time\n";
  for (int i = 0; i < 3000; ++i) csv += fmt::format("{},2024-03-01 10:00:00,{}\n", i, i == 2 ? "x" : "1");
  csv += "9999,\"2024-03-01\n";  // an unterminated quote, far below
  EXPECT_THAT(conversion_error(kSys, "h.csv", csv), HasSubstr("line 4, column 3 (execution_time)"));
  EXPECT_THAT(conversion_error(kSys, "h.csv", "query_id,start_time,execution_time\n1,2024-03-01,1\n2,\"x\n"),
              HasSubstr("unterminated"));
  EXPECT_THAT(conversion_error(kSys, "h.csv", "query_id,start_time,execution_time\n1,10000000000000,1\n"),
              HasSubstr("out of range"));
}

}  // namespace
}  // namespace rsim
