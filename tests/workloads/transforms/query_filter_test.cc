#include "workloads/transforms/query_filter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/io/input_error.h"
#include "tests/workloads/transforms/transform_test_support.h"

namespace rsim {
namespace {

using testing::drain;
using ::testing::HasSubstr;
using testing::ListSource;

std::vector<Query> users_trace(SymbolTable& s) {
  std::vector<Query> qs;
  const char* users[] = {"etl", "bi", "adhoc"};
  const char* dbs[] = {"sales", "ops"};
  for (int i = 0; i < 60; ++i) {
    Query q;
    q.id = std::to_string(i);
    q.arrival = i * 1'000'000;
    q.user = s.intern(users[i % 3]);
    q.database = s.intern(dbs[i % 2]);
    q.type = i % 4 == 0 ? QueryType::kCopy : QueryType::kSelect;
    qs.push_back(q);
  }
  return qs;
}

TEST(QueryFilter, IncludesMustAllMatchAndAnyExcludeDrops) {
  SymbolTable s;
  const auto in = users_trace(s);
  QueryFilterConfig c;
  c.include = {parse_filter_rule("user=etl,bi"), parse_filter_rule("database=*")};
  c.exclude = {parse_filter_rule("query_type=copy"), parse_filter_rule("database=ops")};
  ListSource source(in);
  QueryFilter f(source, s, c);
  const auto out = drain(f);
  std::size_t want = 0;
  for (const Query& q : in) {
    const auto& u = s.name(q.user);
    want += (u == "etl" || u == "bi") && q.type != QueryType::kCopy && s.name(q.database) != "ops";
  }
  ASSERT_EQ(out.size(), want);
  for (const Query& q : out) {
    EXPECT_NE(s.name(q.user), "adhoc");
    EXPECT_NE(q.type, QueryType::kCopy);
    EXPECT_EQ(s.name(q.database), "sales");
  }
}

TEST(QueryFilter, TimeWindowIsHalfOpen) {
  SymbolTable s;
  QueryFilterConfig c;
  c.since = 10'000'000;
  c.until = 20'000'000;
  ListSource source(users_trace(s));
  QueryFilter f(source, s, c);
  const auto out = drain(f);
  ASSERT_EQ(out.size(), 10u);
  EXPECT_EQ(out.front().arrival, 10'000'000);
  EXPECT_EQ(out.back().arrival, 19'000'000);
}

TEST(QueryFilter, SampleKeepsItsShareOfQueriesReproducibly) {
  const auto in = testing::session_trace(1000, 10);
  SymbolTable s;
  QueryFilterConfig c;
  c.sample = 0.3;
  c.seed = 5;
  ListSource a(in), b(in);
  QueryFilter fa(a, s, c), fb(b, s, c);
  const auto out = drain(fa);
  // 10,000 queries at 0.3: sd = 46; within 4 sd.
  EXPECT_NEAR(static_cast<double>(out.size()), 3000.0, 185.0);
  EXPECT_EQ(drain(fb).size(), out.size());
}

TEST(QueryFilter, BadRulesAreErrors) {
  EXPECT_THROW(parse_filter_rule("user"), InputError);
  try {
    parse_filter_rule("colour=red");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("unknown field \"colour\""));
  }
  EXPECT_THROW(parse_filter_rule("query_type=merge"), InputError);
}

TEST(QueryFilter, QueryTypesMatchWhateverTheirCase) {
  SymbolTable s;
  QueryFilterConfig c;
  c.include = {parse_filter_rule("query_type=SELECT")};
  testing::ListSource source(users_trace(s));
  QueryFilter f(source, s, c);
  EXPECT_EQ(drain(f).size(), 45u);  // every query but the 15 copies
}

}  // namespace
}  // namespace rsim
