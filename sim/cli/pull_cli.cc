#include <fmt/format.h>

#include <chrono>
#include <memory>

#include "calibration/pull/puller.h"
#include "sim/cli/commands.h"
#include "sim/io/enum_names.h"
#include "sim/io/input_error.h"
#include "workloads/trace/timestamp.h"

namespace rsim {

namespace {

std::string indented(std::string_view sql) {
  std::string out = "    ";
  for (const char c : sql) {
    out += c;
    if (c == '\n') out += "    ";
  }
  return out;
}

std::string pull_footer() {
  const auto& stl = system_table_queries(PullSource::kStl);
  const auto& sys = system_table_queries(PullSource::kSys);
  return fmt::format(
      "Connection: --dsn takes a libpq connection string or URI, e.g.\n"
      "  \"host=my-cluster.abc.us-east-1.redshift.amazonaws.com port=5439 dbname=dev user=analyst "
      "sslmode=verify-full\"\n"
      "Without --dsn, libpq's PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE and ~/.pgpass "
      "apply.\n"
      "Keep the password out of the DSN (PGPASSWORD or ~/.pgpass); it never appears in rsim's output "
      "anyway.\n"
      "\n"
      "Privileges: every statement is a read-only SELECT on system views. A user that is not a superuser "
      "sees\n"
      "only its own rows there: run it as a superuser, or as a user granted unrestricted access, e.g.\n"
      "  CREATE USER rsim_reader PASSWORD '...';  ALTER USER rsim_reader SYSLOG ACCESS UNRESTRICTED;\n"
      "and on Serverless also  GRANT ROLE sys:monitor TO rsim_reader;  (SYS_SERVERLESS_USAGE is "
      "superuser-only).\n"
      "Retention is about 7 days: pull within a week.\n"
      "\n"
      "Output: TRACE.csv (the canonical trace), plus TRACE.wlm.json (stl: the WLM service classes) or\n"
      "TRACE.capacity.csv (sys on Serverless: capacity and RPU-seconds per minute). Files appear only when\n"
      "the pull is complete. The span is read in windows; a dropped connection is retried with backoff and\n"
      "the interrupted window read again.\n"
      "\n"
      "Queries run (:since/:until are each window's bounds, as UTC timestamps):\n"
      "--source stl, per window:\n{}\n{}\n  once:\n{}\n"
      "--source sys, per window:\n{}\n  once:\n{}\n"
      "\n"
      "Example:\n"
      "  PGPASSWORD=... rsim pull --dsn \"host=wg.123.us-east-1.redshift-serverless.amazonaws.com port=5439 "
      "dbname=dev user=admin sslmode=require\" \\\n"
      "    --source sys --since 2026-11-01 --until 2026-11-02 --capacity rpu:32 --out day.csv",
      indented(stl.statements), indented(stl.compiles), indented(stl.layout), indented(sys.statements),
      indented(sys.capacity));
}

SimTime parse_time_option(const std::string& name, const std::string& text) {
  std::string why;
  const auto t = parse_timestamp(text, &why);
  if (!t) throw InputError(fmt::format("{} \"{}\": {}", name, text, why));
  return *t;
}

}  // namespace

void add_pull_command(CLI::App& app, std::function<int()>& action) {
  struct PullArgs {
    PullRequest request;
    std::string source = "sys";
    std::string since, until, out, keep_export;
    double window_s = 900;
  };
  auto args = std::make_shared<PullArgs>();
  CLI::App* cmd = app.add_subcommand("pull", "Read a live cluster's or workgroup's system tables over libpq");
  cmd->footer(pull_footer());
  cmd->add_option("--dsn", args->request.dsn, "libpq connection string or URI (default: PG* environment)");
  std::vector<std::string> sources(kPullSourceNames.begin(), kPullSourceNames.end());
  cmd->add_option("--source", args->source, "stl (provisioned) or sys (Serverless, or provisioned)")
      ->capture_default_str()
      ->check(CLI::IsMember(sources));
  cmd->add_option("--since", args->since, "Start of the span, UTC (default: 24 h before --until)");
  cmd->add_option("--until", args->until, "End of the span, UTC, exclusive (default: now)");
  cmd->add_option("--out", args->out, "Canonical trace to write (.csv, .csv.gz or .csv.zst)")->required();
  cmd->add_option("--window", args->window_s, "Seconds of queries read per statement")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 31.0 * 86400));
  cmd->add_option("--statement-timeout", args->request.statement_timeout_s, "Seconds; 0: none")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_option("--retry-for", args->request.retry_for_s,
                  "Seconds to keep reconnecting after the connection drops; 0: fail at once")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_option("--endpoint", args->request.convert.observed_endpoint, "observed_endpoint of every query");
  cmd->add_option("--capacity", args->request.convert.observed_capacity,
                  "observed_capacity of every query, e.g. ra3.4xlarge:2 or rpu:32 (the base capacity)");
  cmd->add_flag("--drop-aborted", args->request.convert.drop_aborted,
                "Leave out aborted, failed and canceled queries");
  cmd->add_option("--keep-export", args->keep_export, "Also keep the raw system-table export (CSV) here");
  cmd->callback([&action, args] {
    action = [args] {
      PullRequest& r = args->request;
      r.source = *enum_from_name<PullSource>(kPullSourceNames, args->source);
      r.out = args->out;
      if (!args->keep_export.empty()) r.keep_export = args->keep_export;
      r.window = from_seconds(args->window_s);
      if (args->until.empty()) {
        const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        r.until = now - now % (60 * kMicrosPerSecond);
      } else {
        r.until = parse_time_option("--until", args->until);
      }
      r.since = args->since.empty() ? r.until - 86400 * kMicrosPerSecond
                                    : parse_time_option("--since", args->since);
      const PullResult result =
          pull(r, [](const std::string& line) { fmt::print(stderr, "pull: {}\n", line); });
      fmt::print(stderr, "pulled {} rows in {} windows ({} reconnects) into {} queries: {}\n", result.rows,
                 result.windows, result.reconnects, result.queries, r.out.string());
      for (const auto& [reason, count] : result.tally.counts())
        fmt::print(stderr, "  {}: {}\n", reason, count);
      if (!result.layout.empty()) fmt::print(stderr, "WLM layout: {}\n", result.layout.string());
      if (!result.capacity.empty()) fmt::print(stderr, "capacity series: {}\n", result.capacity.string());
      return 0;
    };
  });
}

}  // namespace rsim
