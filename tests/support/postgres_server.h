// A real PostgreSQL server for the calibration tests: Debian's postgresql package, initdb into a temporary
// directory, listening on loopback at a free port with password (SCRAM) authentication, stopped and removed
// at the end. As root (CI) the server runs as the `postgres` user, since PostgreSQL refuses to run as root.
//
// The tables that stand in for Redshift's system views are created by create_system_tables(), from
// tests/fixtures/calibration/system_tables.sql (names, columns and types of models/catalog/facts.md section
// 6).
#pragma once

#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support/build_paths.h"

namespace rsim::testing {

class PostgresServer {
 public:
  static constexpr const char* kAdmin = "rsim_admin";
  static constexpr const char* kPassword = "Pa55-w0rd-not-for-logs";

  PostgresServer() {
    bin_ = find_bindir();
    char pattern[] = "/tmp/rsim-pg-XXXXXX";
    if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
    base_ = pattern;
    try {
      set_up();
    } catch (...) {
      shut_down();
      throw;
    }
  }

  ~PostgresServer() { shut_down(); }

  void start() {
    run(as_postgres(bin_ / "pg_ctl") + " -D " + data().string() + " -l " + (base_ / "server.log").string() +
        " -w -t 60 -o '-p " + std::to_string(port_) + " -k " + base_.string() +
        " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off' start >/dev/null");
  }
  // `mode`: smart, fast (ends sessions) or immediate.
  void stop(const std::string& mode = "fast") {
    run(as_postgres(bin_ / "pg_ctl") + " -D " + data().string() + " -m " + mode + " -w stop >/dev/null");
  }

  int port() const { return port_; }
  std::string dsn(const std::string& user = kAdmin, const std::string& password = kPassword,
                  const std::string& db = "postgres") const {
    return "host=127.0.0.1 port=" + std::to_string(port_) + " dbname=" + db + " user=" + user +
           " password=" + password + " sslmode=disable";
  }

  // Runs SQL (several statements allowed) as the admin user, in database `db`.
  void exec(const std::string& sql, const std::string& db = "postgres") const {
    PGconn* c = connect(db);
    PGresult* r = PQexec(c, sql.c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    const std::string error = ok ? "" : PQerrorMessage(c);
    PQclear(r);
    PQfinish(c);
    if (!ok) throw std::runtime_error("SQL failed: " + error);
  }

  // Loads CSV text (with a header naming the columns) into `table` with COPY.
  void copy_csv(const std::string& table, const std::string& csv, const std::string& db = "postgres") const {
    const std::string header = csv.substr(0, csv.find('\n'));
    PGconn* c = connect(db);
    PGresult* r =
        PQexec(c, ("COPY " + table + " (" + header + ") FROM STDIN WITH (FORMAT csv, HEADER true)").c_str());
    const bool started = PQresultStatus(r) == PGRES_COPY_IN;
    PQclear(r);
    std::string error;
    if (started) {
      if (PQputCopyData(c, csv.data(), static_cast<int>(csv.size())) != 1 || PQputCopyEnd(c, nullptr) != 1)
        error = PQerrorMessage(c);
      while (PGresult* done = PQgetResult(c)) {
        if (PQresultStatus(done) != PGRES_COMMAND_OK) error = PQerrorMessage(c);
        PQclear(done);
      }
    } else {
      error = PQerrorMessage(c);
    }
    PQfinish(c);
    if (!error.empty()) throw std::runtime_error("COPY " + table + " failed: " + error);
  }

  // The tables shaped like Redshift's system views (models/catalog/facts.md section 6), empty.
  void create_system_tables(const std::string& db = "postgres") const {
    std::ifstream in(std::string(testing::test_data_dir()) + "/calibration/system_tables.sql");
    std::stringstream sql;
    sql << in.rdbuf();
    if (sql.str().empty()) throw std::runtime_error("system_tables.sql not found");
    exec(sql.str(), db);
  }

  std::string log() const {
    std::ifstream in(base_ / "server.log");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  void set_up() {
    as_root_ = geteuid() == 0;
    if (as_root_) {
      const passwd* pw = getpwnam("postgres");
      if (!pw) throw std::runtime_error("no postgres user: install Debian's postgresql package");
      if (chown(base_.c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("chown failed");
    }
    std::ofstream(base_ / "pw") << kPassword << "\n";
    if (as_root_) run("chown postgres " + (base_ / "pw").string());
    run(as_postgres(bin_ / "initdb") + " -D " + data().string() + " -U " + kAdmin +
        " --pwfile=" + (base_ / "pw").string() + " -A scram-sha-256 -E UTF8 --locale=C --no-sync >" +
        (base_ / "initdb.log").string() + " 2>&1");
    // The port is free when chosen but may be taken before the server binds it (tests run in parallel).
    for (int attempt = 0;; ++attempt) {
      port_ = free_port();
      try {
        start();
        return;
      } catch (const std::runtime_error&) {
        if (attempt == 4) throw;
      }
    }
  }

  void shut_down() {
    std::system(
        (as_postgres(bin_ / "pg_ctl") + " -D " + data().string() + " -m immediate stop >/dev/null 2>&1")
            .c_str());
    std::error_code ignored;
    std::filesystem::remove_all(base_, ignored);
  }

  std::filesystem::path data() const { return base_ / "data"; }

  PGconn* connect(const std::string& db) const {
    PGconn* c = PQconnectdb(dsn(kAdmin, kPassword, db).c_str());
    if (PQstatus(c) != CONNECTION_OK) {
      const std::string error = PQerrorMessage(c);
      PQfinish(c);
      throw std::runtime_error("cannot connect to the test server: " + error);
    }
    return c;
  }

  std::string as_postgres(const std::filesystem::path& program) const {
    return (as_root_ ? "runuser -u postgres -- " : "") + program.string();
  }

  static void run(const std::string& command) {
    if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
  }

  // Debian installs the server programs under /usr/lib/postgresql/<version>/bin; the newest is taken.
  static std::filesystem::path find_bindir() {
    if (const char* env = std::getenv("RSIM_PG_BINDIR")) return env;
    std::vector<std::filesystem::path> found;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
      if (std::filesystem::exists(entry.path() / "bin" / "initdb")) found.push_back(entry.path() / "bin");
    }
    if (found.empty()) throw std::runtime_error("no PostgreSQL server: install Debian's postgresql package");
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {  // by version: 9.6 < 15 < 16
      return std::stod(a.parent_path().filename().string()) < std::stod(b.parent_path().filename().string());
    });
    return found.back();
  }

  static int free_port() {
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      close(s);
      throw std::runtime_error("no free port");
    }
    close(s);
    return ntohs(addr.sin_port);
  }

  std::filesystem::path bin_;
  std::filesystem::path base_;
  bool as_root_ = false;
  int port_ = 0;
};

}  // namespace rsim::testing
