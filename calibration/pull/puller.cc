#include "calibration/pull/puller.h"

#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>

#include "calibration/pg/pg_connection.h"
#include "sim/io/atomic_file.h"
#include "sim/io/input_error.h"
#include "workloads/csv/csv_table.h"
#include "workloads/trace/timestamp.h"
#include "workloads/trace/trace_writer.h"

namespace rsim {

namespace {

// RFC 4180: quoted when it holds a separator, a quote or a line break (query text does).
void append_csv_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// The export the trace reader converts: rows appended as they stream in, cut back to the last complete window
// when a window has to be repeated.
class ExportFile {
 public:
  explicit ExportFile(const std::filesystem::path& path) : path_(path) {
    file_ = std::fopen(path.c_str(), "w+b");
    if (!file_) throw InputError(fmt::format("{}: cannot create the export file", path.string()));
  }
  ~ExportFile() {
    if (file_) std::fclose(file_);
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  void append(const std::string& text) {
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size())
      throw InputError(fmt::format("{}: write failed (disk full?)", path_.string()));
  }
  long mark() {
    std::fflush(file_);
    return std::ftell(file_);
  }
  void cut_to(long offset) {
    std::fflush(file_);
    if (ftruncate(fileno(file_), offset) != 0 || std::fseek(file_, offset, SEEK_SET) != 0)
      throw InputError(fmt::format("{}: cannot truncate the export file", path_.string()));
  }
  void finish() {
    if (std::fflush(file_) != 0 || std::ferror(file_))
      throw InputError(fmt::format("{}: write failed (disk full?)", path_.string()));
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
};

std::string window_text(SimTime a, SimTime b) {
  return fmt::format("[{}, {})", format_timestamp(a), format_timestamp(b));
}

// The message for a failure that retrying will not mend.
std::string explain(const PgError& e, PullSource source, const std::string& where) {
  const std::string reads = std::string(relations_read(source));
  switch (e.kind()) {
    case PgFailure::kAuthentication:
      return fmt::format("{}. Check the user and the password (the DSN's password, PGPASSWORD or ~/.pgpass).",
                         e.what());
    case PgFailure::kMissingRelation:
      return fmt::format(
          "{} ({}). --source {} reads {}: {}. The views exist on every Redshift {}; a user that is not a "
          "superuser sees them but only its own rows, so run the pull as a superuser or a user granted "
          "SYSLOG ACCESS UNRESTRICTED (see rsim pull --help).",
          e.what(), where, kPullSourceNames[static_cast<std::size_t>(source)], reads,
          "is this the right server and --source?",
          source == PullSource::kStl ? "provisioned cluster (not Serverless)" : "cluster and workgroup");
    case PgFailure::kMissingColumn:
      return fmt::format(
          "{} ({}): the server is not shaped like Redshift (its system views lack a column "
          "rsim reads; the columns are listed in rsim pull --help).",
          e.what(), where);
    case PgFailure::kPrivilege:
      return fmt::format(
          "{} ({}): the user may not read {}. Grant it SYSLOG ACCESS UNRESTRICTED, or run "
          "as a superuser (see rsim pull --help).",
          e.what(), where, reads);
    case PgFailure::kTimeout:
      return fmt::format(
          "{} ({}): the statement timeout cancelled it. Use a smaller --window or a larger "
          "--statement-timeout.",
          e.what(), where);
    default:
      return fmt::format("{} ({})", e.what(), where);
  }
}

class Pull {
 public:
  Pull(const PullRequest& request, const std::function<void(const std::string&)>& log)
      : request_(request), log_(log), queries_(system_table_queries(request.source)) {}

