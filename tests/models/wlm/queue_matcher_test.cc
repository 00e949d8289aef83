#include "models/wlm/queue_matcher.h"

#include <gtest/gtest.h>

#include "models/wlm/wildcard.h"

namespace rsim {
namespace {

WlmQueueConfig named(const std::string& name) {
  WlmQueueConfig q;
  q.name = name;
  return q;
}

TEST(Wildcard, StarQuestionMarkAndCase) {
  EXPECT_TRUE(wildcard_match("etl_*", "etl_loader"));
  EXPECT_TRUE(wildcard_match("etl_*", "ETL_"));
  EXPECT_FALSE(wildcard_match("etl_*", "xetl_loader"));
  EXPECT_TRUE(wildcard_match("dash?", "dash1"));
  EXPECT_FALSE(wildcard_match("dash?", "dash12"));
  EXPECT_TRUE(wildcard_match("*report*", "weekly_REPORT_v2"));
  EXPECT_TRUE(wildcard_match("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(wildcard_match("a*b*c", "aXXbYY"));
  EXPECT_TRUE(wildcard_match("*", ""));
}

class QueueMatcherTest : public ::testing::Test {
 protected:
  QueueMatcherTest() {
    WlmQueueConfig etl;
    etl.name = "etl";
    etl.user_groups = {"loaders"};
    WlmQueueConfig dash;
    dash.name = "dash";
    dash.query_groups = {"dash*"};
    dash.query_group_wildcard = true;
    WlmQueueConfig adhoc;
    adhoc.name = "adhoc";
    adhoc.user_groups = {"analyst_1"};  // not a group in the directory: a user name
    adhoc.query_groups = {"dashboard"};
    config_.queues = {etl, dash, adhoc, named("default")};
    groups_["loaders"] = {"etl_*", "cdc_writer"};
  }

  Query query(const std::string& user, const std::string& group) {
    Query q;
    q.user = symbols_.intern(user);
    q.query_group = symbols_.intern(group);
    return q;
  }

  WlmConfig config_;
  UserGroups groups_;
  SymbolTable symbols_;
};

TEST_F(QueueMatcherTest, FirstMatchingQueueElseDefault) {
  QueueMatcher m(config_, groups_, symbols_);
  EXPECT_EQ(m.route(query("etl_nightly", "")), 0u);   // group member by wildcard
  EXPECT_EQ(m.route(query("CDC_WRITER", "")), 0u);    // case ignored
  EXPECT_EQ(m.route(query("bob", "dashboard")), 1u);  // dash* comes before adhoc's exact match
  EXPECT_EQ(m.route(query("analyst_1", "")), 2u);
  EXPECT_EQ(m.route(query("bob", "")), 3u);
  EXPECT_EQ(m.route(query("bob", "reports")), 3u);
}

TEST_F(QueueMatcherTest, NextMatchingQueueNeverTheDefault) {
  QueueMatcher m(config_, groups_, symbols_);
  const Query q = query("analyst_1", "dashboard");  // matches dash (1) and adhoc (2)
  EXPECT_EQ(m.route(q), 1u);
  EXPECT_EQ(m.next_after(q, 1), 2u);
  EXPECT_FALSE(m.next_after(q, 2).has_value());
  EXPECT_FALSE(m.next_after(query("bob", ""), 3).has_value());
}

TEST(QueueMatcher, ExactMatchWithoutWildcards) {
  WlmConfig config;
  WlmQueueConfig q;
  q.name = "q";
  q.query_groups = {"dash*"};
  config.queues = {q, named("default")};
  UserGroups groups;
  SymbolTable symbols;
  QueueMatcher m(config, groups, symbols);
  Query literal, other;
  literal.query_group = symbols.intern("DASH*");
  other.query_group = symbols.intern("dashboard");
  EXPECT_EQ(m.route(literal), 0u);
  EXPECT_EQ(m.route(other), 1u);
}

}  // namespace
}  // namespace rsim
