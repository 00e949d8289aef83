// `rsim pull` against a real PostgreSQL server holding tables shaped like Redshift's system views: what it
// reads, and how it fails (wrong password, missing table, statement timeout, the server stopped mid-pull).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "calibration/pull/system_table_queries.h"
#include "tests/support/build_paths.h"
#include "tests/support/cli_runner.h"
#include "tests/support/postgres_server.h"
#include "tests/support/temp_dir.h"
#include "tests/support/trace_files.h"
#include "workloads/trace/timestamp.h"
#include "workloads/trace/trace_reader.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::PostgresServer;
using testing::read_trace;
using testing::run_rsim;

// `n` statements from 2026-11-01 00:00, one every 100 ms: 50 ms long (10 ms queued, 40 ms running, of which
// 2 ms compiling), 3 MiB scanned and 1 MB spilled each, 7 users, 50 sessions.
void fill_history(const PostgresServer& pg, int n) {
  pg.exec(
      "INSERT INTO sys_query_history (user_id, query_id, query_label, transaction_id, session_id, "
      "database_name, query_type, status, result_cache_hit, start_time, end_time, elapsed_time, queue_time, "
      "execution_time, compile_time, query_text, username, generic_query_hash, service_class_id) "
      "SELECT 100 + i % 7, i, 'default', i, 1000 + i % 50, 'dev', 'SELECT', 'success', false, "
      "timestamp '2026-11-01' + i * interval '100 milliseconds', "
      "timestamp '2026-11-01' + i * interval '100 milliseconds' + interval '50 milliseconds', "
      "50000, 10000, 40000, 2000, 'select * from t' || (i % 10), 'user_' || (i % 7), md5((i % 10)::text), -1 "
      "FROM generate_series(0, " +
      std::to_string(n - 1) +
      ") i;"
      "INSERT INTO sys_query_detail (user_id, query_id, child_query_sequence, stream_id, segment_id, "
      "step_id, "
      "step_name, start_time, input_bytes, spilled_block_local_disk, spilled_block_remote_disk, "
      "metrics_level) "
      "SELECT 100 + i % 7, i, 1, 0, 0, s, CASE WHEN s = 0 THEN 'scan' ELSE 'hash' END, "
      "timestamp '2026-11-01' + i * interval '100 milliseconds', 3 * 1048576, s, 0, 'step' "
      "FROM generate_series(0, " +
      std::to_string(n - 1) + ") i, generate_series(0, 1) s; ANALYZE;");
}

TEST(PullHelp, DocumentsThePrivilegesAndTheExactQueries) {
  const auto r = run_rsim("pull --help");
  EXPECT_EQ(r.code, 0);
  EXPECT_THAT(r.output, HasSubstr("SYSLOG ACCESS UNRESTRICTED"));
  EXPECT_THAT(r.output, HasSubstr("sys:monitor"));
  EXPECT_THAT(r.output, HasSubstr("PGPASSWORD"));
  for (const auto source : {PullSource::kStl, PullSource::kSys}) {
    const auto& q = system_table_queries(source);
    for (const std::string* sql : {&q.statements, &q.compiles, &q.layout, &q.capacity}) {
      if (sql->empty()) continue;
      // Each line of each statement, as run.
      std::istringstream lines(*sql);
      for (std::string line; std::getline(lines, line);) EXPECT_THAT(r.output, HasSubstr(line));
    }
  }
}

class PullCli : public ::testing::Test {
 protected:
  void SetUp() override { pg_.create_system_tables(); }
  std::string pull_args(const std::string& more) const { return "pull --dsn \"" + pg_.dsn() + "\" " + more; }
  PostgresServer pg_;
  testing::TempDir dir_;
};