  PullResult run() {
    if (request_.until <= request_.since) throw InputError("--until must be later than --since");
    if (request_.window <= 0) throw InputError("--window must be positive");
    connect_first();
    const auto export_path = temp_path(".export.csv");
    ExportFile export_file(export_path);
    for (SimTime a = request_.since; a < request_.until; a += request_.window) {
      const SimTime b = std::min(request_.until, a + request_.window);
      const long start = export_file.mark();
      with_retries(fmt::format("window {}", window_text(a, b)), [&] {
        export_file.cut_to(start);
        if (start == 0) header_written_ = false;  // the cut took the header with it
        pull_window(export_file, a, b);
      });
      ++result_.windows;
    }
    export_file.finish();

    std::string layout, capacity;
    if (!queries_.layout.empty()) with_retries("the WLM layout", [&] { layout = pull_layout(); });
    if (!queries_.capacity.empty()) with_retries("the capacity series", [&] { capacity = pull_capacity(); });
    conn_.reset();

    // Every output is written under a temporary name first and renamed into place at the end, the trace
    // first; a sidecar an earlier pull left that this one does not write is removed (a stale capacity series
    // would make calibrate take a cluster for a workgroup).
    std::vector<std::unique_ptr<AtomicFile>> outputs;
    auto prepare = [&](const std::filesystem::path& target) -> std::ostream& {
      outputs.push_back(std::make_unique<AtomicFile>(target));
      return outputs.back()->stream();
    };
    const auto layout_path = sidecar_path(request_.out, ".wlm.json");
    const auto capacity_path = sidecar_path(request_.out, ".capacity.csv");
    if (!layout.empty()) prepare(layout_path) << layout;
    if (!capacity.empty()) prepare(capacity_path) << capacity;
    if (request_.keep_export) {
      std::ifstream in(export_file.path(), std::ios::binary);
      prepare(*request_.keep_export) << in.rdbuf();
    }
    convert(export_file.path());
    for (auto& f : outputs) f->commit();
    std::error_code ignored;
    if (layout.empty()) std::filesystem::remove(layout_path, ignored);
    if (capacity.empty()) std::filesystem::remove(capacity_path, ignored);
    if (!layout.empty()) result_.layout = layout_path;
    if (!capacity.empty()) result_.capacity = capacity_path;
    return result_;
  }

 private:
  std::filesystem::path temp_path(std::string_view suffix) const {
    auto dir = request_.out.parent_path();
    if (dir.empty()) dir = ".";
    std::filesystem::create_directories(dir);
    return dir / fmt::format(".{}.{}{}", request_.out.filename().string(), getpid(), suffix);
  }

  int timeout_ms() const { return static_cast<int>(request_.statement_timeout_s * 1000.0); }

  void connect_first() {
    try {
      conn_ = std::make_unique<PgConnection>(request_.dsn, timeout_ms());
    } catch (const PgError& e) {
      throw InputError(explain(e, request_.source, "connecting"));
    }
  }

  // Runs `step`; after a dropped connection, reconnects with backoff and runs it again.
  template <typename Step>
  void with_retries(const std::string& where, Step step) {
    using Clock = std::chrono::steady_clock;
    std::optional<Clock::time_point> first_failure;
    double backoff_s = 0.25;
    for (;;) {
      try {
        if (!conn_) conn_ = std::make_unique<PgConnection>(request_.dsn, timeout_ms());
        step();
        if (first_failure) log_(fmt::format("reconnected; repeating {} went through", where));
        return;
      } catch (const PgError& e) {
        if (e.kind() != PgFailure::kConnection) throw InputError(explain(e, request_.source, where));
        conn_.reset();
        const auto now = Clock::now();
        if (!first_failure) first_failure = now;
        const double waited = std::chrono::duration<double>(now - *first_failure).count();
        if (waited + backoff_s > request_.retry_for_s) {
          throw InputError(
              fmt::format("{} ({}); gave up after retrying for {:.0f} s (--retry-for). No output "
                          "was written.",
                          e.what(), where, waited));
        }
        log_(fmt::format("connection lost during {}: {}; reconnecting in {:.2f} s", where, e.what(),
                         backoff_s));
        std::this_thread::sleep_for(std::chrono::duration<double>(backoff_s));
        backoff_s = std::min(backoff_s * 2, 5.0);
        ++result_.reconnects;
      }
    }
  }

  void pull_window(ExportFile& out, SimTime a, SimTime b) {
    std::unordered_map<std::string, std::int64_t> compile_us;  // by query id, this window's only
    if (!queries_.compiles.empty()) {
      conn_->stream(
          bind_window(queries_.compiles, a, b), [](const std::vector<std::string>&) {},
          [&](const PgRow& row) {
            std::string why;
            const auto start = parse_timestamp(row.text(1), &why);
            const auto end = parse_timestamp(row.text(2), &why);
            if (row.null(0) || row.null(1) || row.null(2)) return;  // no compile time recorded
            if (!start || !end)
              throw InputError(fmt::format("svl_compile: query {}: unreadable time \"{}\" / \"{}\": {}",
                                           shown_value(row.text(0)), shown_value(row.text(1)),
                                           shown_value(row.text(2)), why));
            compile_us[std::string(row.text(0))] += std::max<SimTime>(0, *end - *start);
          });
    }
    const bool with_compile = !queries_.compiles.empty();
    std::string line;
    std::uint64_t rows = 0;
    conn_->stream(
        bind_window(queries_.statements, a, b),
        [&](const std::vector<std::string>& columns) {
          if (header_written_) return;
          line.clear();
          for (std::size_t i = 0; i < columns.size(); ++i) {
            if (i) line += ',';
            append_csv_field(line, columns[i]);
          }
          if (with_compile) line += ",compile_us";
          line += '\n';
          out.append(line);
          header_written_ = true;
        },
        [&](const PgRow& row) {
          line.clear();
          for (int i = 0; i < row.size(); ++i) {
            if (i) line += ',';
            if (!row.null(i)) append_csv_field(line, row.text(i));
          }
          if (with_compile) {
            line += ',';
            if (const auto it = compile_us.find(std::string(row.text(0))); it != compile_us.end())
              line += std::to_string(it->second);
          }
          line += '\n';
          out.append(line);
          ++rows;
        });
    result_.rows += rows;
  }

