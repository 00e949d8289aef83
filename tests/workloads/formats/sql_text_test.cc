#include "workloads/formats/sql_text.h"

#include <gtest/gtest.h>

namespace rsim {
namespace {

TEST(SqlText, TypeComesFromTheLeadingKeyword) {
  EXPECT_EQ(query_type_of_sql("  -- nightly\n/* a */ (SELECT 1)"), QueryType::kSelect);
  EXPECT_EQ(query_type_of_sql("WITH x AS (select 1) select * from x"), QueryType::kSelect);
  EXPECT_EQ(query_type_of_sql("select a into t2 from t"), QueryType::kCtas);
  EXPECT_EQ(query_type_of_sql("Insert into t values (1)"), QueryType::kInsert);
  EXPECT_EQ(query_type_of_sql("update t set a=1"), QueryType::kUpdate);
  EXPECT_EQ(query_type_of_sql("delete from t"), QueryType::kDelete);
  EXPECT_EQ(query_type_of_sql("copy t from 's3://x'"), QueryType::kCopy);
  EXPECT_EQ(query_type_of_sql("unload ('select 1') to 's3://x'"), QueryType::kUnload);
  EXPECT_EQ(query_type_of_sql("create temp table t as select 1"), QueryType::kCtas);
  EXPECT_EQ(query_type_of_sql("create table t (a int)"), QueryType::kDdl);
  EXPECT_EQ(query_type_of_sql("drop table t"), QueryType::kDdl);
  EXPECT_EQ(query_type_of_sql("vacuum t"), QueryType::kOther);
  EXPECT_EQ(query_type_of_sql(""), QueryType::kOther);
}

TEST(SqlText, FingerprintIgnoresLiteralsCaseBlanksAndComments) {
  const auto f = sql_fingerprint("SELECT a FROM t WHERE id = 42 AND name = 'bob'");
  EXPECT_EQ(f, sql_fingerprint("select a\n  from t -- note\n where id = 7 and name = 'it''s'"));
  EXPECT_EQ(f, sql_fingerprint("select /* x */ a from t where id = 3.5 and name = ''"));
  EXPECT_NE(f, sql_fingerprint("select b from t where id = 42 and name = 'bob'"));
  EXPECT_NE(sql_fingerprint("select \"A\" from t"), sql_fingerprint("select \"a\" from t"));
  EXPECT_EQ(sql_fingerprint("select t1.a from t1"), sql_fingerprint("select t1.a from t1"));
  EXPECT_NE(sql_fingerprint("select t1.a from t1"), sql_fingerprint("select t2.a from t2"));
  EXPECT_NE(sql_fingerprint(""), 0u);
}

}  // namespace
}  // namespace rsim