TEST_F(PullCli, SysHistoryBecomesTheCanonicalTraceWithItsCapacitySeries) {
  fill_history(pg_, 3000);  // 5 minutes
  pg_.exec(
      "INSERT INTO sys_serverless_usage SELECT timestamp '2026-11-01' + m * interval '1 minute', "
      "timestamp '2026-11-01' + (m + 1) * interval '1 minute', 30.0 * m, 8 + 8 * (m % 2), 0, 0, 480 "
      "FROM generate_series(0, 9) m;");
  const auto out = dir_.path() / "day.csv";
  const auto r =
      run_rsim(pull_args("--source sys --since 2026-11-01 --until 2026-11-01T00:10:00 --window 60 "
                         "--capacity rpu:8 --out " +
                         out.string()));
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("pulled 3000 rows in 10 windows (0 reconnects) into 3000 queries"));
  SymbolTable s;
  const auto qs = read_trace(out, s);
  ASSERT_EQ(qs.size(), 3000u);
  const Query& q = qs[1234];
  EXPECT_EQ(q.id, "1234");
  EXPECT_EQ(q.arrival, *parse_timestamp("2026-11-01T00:02:03.4Z", nullptr));
  EXPECT_DOUBLE_EQ(q.exec_ms, 40.0);
  EXPECT_DOUBLE_EQ(q.queue_ms, 10.0);
  EXPECT_DOUBLE_EQ(q.compile_ms, 2.0);
  EXPECT_DOUBLE_EQ(q.mbytes_scanned, 3.0);  // the scan step only
  EXPECT_DOUBLE_EQ(q.mbytes_spilled, 1.0);  // summed over steps
  EXPECT_EQ(s.name(q.user), "user_2");
  EXPECT_EQ(s.name(q.observed_capacity), "rpu:8");
  const std::string capacity = testing::read_file(dir_.path() / "day.capacity.csv");
  EXPECT_THAT(capacity, HasSubstr("start_time,end_time,compute_seconds,compute_capacity,charged_seconds\n"));
  EXPECT_THAT(capacity, HasSubstr("2026-11-01 00:01:00,2026-11-01 00:02:00,30,16,480\n"));
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "day.wlm.json"));
}

