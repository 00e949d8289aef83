// A libpq connection for reading system tables (Redshift speaks the PostgreSQL protocol).
//
// It connects from a DSN (key=value or postgresql:// URI; empty: the PG* environment variables and
// ~/.pgpass, which libpq reads itself), sets a statement timeout, and streams each result row by row in
// libpq's single-row mode, so memory does not grow with the size of a result. Failures come back as PgError
// with a kind the caller can act on (retry after a lost connection; explain a missing relation). No message
// built here contains the password: the DSN is only ever shown through redact_dsn().
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rsim {

enum class PgFailure : std::uint8_t {
  kConnection,       // could not connect, or the connection dropped: worth a retry
  kAuthentication,   // wrong password or user, or no pg_hba entry
  kMissingRelation,  // a table or view the query names does not exist
  kMissingColumn,    // it exists but lacks a column: not shaped like Redshift's
  kPrivilege,        // permission denied
  kTimeout,          // the statement timeout cancelled it
  kQuery,            // anything else the server refused
};

class PgError : public std::runtime_error {
 public:
  PgError(PgFailure kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  PgFailure kind() const { return kind_; }

 private:
  PgFailure kind_;
};

// The connection parameters worth showing: host, port, dbname, user, sslmode. Never the password, whether it
// came in key=value form or inside a URI. An unparsable DSN gives "(unparsable DSN)".
std::string redact_dsn(const std::string& dsn);

// One row of a streamed result. Views into libpq's buffer: valid only during the row callback.
class PgRow {
 public:
  explicit PgRow(const PGresult* r) : r_(r) {}
  int size() const { return PQnfields(r_); }
  bool null(int col) const { return PQgetisnull(r_, 0, col) != 0; }
  std::string_view text(int col) const {
    return {PQgetvalue(r_, 0, col), static_cast<std::size_t>(PQgetlength(r_, 0, col))};
  }

 private:
  const PGresult* r_;
};

class PgConnection {
 public:
  // Connects. `statement_timeout_ms` (0: none) applies to every statement. `connect_timeout_s` applies unless
  // the DSN or PGCONNECT_TIMEOUT sets its own; TCP keepalives are on unless the DSN turns them off. Throws
  // PgError (kConnection, kAuthentication; kQuery for a database that does not exist), or InputError for a
  // malformed DSN.
  PgConnection(const std::string& dsn, int statement_timeout_ms, int connect_timeout_s = 10);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs `sql` and calls `on_columns` once with the result's column names, then `on_row` for each row, as
  // rows arrive. Throws PgError; a failure after some rows were delivered is still a failure (the caller
  // discards what it got). An exception from a callback is rethrown after the remaining results are read,
  // so the connection stays usable.
  void stream(const std::string& sql, const std::function<void(const std::vector<std::string>&)>& on_columns,
              const std::function<void(const PgRow&)>& on_row);

  // Runs a statement that returns no rows (SET ...). Throws PgError.
  void execute(const std::string& sql);

  // "PostgreSQL 8.0.2 on i686-pc-linux-gnu, ..., Redshift 1.0.12345" on Redshift.
  std::string server_version();

 private:
  [[noreturn]] void fail(const PGresult* result, std::string_view doing);

  PGconn* conn_ = nullptr;
  std::string shown_;  // redacted DSN, for messages
};

}  // namespace rsim
