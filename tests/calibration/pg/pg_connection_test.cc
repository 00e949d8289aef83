#include "calibration/pg/pg_connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rsim {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(PgConnection, RedactedDsnsKeepTheServerAndDropThePassword) {
  EXPECT_EQ(redact_dsn("host=db.example port=5439 dbname=dev user=ana password=s3cr3t sslmode=require"),
            "user=ana dbname=dev host=db.example port=5439 sslmode=require");  // libpq's keyword order
  const std::string uri = redact_dsn("postgresql://ana:s3cr3t@db.example:5439/dev?sslmode=verify-full");
  EXPECT_THAT(uri, HasSubstr("host=db.example"));
  EXPECT_THAT(uri, HasSubstr("user=ana"));
  EXPECT_THAT(uri, Not(HasSubstr("s3cr3t")));
  EXPECT_EQ(redact_dsn("host=x password='unterminated"), "(unparsable DSN)");
}

TEST(PgConnection, AnUnreachableServerIsAConnectionFailureNamingIt) {
  try {
    PgConnection c("host=127.0.0.1 port=1 dbname=dev user=ana password=s3cr3t connect_timeout=2", 1000);
    FAIL() << "connected to port 1";
  } catch (const PgError& e) {
    EXPECT_EQ(e.kind(), PgFailure::kConnection);
    EXPECT_THAT(e.what(), HasSubstr("host=127.0.0.1 port=1"));
    EXPECT_THAT(e.what(), Not(HasSubstr("s3cr3t")));
  }
}

}  // namespace
}  // namespace rsim