TEST_F(PullCli, StlAttemptsFoldWithCompileTimeAndTheWlmLayout) {
  // Query 7 is evicted from queue 6 after 1 s queued and 2 s run, and restarts as query 8 in queue 7.
  pg_.exec(R"(
    INSERT INTO stl_query (userid, query, label, xid, pid, database, querytxt, starttime, endtime, aborted,
                           concurrency_scaling_status) VALUES
      (100, 7, 'default', 55, 4001, 'dev', 'select count(*) from sales', '2026-11-01 10:00:00',
       '2026-11-01 10:00:03', 0, 0),
      (100, 8, 'default', 55, 4001, 'dev', 'select count(*) from sales', '2026-11-01 10:00:03',
       '2026-11-01 10:00:08.5', 0, 0);
    INSERT INTO stl_wlm_query (userid, xid, task, query, service_class, slot_count, total_queue_time,
                               total_exec_time, final_state, est_peak_mem, service_class_name) VALUES
      (100, 55, 3, 7, 6, 1, 1000000, 2000000, 'Evicted', 104857600, 'etl'),
      (100, 55, 3, 8, 7, 2, 500000, 5000000, 'Completed', 209715200, 'long');
    INSERT INTO svl_compile (userid, xid, query, segment, starttime, endtime, compile) VALUES
      (100, 55, 7, 0, '2026-11-01 10:00:01', '2026-11-01 10:00:01.25', 1),
      (100, 55, 7, 1, '2026-11-01 10:00:01.25', '2026-11-01 10:00:01.3', 1),
      (100, 55, 7, 2, '2026-11-01 10:00:01.3', '2026-11-01 10:00:02', 0),
      (100, 55, 8, 0, '2026-11-01 10:00:03.5', '2026-11-01 10:00:03.6', 1);
    INSERT INTO svl_query_metrics_summary (userid, query, query_blocks_read, query_temp_blocks_to_disk) VALUES
      (100, 8, 4096, 64);
    INSERT INTO stv_wlm_service_class_config (service_class, num_query_tasks, query_working_mem, name,
                                              max_execution_time, concurrency_scaling, query_priority) VALUES
      (5, 1, 100, 'Superuser queue', 0, 'off', 'normal'),
      (6, 5, 400, 'etl', 60000, 'off', 'normal'),
      (7, 2, 1200, 'long', 0, 'auto', 'normal');
  )");
  const auto out = dir_.path() / "stl.csv.zst";
  const auto r =
      run_rsim(pull_args("--source stl --since 2026-11-01T09:00:00 --until 2026-11-01T11:00:00 "
                         "--endpoint prod --capacity ra3.4xlarge:2 --out " +
                         out.string()));
  ASSERT_EQ(r.code, 0) << r.output;
  SymbolTable s;
  const auto qs = read_trace(out, s);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].id, "7");
  EXPECT_DOUBLE_EQ(qs[0].exec_ms, 5000.0 - 100.0);  // the last attempt's run, less its compilation
  EXPECT_DOUBLE_EQ(qs[0].queue_ms, 1000.0 + 2000.0 + 500.0);
  EXPECT_DOUBLE_EQ(qs[0].compile_ms, 250.0 + 50.0 + 100.0);  // compile = 1 segments of both attempts
  EXPECT_DOUBLE_EQ(qs[0].mbytes_scanned, 4096.0);
  EXPECT_DOUBLE_EQ(qs[0].mbytes_spilled, 64.0);
  EXPECT_DOUBLE_EQ(qs[0].peak_mem_mb, 200.0);
  EXPECT_EQ(s.name(qs[0].observed_endpoint), "prod/long");
  const auto layout = nlohmann::json::parse(testing::read_file(dir_.path() / "stl.wlm.json"));
  ASSERT_EQ(layout["service_classes"].size(), 2u);  // user queues only
  EXPECT_EQ(layout["service_classes"][1]["name"], "long");
  EXPECT_EQ(layout["service_classes"][1]["num_query_tasks"], 2);
  EXPECT_EQ(layout["service_classes"][1]["query_working_mem"], 1200);
  EXPECT_EQ(layout["service_classes"][1]["concurrency_scaling"], "auto");
}

TEST_F(PullCli, WrongPasswordFailsClearlyWithoutShowingIt) {
  const auto out = dir_.path() / "t.csv";
  const std::string wrong = "Wr0ng-Secret-Value";
  const auto r = run_rsim("pull --dsn \"" + pg_.dsn(PostgresServer::kAdmin, wrong) + "\" --out " +
                          out.string() + " --since 2026-11-01 --until 2026-11-02");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("password authentication failed"));
  EXPECT_THAT(r.output, HasSubstr("Check the user and the password"));
  EXPECT_THAT(r.output, HasSubstr("host=127.0.0.1"));
  EXPECT_THAT(r.output, Not(HasSubstr(wrong)));
  EXPECT_THAT(r.output, Not(HasSubstr(PostgresServer::kPassword)));
  EXPECT_TRUE(std::filesystem::is_empty(dir_.path()));
}

TEST_F(PullCli, ThePasswordInAUriIsNeverShown) {
  fill_history(pg_, 10);
  const std::string uri = "postgresql://" + std::string(PostgresServer::kAdmin) + ":" +
                          PostgresServer::kPassword + "@127.0.0.1:" + std::to_string(pg_.port()) +
                          "/postgres?sslmode=disable";
  const auto out = dir_.path() / "t.csv";
  // A missing table, so that the message names the server.
  pg_.exec("DROP TABLE sys_query_detail");
  const auto r =
      run_rsim("pull --dsn \"" + uri + "\" --out " + out.string() + " --since 2026-11-01 --until 2026-11-02");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("user=rsim_admin"));
  EXPECT_THAT(r.output, Not(HasSubstr(PostgresServer::kPassword)));
}

