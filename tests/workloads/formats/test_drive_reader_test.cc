#include "workloads/formats/test_drive_reader.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/workloads/formats/format_test_support.h"
#include "workloads/formats/foreign_columns.h"
#include "workloads/formats/sql_text.h"
#include "workloads/trace/timestamp.h"

namespace rsim {
namespace {

using testing::convert_all;
using testing::format_fixture;
using ::testing::HasSubstr;

SimTime at(const char* text) { return *parse_timestamp(text, nullptr); }

TEST(TestDriveReader, ReadsTransactionsInArrivalOrderWithSessionsFromConnections) {
  SymbolTable s;
  const auto c = convert_all(TraceFormat::kTestDrive, format_fixture("test_drive"), s);
  ASSERT_EQ(c.queries.size(), 3u);  // the commented-out FETCH is left out

  const Query& set = c.queries[0];
  EXPECT_EQ(set.id, "2612671-1");
  EXPECT_EQ(set.arrival, at("2023-01-09T15:48:15Z"));  // record_time: no start_time
  EXPECT_EQ(set.type, QueryType::kOther);
  EXPECT_EQ(s.name(set.user), "awsuser");
  EXPECT_EQ(s.name(set.database), "dev");
  EXPECT_EQ(s.name(set.client), "dbeaver");
  EXPECT_FALSE(present(set.exec_ms));  // the extract has no durations

  // The other transaction's insert starts between the first transaction's two queries.
  const Query& insert = c.queries[1];
  EXPECT_EQ(insert.id, "2612672-1");
  EXPECT_EQ(insert.arrival, at("2023-01-09T15:48:16.5Z"));
  EXPECT_EQ(insert.type, QueryType::kInsert);
  EXPECT_EQ(s.name(insert.client), "");  // no connection record

  const Query& select = c.queries[2];
  EXPECT_EQ(select.id, "2612671-2");
  EXPECT_EQ(select.type, QueryType::kSelect);
  EXPECT_EQ(select.session, set.session);
  EXPECT_NE(select.session, insert.session);
  EXPECT_EQ(select.fingerprint, sql_fingerprint("select \"a\", 'other' from t where y = 7;"));
  EXPECT_EQ(select.ordinal, 2u);

  EXPECT_EQ(c.tally.count("skipped: commented-out statement"), 1u);
}

TEST(TestDriveReader, MalformedExtractsNameTheProblem) {
  testing::TempDir dir;
  SymbolTable s;
  const auto expect_error = [&](const std::string& json, const std::string& what) {
    const auto p = dir.write("SQLs.json", json);
    try {
      convert_all(TraceFormat::kTestDrive, p, s);
      ADD_FAILURE() << "accepted: " << json;
    } catch (const InputError& e) {
      EXPECT_THAT(e.what(), HasSubstr(p.string()));
      EXPECT_THAT(e.what(), HasSubstr(what));
    }
  };
  expect_error("[1, 2]", "expected a JSON object with the key \"transactions\"");
  expect_error("{\"queries\": {}}", "unexpected key \"queries\"");
  expect_error(
      "{\"transactions\": {\"1\": {\"xid\": \"1\", \"pid\": \"2\", \"db\": \"d\", \"user\": \"u\", "
      "\"queries\": [{\"record_time\": \"2023-01-09T15:48:15+00:00\", \"text\": \"select 1",
      "invalid JSON near byte");
  expect_error(
      "{\"transactions\": {\"1\": {\"xid\": \"1\", \"pid\": \"2\", \"db\": \"d\", \"queries\": []}}}",
      "missing \"user\"");
  expect_error(
      "{\"transactions\": {\"1\": {\"xid\": \"1\", \"pid\": \"2\", \"db\": \"d\", \"user\": \"u\", "
      "\"queries\": [{\"record_time\": \"yesterday\", \"text\": \"select 1\"}]}}}",
      "bad timestamp");
  expect_error(
      "{\"transactions\": {\"1\": {\"xid\": \"1\", \"pid\": \"2\", \"db\": \"d\", \"user\": \"u\", "
      "\"colour\": 1, \"queries\": []}}}",
      "unknown key \"colour\"");
  expect_error(
      "{\"transactions\": {"
      "\"1\": {\"xid\": \"1\", \"pid\": \"2\", \"db\": \"d\", \"user\": \"u\", \"queries\": "
      "[{\"record_time\": \"2023-01-09T15:48:15+00:00\", \"text\": \"select 1\"}]},"
      "\"2\": {\"xid\": \"2\", \"pid\": \"2\", \"db\": \"d\", \"user\": \"u\", \"queries\": "
      "[{\"record_time\": \"2023-01-09T15:00:00+00:00\", \"text\": \"select 1\"}]}}}",
      "not in time order");
}

// The parser runs ahead on its own thread with a bounded queue: a reader that stops early (here on a bad
// timestamp in the first transaction, with thousands parsed behind it) must stop it and not hang.
TEST(TestDriveReader, StoppingEarlyStopsTheParserThread) {
  std::string json = R"({"transactions": {)";
  for (int x = 0; x < 20000; ++x) {
    json += fmt::format(R"({}"{}": {{"xid": "{}", "pid": "1", "db": "d", "user": "u", "queries": [)"
                        R"({{"record_time": "{}", "text": "select {}"}}]}})",
                        x ? "," : "", x, x, x == 0 ? "yesterday" : "2023-01-09T15:48:15+00:00", x);
  }
  json += "}}";
  testing::TempDir dir;
  const auto p = dir.write("SQLs.json", json);
  SymbolTable s;
  EXPECT_THROW(convert_all(TraceFormat::kTestDrive, p, s), InputError);
  // And one that reads everything gets every transaction, in order.
  json.replace(json.find("yesterday"), 9, "2023-01-09T15:48:14+00:00");
  const auto q = dir.write("SQLs2.json", json);
  const auto c = convert_all(TraceFormat::kTestDrive, q, s);
  ASSERT_EQ(c.queries.size(), 20000u);
  EXPECT_EQ(c.queries.front().id, "0-1");
  EXPECT_EQ(c.queries.back().id, "19999-1");
}

TEST(TestDriveReader, ConnectionsWithNullsReadAndWrongTypesAreErrors) {
  testing::TempDir dir;
  const auto sqls = format_fixture("test_drive") / "SQLs.json";
  std::filesystem::copy_file(sqls, dir.path() / "SQLs.json");
  dir.write("connections.json", R"([{"session_initiation_time": "2023-01-09 15:48:15+00:00",
      "disconnection_time": null, "application_name": null, "database_name": "dev", "username": "awsuser",
      "pid": 1073815778}])");
  SymbolTable s;
  const auto c = convert_all(TraceFormat::kTestDrive, dir.path(), s);
  ASSERT_EQ(c.queries.size(), 3u);
  EXPECT_EQ(c.queries[0].session, c.queries[2].session);
  dir.write("connections.json", R"([{"session_initiation_time": 17, "application_name": ["x"]}])");
  try {
    convert_all(TraceFormat::kTestDrive, dir.path(), s);
    FAIL() << "a list as application_name passed";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("connections.json: connection 0"));
  }
}

}  // namespace
}  // namespace rsim
