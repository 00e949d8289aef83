// `rsim trace convert` and `rsim trace transform` as a user runs them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"
#include "workloads/trace/trace_reader.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;
using testing::run_rsim;

const std::string kFormats = std::string(RSIM_TEST_DATA) + "/formats/";

std::vector<Query> read_trace(const std::filesystem::path& p, SymbolTable& s) {
  TraceReader r(p, s, TraceReaderOptions{false, false});
  std::vector<Query> out;
  Query q;
  while (r.next(q)) out.push_back(q);
  return out;
}

TEST(TraceCli, ConvertWritesACanonicalTraceThatReadsBackExactly) {
  testing::TempDir dir;
  const auto out = dir.path() / "t.csv.zst";
  const auto r = run_rsim("trace convert --from sys_query_history " + kFormats +
                          "sys_query_history.csv --out " + out.string() + " --capacity rpu:32");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("converted 4 queries"));
  EXPECT_THAT(r.output, HasSubstr("skipped: status running (not finished): 1"));
  SymbolTable s;
  const auto qs = read_trace(out, s);
  ASSERT_EQ(qs.size(), 4u);
  EXPECT_EQ(qs[0].id, "5001");
  EXPECT_DOUBLE_EQ(qs[0].exec_ms, 1900.0);
  EXPECT_DOUBLE_EQ(qs[0].queue_ms, 500.0);
  EXPECT_EQ(s.name(qs[0].observed_capacity), "rpu:32");
  EXPECT_EQ(qs[1].type, QueryType::kInsert);
  EXPECT_TRUE(qs[3].result_cache_hit);
  // The converted trace runs.
  const auto run = run_rsim("run " + testing::kSourceDir + "/models/scenarios/example.json --trace " +
                            out.string() + " --out " + (dir.path() / "run").string());
  EXPECT_EQ(run.code, 0) << run.output;
}

TEST(TraceCli, EveryFormatConverts) {
  testing::TempDir dir;
  for (const auto& [format, input, rows] : std::vector<std::tuple<std::string, std::string, std::size_t>>{
           {"stl", "stl.csv", 3}, {"redset", "redset.csv", 4}, {"test_drive", "test_drive", 3}}) {
    const auto out = dir.path() / (format + ".csv");
    const auto r =
        run_rsim("trace convert --from " + format + " " + kFormats + input + " --out " + out.string());
    ASSERT_EQ(r.code, 0) << format << ": " << r.output;
    SymbolTable s;
    EXPECT_EQ(read_trace(out, s).size(), rows) << format;
  }
}

TEST(TraceCli, ConvertFailureExitsTwoAndWritesNothing) {
  testing::TempDir dir;
  const auto out = dir.path() / "t.csv";
  const auto r =
      run_rsim("trace convert --from redset " + kFormats + "redset_microseconds.csv --out " + out.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.output, HasSubstr("line 3, column 4 (execution_duration_ms)"));
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  EXPECT_NE(run_rsim("trace convert --from parquet x --out y").code, 0);
}

TEST(TraceCli, TransformScalesLoadAndFilters) {
  testing::TempDir dir;
  const std::string day = testing::kSourceDir + "/workloads/examples/airline_day.csv";
  SymbolTable s0;
  const auto original = read_trace(day, s0);

  const auto twice = dir.path() / "twice.csv";
  auto r = run_rsim("trace transform " + day + " --out " + twice.string() + " --load-scale 2 --jitter 5");
  ASSERT_EQ(r.code, 0) << r.output;
  SymbolTable s1;
  EXPECT_EQ(read_trace(twice, s1).size(), 2 * original.size());

  const auto sales = dir.path() / "sales.csv";
  r = run_rsim("trace transform " + day + " --out " + sales.string() +
               " --include domain=sales --exclude query_type=copy,insert --data-scale 1000");
  ASSERT_EQ(r.code, 0) << r.output;
  SymbolTable s2;
  const auto kept = read_trace(sales, s2);
  ASSERT_FALSE(kept.empty());
  std::size_t want = 0;
  for (const Query& q : original) {
    want += s0.name(q.domain) == "sales" && q.type != QueryType::kCopy && q.type != QueryType::kInsert;
  }
  EXPECT_EQ(kept.size(), want);
  for (const Query& q : kept) EXPECT_EQ(s2.name(q.domain), "sales");

  r = run_rsim("trace transform " + day + " --out " + (dir.path() / "x.csv").string() +
               " --include colour=red");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.output, HasSubstr("unknown field \"colour\""));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "x.csv"));
}

}  // namespace
}  // namespace rsim