TEST_F(PullCli, AMissingTableIsNamedWithTheGrantsToFixIt) {
  fill_history(pg_, 10);
  pg_.exec("DROP TABLE sys_query_detail");
  const auto out = dir_.path() / "t.csv";
  const auto r =
      run_rsim(pull_args("--source sys --out " + out.string() + " --since 2026-11-01 --until 2026-11-02"));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("relation \"sys_query_detail\" does not exist"));
  EXPECT_THAT(r.output, HasSubstr("superuser"));
  EXPECT_THAT(r.output, HasSubstr("SYSLOG ACCESS UNRESTRICTED"));
  EXPECT_TRUE(std::filesystem::is_empty(dir_.path()));
}

TEST_F(PullCli, StlOnAServerWithoutStlViewsSaysItIsNotAProvisionedCluster) {
  pg_.exec("DROP TABLE stl_wlm_query");
  const auto out = dir_.path() / "t.csv";
  const auto r =
      run_rsim(pull_args("--source stl --out " + out.string() + " --since 2026-11-01 --until 2026-11-02"));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("stl_wlm_query"));
  EXPECT_THAT(r.output, HasSubstr("provisioned cluster (not Serverless)"));
}

TEST_F(PullCli, AServerNotShapedLikeRedshiftIsSaidToBe) {
  pg_.exec("ALTER TABLE sys_query_history DROP COLUMN execution_time");
  const auto out = dir_.path() / "t.csv";
  const auto r = run_rsim(pull_args("--out " + out.string() + " --since 2026-11-01 --until 2026-11-02"));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("execution_time"));
  EXPECT_THAT(r.output, HasSubstr("not shaped like Redshift"));
}