  std::string pull_layout() {
    nlohmann::ordered_json classes = nlohmann::ordered_json::array();
    std::vector<std::string> names;
    conn_->stream(
        queries_.layout, [&](const std::vector<std::string>& columns) { names = columns; },
        [&](const PgRow& row) {
          nlohmann::ordered_json c;
          for (int i = 0; i < row.size(); ++i) {
            const std::string& key = names[static_cast<std::size_t>(i)];
            if (row.null(i)) {
              c[key] = nullptr;
            } else if (key == "name" || key == "concurrency_scaling" || key == "query_priority") {
              c[key] = std::string(row.text(i));
            } else {
              const std::string_view text = row.text(i);
              std::int64_t v = 0;
              const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
              if (ec != std::errc() || end != text.data() + text.size())
                throw InputError(fmt::format("stv_wlm_service_class_config.{}: {} is not a whole number", key,
                                             shown_value(text)));
              c[key] = v;
            }
          }
          classes.push_back(std::move(c));
        });
    nlohmann::ordered_json doc;
    doc["source"] = "stv_wlm_service_class_config";
    doc["service_classes"] = std::move(classes);
    return doc.dump(2) + "\n";
  }

  std::string pull_capacity() {
    std::string csv;
    std::uint64_t rows = 0;
    try {
      conn_->stream(
          bind_window(queries_.capacity, request_.since, request_.until),
          [&](const std::vector<std::string>& columns) {
            for (std::size_t i = 0; i < columns.size(); ++i) {
              if (i) csv += ',';
              csv += columns[i];
            }
            csv += '\n';
          },
          [&](const PgRow& row) {
            for (int i = 0; i < row.size(); ++i) {
              if (i) csv += ',';
              if (!row.null(i)) append_csv_field(csv, row.text(i));
            }
            csv += '\n';
            ++rows;
          });
    } catch (const PgError& e) {
      // SYS_SERVERLESS_USAGE exists on Serverless only: a provisioned cluster's SYS pull has no capacity
      // series.
      if (e.kind() != PgFailure::kMissingRelation) throw;
      log_("no SYS_SERVERLESS_USAGE (not a Serverless workgroup): no capacity series written");
      return {};
    }
    if (rows == 0) log_("SYS_SERVERLESS_USAGE has no rows in the span: no capacity series written");
    return rows > 0 ? csv : std::string();
  }

  void convert(const std::filesystem::path& export_path) {
    if (!header_written_) throw InputError("the pull returned no columns (internal)");
    SymbolTable symbols;
    const auto format =
        request_.source == PullSource::kStl ? TraceFormat::kStl : TraceFormat::kSysQueryHistory;
    auto reader = open_foreign_trace(format, export_path, symbols, request_.convert);
    TraceWriter writer(request_.out, symbols);
    Query q;
    while (reader->next(q)) writer.write(q);
    writer.close();
    result_.queries = writer.rows();
    result_.tally = reader->tally();
  }

  const PullRequest& request_;
  const std::function<void(const std::string&)>& log_;
  const SystemTableQueries& queries_;
  std::unique_ptr<PgConnection> conn_;
  PullResult result_;
  bool header_written_ = false;
};

}  // namespace

std::filesystem::path sidecar_path(const std::filesystem::path& trace, std::string_view suffix) {
  std::string name = trace.filename().string();
  for (const std::string_view ext : {".gz", ".zst", ".csv"}) {
    if (name.size() > ext.size() && name.ends_with(ext)) name.resize(name.size() - ext.size());
  }
  return trace.parent_path() / (name + std::string(suffix));
}

PullResult pull(const PullRequest& request, const std::function<void(const std::string&)>& log) {
  return Pull(request, log).run();
}

}  // namespace rsim
