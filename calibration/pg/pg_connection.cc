#include "calibration/pg/pg_connection.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <memory>

#include "sim/io/input_error.h"

namespace rsim {

namespace {

struct ResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultFree>;

// libpq's messages run over several lines with tabs: one line for ours.
std::string one_line(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '\n' || c == '\t' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

PgFailure classify_connect_failure(std::string_view message) {
  // Permanent: retrying will not create the database.
  if (contains(message, "database \"") && contains(message, "does not exist")) return PgFailure::kQuery;
  for (const std::string_view sign :
       {"password authentication failed", "authentication failed", "no pg_hba.conf entry",
        "password is required", "no password supplied", "role \"", "SCRAM"}) {
    if (contains(message, sign)) return PgFailure::kAuthentication;
  }
  return PgFailure::kConnection;
}

PgFailure classify(std::string_view sqlstate, bool connection_bad) {
  if (connection_bad) return PgFailure::kConnection;
  if (sqlstate == "57014") return PgFailure::kTimeout;
  if (sqlstate == "42P01") return PgFailure::kMissingRelation;
  if (sqlstate == "42703" || sqlstate == "42883") return PgFailure::kMissingColumn;
  if (sqlstate == "42501") return PgFailure::kPrivilege;
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57P")) return PgFailure::kConnection;
  if (sqlstate.starts_with("28")) return PgFailure::kAuthentication;
  return PgFailure::kQuery;
}

}  // namespace

std::string redact_dsn(const std::string& dsn) {
  char* error = nullptr;
  PQconninfoOption* options = dsn.empty() ? PQconndefaults() : PQconninfoParse(dsn.c_str(), &error);
  if (error) PQfreemem(error);
  if (!options) return "(unparsable DSN)";
  std::string shown;
  for (const PQconninfoOption* o = options; o->keyword; ++o) {
    const std::string_view key = o->keyword;
    if (!o->val || !*o->val) continue;
    if (key == "host" || key == "hostaddr" || key == "port" || key == "dbname" || key == "user" ||
        key == "sslmode") {
      if (!shown.empty()) shown += ' ';
      shown += fmt::format("{}={}", key, o->val);
    }
  }
  PQconninfoFree(options);
  return shown.empty() ? "(libpq defaults)" : shown;
}

PgConnection::PgConnection(const std::string& dsn, int statement_timeout_ms, int connect_timeout_s) {
  // libpq splits a URI's user:password@host at an '@', so an unencoded '@' in a password would put part of
  // it in the host name, and from there into messages.
  for (const std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (!std::string_view(dsn).starts_with(scheme)) continue;
    const std::string_view rest = std::string_view(dsn).substr(scheme.size());
    const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
    if (std::count(authority.begin(), authority.end(), '@') > 1)
      throw InputError(
          "--dsn: the URI has more than one '@' before the host: percent-encode an '@' in the "
          "user name or password as %40");
  }
  char* error = nullptr;
  PQconninfoOption* parsed = dsn.empty() ? PQconndefaults() : PQconninfoParse(dsn.c_str(), &error);
  if (error) PQfreemem(error);  // its text may quote the DSN, password and all
  if (!parsed)
    throw InputError("--dsn: not a valid libpq connection string (key=value ...) or postgresql:// URI");
  PQconninfoFree(parsed);
  shown_ = redact_dsn(dsn);

  // Defaults come before the DSN (expanded from "dbname"), so that the DSN overrides them. Keepalives make a
  // connection that a NAT or balancer dropped silently fail within a minute or two, instead of hanging for
  // the operating system's two hours.
  const std::string timeout = std::to_string(connect_timeout_s);
  std::vector<const char*> keys = {"application_name", "keepalives", "keepalives_idle", "keepalives_interval",
                                   "keepalives_count"};
  std::vector<const char*> values = {"rsim", "1", "30", "10", "6"};
  if (!std::getenv("PGCONNECT_TIMEOUT")) {
    keys.push_back("connect_timeout");
    values.push_back(timeout.c_str());
  }
  keys.push_back("dbname");
  values.push_back(dsn.c_str());
  keys.push_back(nullptr);
  values.push_back(nullptr);
  conn_ = PQconnectdbParams(keys.data(), values.data(), 1);
  if (!conn_) throw PgError(PgFailure::kConnection, "libpq could not allocate a connection");
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string message = one_line(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    throw PgError(classify_connect_failure(message),
                  fmt::format("cannot connect to {}: {}", shown_, message));
  }
  shown_ = fmt::format("host={} port={} dbname={} user={}", PQhost(conn_), PQport(conn_), PQdb(conn_),
                       PQuser(conn_));
  // Timestamps come back as ISO text whatever the user's or parameter group's DateStyle.
  execute("SET datestyle TO 'ISO, MDY'");
  if (statement_timeout_ms > 0) execute(fmt::format("SET statement_timeout TO {}", statement_timeout_ms));
}

PgConnection::~PgConnection() {
  if (conn_) PQfinish(conn_);
}

void PgConnection::fail(const PGresult* result, std::string_view doing) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const std::string message = one_line(primary ? primary : PQerrorMessage(conn_));
  const bool bad = PQstatus(conn_) == CONNECTION_BAD;
  throw PgError(classify(state ? state : "", bad), fmt::format("{} on {}: {}", doing, shown_, message));
}

void PgConnection::execute(const std::string& sql) {
  Result r(PQexec(conn_, sql.c_str()));
  const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r.get(), "a statement failed");
}

std::string PgConnection::server_version() {
  std::string version;
  stream(
      "SELECT version()", [](const std::vector<std::string>&) {},
      [&](const PgRow& row) { version.assign(row.text(0)); });
  return version;
}

void PgConnection::stream(const std::string& sql,
                          const std::function<void(const std::vector<std::string>&)>& on_columns,
                          const std::function<void(const PgRow&)>& on_row) {
  if (!PQsendQuery(conn_, sql.c_str())) fail(nullptr, "cannot send a query");
  PQsetSingleRowMode(conn_);
  bool described = false;
  Result failure;
  std::exception_ptr thrown;  // by a callback: rethrown once the results are drained
  // Every result is drained, even after a failure, so the connection stays usable.
  while (PGresult* raw = PQgetResult(conn_)) {
    Result r(raw);
    if (failure || thrown) continue;
    const auto status = PQresultStatus(r.get());
    if (status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK) {
      try {
        if (!described) {
          std::vector<std::string> names;
          for (int i = 0; i < PQnfields(r.get()); ++i) names.emplace_back(PQfname(r.get(), i));
          on_columns(names);
          described = true;
        }
        if (status == PGRES_SINGLE_TUPLE) on_row(PgRow(r.get()));
      } catch (...) {
        thrown = std::current_exception();
      }
    } else {
      failure = std::move(r);
    }
  }
  if (failure) fail(failure.get(), "a query failed");
  if (thrown) std::rethrow_exception(thrown);
  if (PQstatus(conn_) == CONNECTION_BAD) fail(nullptr, "the connection dropped");
}

}  // namespace rsim