// Waits until a pull writing into `dir` has exported more than `bytes` (its windows are under way).
void wait_for_export(const std::filesystem::path& dir, std::uintmax_t bytes) {
  for (int i = 0; i < 600; ++i) {
    for (const auto& f : std::filesystem::directory_iterator(dir)) {
      std::error_code ec;
      if (f.path().string().ends_with(".export.csv") && std::filesystem::file_size(f.path(), ec) > bytes)
        return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  FAIL() << "the pull made no progress";
}

// The history table replaced by a view that sleeps `seconds` once per statement.
void make_history_slow(const PostgresServer& pg, double seconds) {
  pg.exec(
      "ALTER TABLE sys_query_history RENAME TO sys_query_history_rows;"
      "CREATE FUNCTION rsim_nap() RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(" +
      std::to_string(seconds) +
      "); RETURN true; END $$;"
      "CREATE VIEW sys_query_history AS SELECT * FROM sys_query_history_rows WHERE (SELECT rsim_nap());");
}

TEST_F(PullCli, AStatementTimeoutFailsWithAdvice) {
  fill_history(pg_, 100);
  make_history_slow(pg_, 3.0);
  const auto out = dir_.path() / "t.csv";
  const auto r = run_rsim(
      pull_args("--statement-timeout 0.5 --out " + out.string() + " --since 2026-11-01 --until 2026-11-02"));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("statement timeout"));
  EXPECT_THAT(r.output, HasSubstr("smaller --window or a larger --statement-timeout"));
  EXPECT_TRUE(std::filesystem::is_empty(dir_.path()));
}

TEST_F(PullCli, AServerStoppedMidPullIsReconnectedAndTheWindowReadAgain) {
  fill_history(pg_, 6000);  // 10 minutes
  const std::string span = "--since 2026-11-01 --until 2026-11-01T00:10:00 --window 30 ";
  const auto reference = dir_.path() / "reference.csv";
  ASSERT_EQ(run_rsim(pull_args(span + "--out " + reference.string())).code, 0);

  make_history_slow(pg_, 0.25);  // 20 windows: about 5 s
  const auto out = dir_.path() / "resumed.csv";
  auto pulling = std::async(
      std::launch::async, [&] { return run_rsim(pull_args(span + "--retry-for 60 --out " + out.string())); });
  wait_for_export(dir_.path(), 200'000);  // a few windows of 300 rows in
  pg_.stop("fast");                       // ends the pull's session in the middle of a window
  EXPECT_FALSE(std::filesystem::exists(out));
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  pg_.start();
  const auto r = pulling.get();
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("connection lost during window"));
  EXPECT_THAT(r.output, Not(HasSubstr("(0 reconnects)")));
  EXPECT_EQ(testing::read_file(out), testing::read_file(reference));  // nothing lost, nothing twice
}

TEST_F(PullCli, AServerThatStaysDownFailsAfterRetryingAndWritesNothing) {
  fill_history(pg_, 6000);
  make_history_slow(pg_, 0.25);
  const auto out = dir_.path() / "t.csv";
  auto pulling = std::async(std::launch::async, [&] {
    return run_rsim(pull_args(
        "--since 2026-11-01 --until 2026-11-01T00:10:00 --window 30 --retry-for 2 --out " + out.string()));
  });
  wait_for_export(dir_.path(), 200'000);
  pg_.stop("immediate");
  const auto r = pulling.get();
  pg_.start();
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("gave up after retrying"));
  EXPECT_THAT(r.output, HasSubstr("No output was written"));
  EXPECT_TRUE(std::filesystem::is_empty(dir_.path()));
}

// Peak resident memory of an rsim run, MiB.
double peak_rss_mib(const std::string& args, const std::filesystem::path& log) {
  const pid_t child = fork();
  if (child == 0) {
    // Under AddressSanitizer freed memory is quarantined, so the peak would grow with the number of
    // allocations rather than with what the pull holds: measure without the quarantine.
    std::string asan = "quarantine_size_mb=0:thread_local_quarantine_size_kb=0";
    if (const char* given = std::getenv("ASAN_OPTIONS")) asan = std::string(given) + ":" + asan;
    setenv("ASAN_OPTIONS", asan.c_str(), 1);
    const std::string cmd = std::string(testing::rsim_binary()) + " " + args + " >" + log.string() + " 2>&1";
    execl("/bin/sh", "sh", "-c", ("exec " + cmd).c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(child, &status, 0, &usage);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << testing::read_file(log);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Memory does not grow with the rows pulled: ten times the rows, not ten times the memory. 3 x 10^5 rows
// against 3 x 10^4 within 6 MiB catches anything kept per row of 22 bytes or more (a string, a vector entry);
// a million rows took 80 s here, most of it the server filling and scanning its tables.
TEST_F(PullCli, TenTimesTheRowsArePulledInFlatMemory) {
  fill_history(pg_, 300'000);  // 30,000 s from 2026-11-01 00:00
  // The large pull reads all rows in one statement: single-row streaming, not the windows, keeps it flat.
  const std::string dsn = "--dsn \"" + pg_.dsn() + "\" --since 2026-11-01 --window 200000 ";
  const double small = peak_rss_mib(
      "pull " + dsn + "--until 2026-11-01T00:50:00 --out " + (dir_.path() / "small.csv").string(),
      dir_.path() / "small.log");  // 30,000 rows
  const double large =
      peak_rss_mib("pull " + dsn + "--until 2026-11-03 --out " + (dir_.path() / "large.csv").string(),
                   dir_.path() / "large.log");  // 300,000 rows
  SymbolTable s;
  TraceReader small_reader(dir_.path() / "small.csv", s, TraceReaderOptions{false, false});
  TraceReader reader(dir_.path() / "large.csv", s, TraceReaderOptions{false, false});
  Query q;
  std::uint64_t n_small = 0, n = 0;
  while (small_reader.next(q)) ++n_small;
  while (reader.next(q)) ++n;
  EXPECT_EQ(n_small, 30'000u);
  EXPECT_EQ(n, 300'000u);
  EXPECT_LT(large, small + 6.0) << "peak RSS: " << small << " MiB at 3x10^4 rows, " << large
                                << " MiB at 3x10^5";
  RecordProperty("peak_rss_mib_3e4", std::to_string(small));
  RecordProperty("peak_rss_mib_3e5", std::to_string(large));
}

}  // namespace
}  // namespace rsim
