#include "workloads/formats/stl_reader.h"

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

SimTime at(const char* text) { return *parse_timestamp(text, nullptr); }

TEST(StlReader, HopChainsFoldIntoOneQueryAtTheirFirstArrival) {
  SymbolTable s;
  ForeignTraceOptions o;
  o.observed_endpoint = "prod";
  const auto c = convert_all(TraceFormat::kStl, format_fixture("stl.csv"), s, o);
  ASSERT_EQ(c.queries.size(), 3u);

  // Task 11: evicted from etl after 1 s queued and 9 s run, restarted in long: one query.
  const Query& hop = c.queries[0];
  EXPECT_EQ(hop.id, "201");
  EXPECT_EQ(hop.arrival, at("2024-03-01T10:00:00Z"));
  EXPECT_DOUBLE_EQ(hop.exec_ms, 19000.0);                   // the attempt that completed
  EXPECT_DOUBLE_EQ(hop.queue_ms, 1000.0 + 9000.0 + 500.0);  // queued, lost work, queued again
  EXPECT_DOUBLE_EQ(hop.compile_ms, 200.0);
  EXPECT_DOUBLE_EQ(hop.peak_mem_mb, 100.0);  // the largest estimate, bytes -> MiB
  EXPECT_EQ(hop.slot_count, 2);
  EXPECT_EQ(s.name(hop.observed_endpoint), "prod/long");
  EXPECT_EQ(s.name(hop.user), "alice");
  EXPECT_EQ(s.name(hop.query_group), "");
  EXPECT_EQ(hop.type, QueryType::kSelect);
  EXPECT_EQ(hop.fingerprint, sql_fingerprint("select * from big where note = 'other'"));
  EXPECT_EQ(hop.session, session_key("pid:30001", 0));

  const Query& cs = c.queries[1];
  EXPECT_EQ(cs.id, "203");
  EXPECT_EQ(cs.arrival, at("2024-03-01T10:00:05Z"));
  EXPECT_DOUBLE_EQ(cs.exec_ms, 1000.0);
  EXPECT_EQ(s.name(cs.observed_endpoint), "prod/bi#concurrency-scaling");
  EXPECT_EQ(s.name(cs.query_group), "reports");

  const Query& aborted = c.queries[2];
  EXPECT_EQ(aborted.id, "204");
  EXPECT_EQ(aborted.type, QueryType::kInsert);
  EXPECT_EQ(aborted.ordinal, 2u);

  EXPECT_EQ(c.tally.count("folded: later attempts of a task (hops, restarts)"), 1u);
  EXPECT_EQ(c.tally.count("kept: aborted"), 1u);
}

TEST(StlReader, AbortedFinalAttemptsCanBeDropped) {
  SymbolTable s;
  ForeignTraceOptions o;
  o.drop_aborted = true;
  const auto c = convert_all(TraceFormat::kStl, format_fixture("stl.csv"), s, o);
  ASSERT_EQ(c.queries.size(), 2u);  // the folded task's last attempt completed, so it stays
  EXPECT_EQ(c.queries[1].ordinal, 1u);
  EXPECT_EQ(c.tally.count("dropped: aborted"), 1u);
}

TEST(StlReader, AttemptsBeyondTheHopWindowAreSeparateQueries) {
  const std::string head = "query,task,xid,starttime,endtime,total_queue_time,total_exec_time,final_state\n";
  testing::TempDir dir;
  // The same task id 10 minutes apart with no final state: task ids are reused, so not one query.
  const auto p = dir.write("stl.csv", head +
                                          "1,5,9,2024-03-01 10:00:00,2024-03-01 10:00:01,0,1000000,\n"
                                          "2,5,9,2024-03-01 10:10:00,2024-03-01 10:10:01,0,1000000,\n");
  SymbolTable s;
  const auto c = convert_all(TraceFormat::kStl, p, s);
  ASSERT_EQ(c.queries.size(), 2u);
  EXPECT_EQ(c.queries[0].id, "1");
  EXPECT_EQ(c.queries[1].id, "2");
}

TEST(StlReader, BadInputNamesLineAndColumn) {
  const std::string head = "query,task,starttime,endtime,total_queue_time,total_exec_time\n";
  EXPECT_THAT(conversion_error(TraceFormat::kStl, "s.csv", "query,starttime\n1,2024-03-01\n"),
              HasSubstr("missing required column \"total_exec_time\""));
  EXPECT_THAT(
      conversion_error(TraceFormat::kStl, "s.csv",
                       head + "1,1,2024-03-01 10:00:00,2024-03-01 10:00:01,0,3000000\n"),
      HasSubstr("line 2, column 6 (total_exec_time): total_queue_time + total_exec_time = 3000000 µs"));
  EXPECT_THAT(conversion_error(TraceFormat::kStl, "s.csv",
                               head + "1,1,2024-03-01 10:00:00,2024-03-01 09:00:00,0,1\n"),
              HasSubstr("line 2, column 4 (endtime): endtime is before starttime"));
  EXPECT_THAT(conversion_error(TraceFormat::kStl, "s.csv", head + "1,,2024-03-01 10:00:00,,0,1\n"),
              HasSubstr("line 2, column 2 (task): task is empty"));
  EXPECT_THAT(conversion_error(TraceFormat::kStl, "s.csv",
                               head + "1,1,2024-03-01 10:00:05,,0,1\n2,2,2024-03-01 10:00:00,,0,1\n"),
              HasSubstr("line 3, column 3 (starttime): arrivals out of order"));
}

}  // namespace
}  // namespace rsim
