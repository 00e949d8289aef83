#include "workloads/formats/test_drive_reader.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <vector>

#include "sim/core/random.h"
#include "sim/io/input_error.h"
#include "workloads/arrival_order.h"
#include "workloads/csv/byte_stream.h"
#include "workloads/formats/foreign_columns.h"
#include "workloads/formats/replay_transaction.h"
#include "workloads/formats/sql_text.h"
#include "workloads/trace/timestamp.h"

namespace rsim {

namespace {

using nlohmann::json;

constexpr SimDuration kSecond = 1'000'000;

// A session from connections.json: who, when, from which application.
struct Connection {
  SimTime start = 0;
  SimTime end = kTimeNever;
  Symbol application = 0;
};

std::filesystem::path sqls_file(const std::filesystem::path& path) {
  if (!std::filesystem::is_directory(path)) return path;
  for (const char* name : {"SQLs.json.gz", "SQLs.json", "SQLs.json.zst"}) {
    if (std::filesystem::exists(path / name)) return path / name;
  }
  throw InputError(fmt::format("{}: no SQLs.json.gz or SQLs.json in this folder (expected a replay extract)",
                               path.string()));
}

class TestDriveReader final : public ForeignTraceReader {
 public:
  TestDriveReader(const std::filesystem::path& path, SymbolTable& symbols, const ForeignTraceOptions& options)
      : file_(sqls_file(path)),
        name_(file_.string()),
        symbols_(symbols),
        options_(options),
        stream_(open_byte_source(file_), name_) {
    const auto connections = file_.parent_path() / "connections.json";
    if (std::filesystem::exists(connections)) read_connections(connections);
  }

  bool next(Query& q) override {
    for (;;) {
      // A query can go once no transaction still unread can start before it.
      if (!ready_.empty() && (ended_ || ready_.earliest() <= watermark_)) {
        ready_.pop(q);
        q.ordinal = ordinal_++;
        return true;
      }
      if (ended_) return false;
      if (!stream_.next(transaction_)) {
        ended_ = true;
        continue;
      }
      read_transaction(transaction_);
    }
  }

 private:
  [[noreturn]] void fail(const ReplayTransaction& t, const std::string& what) const {
    throw InputError(fmt::format("{}: transaction {} (xid {}): {}", name_, t.ordinal, t.xid, what));
  }

  void read_transaction(const ReplayTransaction& t) {
    const Symbol user =
        users_.get(t.user, [](std::string_view u) { return std::string(u.empty() ? "default" : u); });
    const Symbol database =
        databases_.get(t.db, [](std::string_view d) { return std::string(d.empty() ? "dev" : d); });
    const std::string key = t.db + '_' + t.user + '_' + t.pid;
    SimTime first = kTimeNever;
    int n = 0;
    for (const ReplayStatement& statement : t.queries) {
      ++n;
      if (!statement.has_text) fail(t, fmt::format("query {} has no \"text\"", n));
      if (statement.commented_out) {
        tally_.add("skipped: commented-out statement");
        continue;
      }
      if (!statement.time_error.empty()) fail(t, fmt::format("query {}: {}", n, statement.time_error));
      if (!statement.start_time && !statement.record_time) {
        fail(t, fmt::format("query {} has neither start_time nor record_time", n));
      }
      Query q;
      q.arrival = statement.start_time ? *statement.start_time : *statement.record_time;
      q.id = t.xid;
      q.id += '-';
      q.id += std::to_string(n);
      q.user = user;
      q.database = database;
      const Connection* c = connection(key, q.arrival);
      q.session = c ? session_key(fmt::format("{}@{}", key, c->start), 0) : session_key(key, 0);
      if (c) q.client = c->application;
      q.type = statement.type;
      q.fingerprint = statement.fingerprint;
      first = std::min(first, q.arrival);
      ready_.push(std::move(q));
    }
    if (first == kTimeNever) return;
    if (!options_.sort && first < watermark_) {
      fail(t, fmt::format("transaction {} starts at {}, before the previous one ({}): the extract is not in "
                          "time order (pass --sort)",
                          t.xid, format_timestamp(first), format_timestamp(watermark_)));
    }
    watermark_ = std::max(watermark_, first);
  }

  void read_connections(const std::filesystem::path& path) {
    json all;
    try {
      std::string text;
      auto source = open_byte_source(path);
      char buf[1 << 16];
      for (std::size_t n; (n = source->read(buf, sizeof buf)) > 0;) text.append(buf, n);
      all = json::parse(text);
    } catch (const json::exception& e) {
      throw InputError(fmt::format("{}: not valid JSON: {}", path.string(), e.what()));
    }
    if (!all.is_array()) throw InputError(fmt::format("{}: expected an array of connections", path.string()));
    std::size_t i = 0;
    for (const json& c : all) {
      const auto where = fmt::format("{}: connection {}", path.string(), i++);
      if (!c.is_object()) throw InputError(where + ": expected an object");
      // Text fields: strings, or null (the extractor writes "" or null for what it does not know).
      const auto text = [&](const char* key) -> std::string {
        if (!c.contains(key) || c[key].is_null()) return {};
        if (c[key].is_string()) return c[key].get<std::string>();
        if (c[key].is_number_integer()) return std::to_string(c[key].get<std::int64_t>());
        throw InputError(fmt::format("{}: \"{}\" must be a string", where, key));
      };
      Connection conn;
      std::string why;
      if (const auto t = parse_timestamp(text("session_initiation_time"), &why)) {
        conn.start = *t;
      } else {
        throw InputError(fmt::format("{}: session_initiation_time: {}", where, why));
      }
      if (const std::string end = text("disconnection_time"); !end.empty()) {
        const auto t = parse_timestamp(end, &why);
        if (!t) throw InputError(fmt::format("{}: disconnection_time: {}", where, why));
        conn.end = *t;
      }
      conn.application = symbols_.intern(text("application_name"));
      const std::string key = text("database_name") + '_' + text("username") + '_' + text("pid");
      connections_[key].push_back(std::move(conn));
    }
    for (auto& [key, list] : connections_) {
      std::sort(list.begin(), list.end(),
                [](const Connection& a, const Connection& b) { return a.start < b.start; });
    }
  }

  // The connection of (db, user, pid) open at `t`, if connections.json has one. The audit log's record times
  // are whole seconds while connection times are not, so a connection may start up to a second after `t`.
  const Connection* connection(const std::string& key, SimTime t) const {
    const auto it = connections_.find(key);
    if (it == connections_.end()) return nullptr;
    const Connection* found = nullptr;
    for (const Connection& c : it->second) {
      if (c.start > t + kSecond) break;
      if (t <= c.end) found = &c;
    }
    return found;
  }

  std::filesystem::path file_;
  std::string name_;
  SymbolTable& symbols_;
  ForeignTraceOptions options_;
  ReplayTransactionStream stream_;
  ReplayTransaction transaction_;
  ColumnSymbols users_{symbols_}, databases_{symbols_};
  std::unordered_map<std::string, std::vector<Connection>> connections_;
  ArrivalOrderBuffer ready_;
  SimTime watermark_ = INT64_MIN;
  std::uint64_t ordinal_ = 0;
  bool ended_ = false;
};

}  // namespace

std::unique_ptr<ForeignTraceReader> open_test_drive(const std::filesystem::path& path, SymbolTable& symbols,
                                                    const ForeignTraceOptions& options) {
  return std::make_unique<TestDriveReader>(path, symbols, options);
}

}  // namespace rsim
