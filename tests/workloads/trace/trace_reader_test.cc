#include "workloads/trace/trace_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/core/random.h"
#include "sim/io/input_error.h"
#include "tests/support/temp_dir.h"
#include "workloads/synthetic/airline_day.h"
#include "workloads/trace/trace_writer.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;

std::vector<Query> read_all(const std::filesystem::path& p, SymbolTable& symbols, TraceReaderOptions o = {}) {
  TraceReader r(p, symbols, o);
  std::vector<Query> out;
  Query q;
  while (r.next(q)) out.push_back(q);
  return out;
}

// The error message from reading `content` as a trace, or "" if it reads cleanly.
std::string error_of(const std::string& content, TraceReaderOptions o = {}) {
  TempDir dir;
  const auto p = dir.write("trace.csv", content);
  SymbolTable symbols;
  try {
    read_all(p, symbols, o);
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_THAT(msg, HasSubstr(p.string())) << "the message must name the file";
    return msg;
  }
  return "";
}

const std::string kHeader = "query_id,arrival,exec_ms,user,query_type\n";

TEST(TraceReader, ReadsColumnsInAnyOrderWithDefaults) {
  TempDir dir;
  const auto p =
      dir.write("t.csv",
                "exec_ms,extra_unknown,arrival,query_id,domain,query_type,session_id,result_cache_hit\n"
                "12.5,zzz,2026-03-03T00:00:01Z,a,sales,SELECT,s1,1\n"
                "7,zzz,1772496002.5,b,,copy,s1,0\n");
  SymbolTable symbols;
  const auto qs = read_all(p, symbols);
  ASSERT_EQ(qs.size(), 2u);
  EXPECT_EQ(qs[0].id, "a");
  EXPECT_EQ(qs[0].exec_ms, 12.5);
  EXPECT_EQ(qs[0].arrival, 1'772'496'001'000'000);
  EXPECT_EQ(symbols.name(qs[0].domain), "sales");
  EXPECT_EQ(symbols.name(qs[0].user), "default");
  EXPECT_EQ(symbols.name(qs[0].database), "dev");
  EXPECT_EQ(qs[0].type, QueryType::kSelect);
  EXPECT_TRUE(qs[0].result_cache_hit);
  EXPECT_EQ(qs[1].arrival, 1'772'496'002'500'000);
  EXPECT_EQ(qs[1].type, QueryType::kCopy);
  EXPECT_EQ(qs[0].session, qs[1].session);  // same session_id
  EXPECT_FALSE(present(qs[0].queue_ms));
  EXPECT_EQ(qs[0].compile_ms, 0.0);
}

TEST(TraceReader, QueriesWithoutSessionIdGetOneSessionEach) {
  TempDir dir;
  const auto p = dir.write("t.csv", kHeader + "a,1,1,u,select\nb,2,1,u,select\n");
  SymbolTable symbols;
  const auto qs = read_all(p, symbols);
  EXPECT_NE(qs[0].session, qs[1].session);
}

TEST(TraceReader, EmptyFile) { EXPECT_THAT(error_of(""), HasSubstr("empty file: expected a header row")); }

TEST(TraceReader, MissingRequiredColumn) {
  EXPECT_THAT(error_of("query_id,arrival\na,1\n"), HasSubstr("line 1: missing required column \"exec_ms\""));
}

TEST(TraceReader, BadNumberNamesLineAndColumn) {
  EXPECT_THAT(error_of(kHeader + "a,1,1,u,select\nb,2,fast,u,select\n"),
              HasSubstr("line 3, column 3 (exec_ms): expected a number, got \"fast\""));
  EXPECT_THAT(error_of(kHeader + "a,1,-4,u,select\n"),
              HasSubstr("line 2, column 3 (exec_ms): expected a number >= 0"));
  EXPECT_THAT(error_of(kHeader + "a,1,nan,u,select\n"),
              HasSubstr("line 2, column 3 (exec_ms): expected a number"));
}

TEST(TraceReader, BadTimestampNamesLineAndColumn) {
  EXPECT_THAT(error_of(kHeader + "a,2026-02-30T00:00:00Z,1,u,select\n"),
              HasSubstr("line 2, column 2 (arrival): bad timestamp \"2026-02-30T00:00:00Z\""));
}

TEST(TraceReader, UnknownQueryType) {
  EXPECT_THAT(error_of(kHeader + "a,1,1,u,merge\n"),
              HasSubstr("line 2, column 5 (query_type): unknown query type"));
}

TEST(TraceReader, UnsortedArrivals) {
  const std::string text = kHeader + "a,10,1,u,select\nb,5,1,u,select\n";
  EXPECT_THAT(error_of(text), HasSubstr("line 3, column 2 (arrival): arrivals out of order"));
  EXPECT_EQ(error_of(text, TraceReaderOptions{.sort = true}), "");
}

TEST(TraceReader, SortOptionOrdersByArrival) {
  TempDir dir;
  const auto p = dir.write("t.csv", kHeader + "a,10,1,u,select\nb,5,1,u,select\nc,5,2,u,select\n");
  SymbolTable symbols;
  const auto qs = read_all(p, symbols, TraceReaderOptions{.sort = true});
  ASSERT_EQ(qs.size(), 3u);
  EXPECT_EQ(qs[0].id, "b");  // stable: b before c
  EXPECT_EQ(qs[1].id, "c");
  EXPECT_EQ(qs[2].id, "a");
}

TEST(TraceReader, DuplicateQueryIdNamesBothLines) {
  std::string text = kHeader;
  for (int i = 0; i < 1000; ++i) text += "q" + std::to_string(i) + "," + std::to_string(i) + ",1,u,select\n";
  text += "q17,2000,1,u,select\n";
  EXPECT_THAT(error_of(text),
              HasSubstr("line 1002, column 1 (query_id): duplicate query_id \"q17\" (first on line 19)"));
  EXPECT_THAT(error_of(text, TraceReaderOptions{.sort = true}), HasSubstr("duplicate query_id \"q17\""));
}

TEST(TraceReader, NoFalseDuplicatesAmongManyIds) {
  TempDir dir;
  std::string text = kHeader;
  for (int i = 0; i < 200000; ++i)
    text += "q" + std::to_string(i) + "," + std::to_string(i) + ",1,u,select\n";
  const auto p = dir.write("t.csv", text);
  SymbolTable symbols;
  EXPECT_EQ(read_all(p, symbols).size(), 200000u);
}

TEST(TraceReader, DuplicateFarApartAcrossBatches) {
  std::string text = kHeader;
  for (int i = 0; i < 70'000; ++i)
    text += "q" + std::to_string(i) + "," + std::to_string(i) + ",1,u,select\n";
  text += "q3,70000,1,u,select\n";
  EXPECT_THAT(error_of(text),
              HasSubstr("line 70002, column 1 (query_id): duplicate query_id \"q3\" (first on line 5)"));
}

TEST(TraceReader, DuplicateOnAdjacentRows) {
  const std::string text = kHeader + "a,1,1,u,select\nb,2,1,u,select\nb,3,1,u,select\nc,4,1,u,select\n";
  EXPECT_THAT(error_of(text),
              HasSubstr("line 4, column 1 (query_id): duplicate query_id \"b\" (first on line 3)"));
}

TEST(TraceReader, HexIdsReadAsTheirValue) {
  TempDir dir;
  const auto p = dir.write("t.csv",
                           "query_id,arrival,exec_ms,session_id,fingerprint\n"
                           "a,1,1,0123456789abcdef,fedcba9876543210\n"
                           "b,2,1,0123456789ABCDEF,0123456789abcdeg\n"
                           "c,3,1,123456789abcdef,0000000000000000\n");
  SymbolTable symbols;
  const auto qs = read_all(p, symbols);
  ASSERT_EQ(qs.size(), 3u);
  EXPECT_EQ(qs[0].session, 0x0123456789abcdefULL);
  EXPECT_EQ(qs[0].fingerprint, 0xfedcba9876543210ULL | 1);  // odd: 0 means "no fingerprint"
  // Not 16 lowercase hex digits (upper case, a 'g', 15 digits): hashed.
  EXPECT_EQ(qs[1].session, mix64(stable_hash("0123456789ABCDEF")));
  EXPECT_EQ(qs[1].fingerprint, mix64(stable_hash("0123456789abcdeg")) | 1);
  EXPECT_EQ(qs[2].session, mix64(stable_hash("123456789abcdef")));
  EXPECT_EQ(qs[2].fingerprint, 1u);
}

TEST(TraceReader, SkipsFreeTextColumnsOutsideTheSetButChecksTheRest) {
  TempDir dir;
  const std::string header = "query_id,arrival,exec_ms,user,database,domain,client,read_tables,peak_mem_mb\n";
  const auto p = dir.write("t.csv", header + "a,1,1,alice,db1,sales,psql,t1;t2,5\n");
  TraceReaderOptions o;
  for (const auto c :
       {TraceColumn::kUser, TraceColumn::kDatabase, TraceColumn::kClient, TraceColumn::kReadTables})
    remove_column(o.columns, c);
  SymbolTable symbols;
  const auto qs = read_all(p, symbols, o);
  ASSERT_EQ(qs.size(), 1u);
  // Skipped: as if the header lacked the column.
  EXPECT_EQ(symbols.name(qs[0].user), "default");
  EXPECT_EQ(symbols.name(qs[0].database), "dev");
  EXPECT_EQ(qs[0].client, 0u);
  EXPECT_EQ(qs[0].read_tables, 0u);
  EXPECT_FALSE(symbols.find("alice"));
  // Read: as always.
  EXPECT_EQ(symbols.name(qs[0].domain), "sales");
  EXPECT_EQ(qs[0].peak_mem_mb, 5.0);
  // A column with rules is checked whatever the set.
  EXPECT_THAT(error_of(header + "a,1,1,alice,db1,sales,psql,t1,lots\n", o),
              HasSubstr("line 2, column 9 (peak_mem_mb): expected a number"));
}

TEST(TraceReader, UnterminatedQuote) {
  EXPECT_THAT(error_of(kHeader + "a,1,1,\"u,select\n"),
              HasSubstr("line 2, column 4: unterminated quoted field"));
}

TEST(TraceReader, WrongEncoding) {
  EXPECT_THAT(error_of(kHeader + "a,1,1,\xFF\xFE,select\n"), HasSubstr("line 2, column 4: invalid UTF-8"));
  EXPECT_THAT(error_of("\xFF\xFEq\0"), HasSubstr("UTF-16"));
}

TEST(TraceReader, WrongFieldCount) {
  EXPECT_THAT(error_of(kHeader + "a,1,1\n"), HasSubstr("line 2: 3 fields, but the header has 5 columns"));
}

TEST(TraceReader, DuplicateHeaderColumn) {
  EXPECT_THAT(error_of("query_id,arrival,exec_ms,arrival\n"),
              HasSubstr("line 1, column 4: column \"arrival\" appears twice"));
}

TEST(TraceReader, EmptyRequiredValues) {
  EXPECT_THAT(error_of(kHeader + ",1,1,u,select\n"),
              HasSubstr("line 2, column 1 (query_id): query_id is empty"));
  EXPECT_THAT(error_of(kHeader + "a,1,,u,select\n"),
              HasSubstr("line 2, column 3 (exec_ms): exec_ms is empty"));
}

TEST(TraceReader, BlankLinesAreSkipped) {
  TempDir dir;
  const auto p = dir.write("t.csv", kHeader + "a,1,1,u,select\n\nb,2,1,u,select\n\n");
  SymbolTable symbols;
  EXPECT_EQ(read_all(p, symbols).size(), 2u);
}

TEST(TraceReader, MissingFile) {
  SymbolTable symbols;
  EXPECT_THROW(TraceReader("/nonexistent/trace.csv", symbols), InputError);
}

// Writing then reading gives the same queries, plain and compressed; a second write is byte-identical.
class TraceRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(TraceRoundTrip, WriteReadWrite) {
  TempDir dir;
  SymbolTable symbols;
  AirlineDayConfig cfg;
  cfg.start = 1'772'496'000'000'000;
  AirlineDaySource source(cfg, symbols);
  const auto first = dir.path() / ("a" + GetParam());
  const auto second = dir.path() / ("b" + GetParam());
  std::vector<Query> original;
  {
    TraceWriter w(first, symbols);
    Query q;
    while (source.next(q)) {
      original.push_back(q);
      w.write(q);
    }
    w.close();
  }
  SymbolTable symbols2;
  const auto back = read_all(first, symbols2);
  ASSERT_EQ(back.size(), original.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i].id, original[i].id);
    EXPECT_EQ(back[i].arrival, original[i].arrival);
    EXPECT_EQ(back[i].exec_ms, original[i].exec_ms);
    EXPECT_EQ(back[i].type, original[i].type);
    EXPECT_EQ(symbols2.name(back[i].domain), symbols.name(original[i].domain));
    EXPECT_EQ(symbols2.name(back[i].observed_capacity), symbols.name(original[i].observed_capacity));
    EXPECT_EQ(back[i].result_cache_hit, original[i].result_cache_hit);
  }
  {
    TraceWriter w(second, symbols2);
    for (const auto& q : back) w.write(q);
    w.close();
  }
  SymbolTable symbols3;
  const auto again = read_all(second, symbols3);
  ASSERT_EQ(again.size(), back.size());
  for (std::size_t i = 0; i < again.size(); ++i) {
    EXPECT_EQ(again[i].session == again[std::min(i + 1, again.size() - 1)].session,
              back[i].session == back[std::min(i + 1, back.size() - 1)].session);
  }
  if (GetParam() == ".csv") {
    EXPECT_TRUE(testing::read_file(first) == testing::read_file(second))
        << "write -> read -> write changed bytes";
  }
}

INSTANTIATE_TEST_SUITE_P(Compression, TraceRoundTrip, ::testing::Values(".csv", ".csv.gz", ".csv.zst"),
                         [](const auto& param_info) {
                           return param_info.param.substr(1) == "csv" ? std::string("plain")
                                                                      : param_info.param.substr(5);
                         });

TEST(TraceWriter, LeavesNothingBehindWithoutClose) {
  TempDir dir;
  SymbolTable symbols;
  {
    TraceWriter w(dir.path() / "t.csv", symbols);
    Query q;
    q.id = "x";
    w.write(q);
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(TraceReader, CorruptGzipIsAnInputError) {
  TempDir dir;
  const auto p = dir.write("t.csv.gz", "this is not gzip");
  SymbolTable symbols;
  try {
    read_all(p, symbols);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("not a valid gzip stream"));
  }
}

}  // namespace
}  // namespace rsim
