#include "workloads/formats/redset_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/workloads/formats/format_test_support.h"
#include "workloads/formats/foreign_columns.h"
#include "workloads/trace/timestamp.h"

namespace rsim {
namespace {

using testing::convert_all;
using testing::format_fixture;
using ::testing::HasSubstr;

SimTime at(const char* text) { return *parse_timestamp(text, nullptr); }

TEST(RedsetReader, ConvertsAllInstancesWithMillisecondDurations) {
  SymbolTable s;
  ForeignTraceOptions o;
  o.node_type = "ra3.4xlarge";
  const auto c = convert_all(TraceFormat::kRedset, format_fixture("redset.csv"), s, o);
  ASSERT_EQ(c.queries.size(), 4u);

  const Query& a = c.queries[0];
  EXPECT_EQ(a.id, "7-1001");  // ids are unique per instance only
  EXPECT_EQ(a.arrival, at("2024-03-01T00:00:00Z"));
  EXPECT_DOUBLE_EQ(a.exec_ms, 1234.5);
  EXPECT_DOUBLE_EQ(a.queue_ms, 0.0);
  EXPECT_DOUBLE_EQ(a.compile_ms, 10.0);
  EXPECT_EQ(s.name(a.user), "user_12");
  EXPECT_EQ(s.name(a.database), "db_3");
  EXPECT_EQ(a.type, QueryType::kSelect);
  EXPECT_EQ(a.fingerprint, text_key("111"));
  EXPECT_EQ(s.name(a.read_tables), "5;6");
  EXPECT_EQ(s.name(a.write_tables), "");
  EXPECT_DOUBLE_EQ(a.mbytes_scanned, 2048.0);
  EXPECT_EQ(s.name(a.observed_endpoint), "7");
  EXPECT_EQ(s.name(a.observed_capacity), "ra3.4xlarge:4");

  const Query& other = c.queries[1];
  EXPECT_EQ(other.id, "9-55");
  EXPECT_EQ(other.type, QueryType::kInsert);
  EXPECT_DOUBLE_EQ(other.queue_ms, 20.0);
  EXPECT_EQ(s.name(other.write_tables), "8");
  EXPECT_EQ(s.name(other.observed_capacity), "");  // no cluster_size: serverless

  // A cached row takes the fingerprint of its source query.
  const Query& cached = c.queries[2];
  EXPECT_TRUE(cached.result_cache_hit);
  EXPECT_EQ(cached.fingerprint, a.fingerprint);

  const Query& aborted = c.queries[3];
  EXPECT_EQ(aborted.type, QueryType::kOther);  // analyze
  EXPECT_FALSE(present(aborted.mbytes_scanned));

  EXPECT_EQ(c.tally.count("cached: resolved through cache_source_query_id"), 1u);
  EXPECT_EQ(c.tally.count("kept: was_aborted"), 1u);
}

TEST(RedsetReader, OneInstanceAtATimeKeepsItsOwnIds) {
  SymbolTable s;
  ForeignTraceOptions o;
  o.instance = 7;
  const auto c = convert_all(TraceFormat::kRedset, format_fixture("redset.csv"), s, o);
  ASSERT_EQ(c.queries.size(), 3u);
  EXPECT_EQ(c.queries[0].id, "1001");
  EXPECT_EQ(c.queries[1].id, "1002");
  EXPECT_EQ(c.queries[1].ordinal, 1u);
}

TEST(RedsetReader, MicrosecondsWhereMillisecondsBelongAreCaught) {
  SymbolTable s;
  try {
    convert_all(TraceFormat::kRedset, format_fixture("redset_microseconds.csv"), s);
    FAIL() << "a 2.9-year query passed";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("redset_microseconds.csv: line 3, column 4 (execution_duration_ms)"));
    EXPECT_THAT(e.what(), HasSubstr("milliseconds"));
  }
}

TEST(RedsetReader, UnknownQueryTypeIsAnError) {
  EXPECT_THAT(
      testing::conversion_error(TraceFormat::kRedset, "r.csv",
                                "instance_id,query_id,arrival_timestamp,execution_duration_ms,query_type\n"
                                "1,1,2024-03-01,5,merge\n"),
      HasSubstr("line 2, column 5 (query_type): unknown query_type \"merge\""));
}

}  // namespace
}  // namespace rsim
