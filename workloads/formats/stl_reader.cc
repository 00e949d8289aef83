#include "workloads/formats/stl_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>
#include <vector>

#include "workloads/csv/csv_table.h"
#include "workloads/formats/foreign_columns.h"
#include "workloads/formats/sql_text.h"

namespace rsim {

namespace {

// One row of the export: one attempt of a query in a service class.
struct Attempt {
  std::string query;
  std::string task_key;  // xid/task; empty when the export has no task column
  SimTime start = 0;
  SimTime end = 0;
  std::int64_t queue_us = 0;
  std::int64_t exec_us = 0;
  std::int64_t compile_us = 0;
  bool aborted = false;
  bool concurrency_scaling = false;
  bool final = false;  // final_state says the task ended here (anything but Evicted)
  // What the row's text columns become, resolved as it is read (interned, hashed): an attempt carries no
  // strings but its ids.
  Symbol user = 0, label = 0, database = 0, endpoint = 0;
  std::uint64_t session = 0;
  QueryType type = QueryType::kSelect;
  std::uint64_t fingerprint = 0;
  int slot_count = 1;
  double peak_mem_mb = kAbsent;
  double mbytes_scanned = kAbsent;
  double mbytes_spilled = kAbsent;
};

// Attempts of one task, folded.
struct Task {
  Attempt first;
  Attempt last;
  std::int64_t waited_us = 0;  // queue time of every attempt plus execution of the evicted ones
  std::int64_t compile_us = 0;
  double peak_mem_mb = kAbsent;
  int attempts = 0;
};

class StlReader final : public ForeignTraceReader {
 public:
  StlReader(const std::filesystem::path& path, SymbolTable& symbols, const ForeignTraceOptions& options)
      : table_(path, "an STL_QUERY + STL_WLM_QUERY export (workloads/formats/README.md)"),
        symbols_(symbols),
        options_(options),
        durations_(table_, options.max_duration_s),
        window_(from_seconds(options.hop_window_s)) {
    query_ = table_.require("query");
    start_ = table_.require("starttime");
    exec_ = table_.require("total_exec_time");
    end_ = table_.find("endtime");
    queue_ = table_.find("total_queue_time");
    task_ = table_.find("task");
    xid_ = table_.find("xid");
    user_id_ = table_.find("userid");
    user_name_ = table_.find("username");
    label_ = table_.find("label");
    database_ = table_.find("database");
    pid_ = table_.find("pid");
    aborted_ = table_.find("aborted");
    cs_status_ = table_.find("concurrency_scaling_status");
    service_class_ = table_.find("service_class_name");
    slot_count_ = table_.find("slot_count");
    final_state_ = table_.find("final_state");
    peak_mem_ = table_.find("est_peak_mem");
    compile_ = table_.find("compile_us");
    text_ = table_.find("querytxt");
    scanned_ = table_.find("mbytes_scanned");
    spilled_ = table_.find("mbytes_spilled");
    if (options_.sort) {
      Attempt a;
      while (read_attempt(a)) sorted_.push_back(a);
      std::stable_sort(sorted_.begin(), sorted_.end(),
                       [](const Attempt& x, const Attempt& y) { return x.start < y.start; });
    }
  }

  bool next(Query& q) override {
    for (;;) {
      if (!pending_.empty()) {
        auto front = pending_.begin();
        const Task& t = front->second;
        if (ended_ || t.last.final || t.last.end + window_ < now_) {
          emit(t, q);
          const auto it = open_.find(t.first.task_key);
          if (it != open_.end() && it->second == front) open_.erase(it);
          pending_.erase(front);
          if (!keep(q)) continue;
          return true;
        }
      }
      Attempt a;
      if (!next_attempt(a)) {
        ended_ = true;
        if (pending_.empty()) return false;
        continue;
      }
      now_ = std::max(now_, a.start);
      add(std::move(a));
    }
  }

 private:
  bool next_attempt(Attempt& a) {
    if (!options_.sort) return read_attempt(a);
    if (sorted_next_ >= sorted_.size()) return false;
    a = std::move(sorted_[sorted_next_++]);
    return true;
  }

  bool read_attempt(Attempt& a) {
    if (!table_.next()) return false;
    a = Attempt{};
    a.query.assign(table_.text(query_));
    if (a.query.empty()) table_.fail(query_, "query is empty");
    if (task_ >= 0) {
      if (table_.null(task_)) table_.fail(task_, "task is empty");
      a.task_key.assign(table_.text(xid_));
      a.task_key += '/';
      a.task_key += table_.text(task_);
    }
    const auto start = table_.timestamp(start_);
    if (!start) table_.fail(start_, "starttime is empty");
    a.start = *start;
    order_.check(table_, start_, a.start, options_.sort);
    a.exec_us = *durations_.micros(exec_, true);
    a.queue_us = durations_.micros(queue_, false).value_or(0);
    a.compile_us = durations_.micros(compile_, false).value_or(0);
    if (const auto end = table_.timestamp(end_)) {
      if (*end < a.start) table_.fail(end_, "endtime is before starttime");
      check_within_span(table_, exec_, a.exec_us + a.queue_us, *end - a.start,
                        "total_queue_time + total_exec_time");
      a.end = *end;
    } else {
      a.end = a.start + a.queue_us + a.exec_us;
    }
    a.aborted = table_.integer(aborted_).value_or(0) != 0;
    a.concurrency_scaling = table_.integer(cs_status_).value_or(0) == 1;
    const std::string state = ascii_lower(table_.text(final_state_));
    // Without a task column nothing folds into a row, so it ends at once; else anything but Evicted ends it.
    a.final = a.task_key.empty() || (!state.empty() && state != "evicted");
    a.user = table_.null(user_name_)
                 ? user_ids_.get(table_.text(user_id_),
                                 [](std::string_view id) {
                                   return id.empty() ? std::string("default") : fmt::format("user_{}", id);
                                 })
                 : users_.get(table_.text(user_name_), [](std::string_view u) { return std::string(u); });
    a.label = labels_.get(table_.text(label_),
                          [](std::string_view l) { return std::string(query_group_of_label(l)); });
    a.database = databases_.get(table_.text(database_),
                                [](std::string_view d) { return std::string(d.empty() ? "dev" : d); });
    const std::string_view pid = table_.text(pid_);
    a.session = pid.empty() ? 0 : session_key(std::string("pid:").append(pid), 0);
    const auto endpoint = [&](std::string_view service_class) {
      return join_endpoint(options_.observed_endpoint, service_class) +
             (a.concurrency_scaling ? "#concurrency-scaling" : "");
    };
    a.endpoint =
        (a.concurrency_scaling ? scaled_endpoints_ : endpoints_).get(table_.text(service_class_), endpoint);
    if (!table_.null(text_)) {
      a.type = query_type_of_sql(table_.text(text_));
      a.fingerprint = sql_fingerprint(table_.text(text_));
    }
    a.slot_count =
        static_cast<int>(std::clamp<std::int64_t>(table_.integer(slot_count_, 1).value_or(1), 1, 50));
    if (const auto b = table_.integer(peak_mem_)) a.peak_mem_mb = static_cast<double>(*b) / (1 << 20);
    if (const auto m = table_.number(scanned_)) a.mbytes_scanned = *m;
    if (const auto m = table_.number(spilled_)) a.mbytes_spilled = *m;
    ++attempts_read_;
    return true;
  }

  void add(Attempt a) {
    if (!a.task_key.empty()) {
      const auto it = open_.find(a.task_key);
      // A task that ended, or went quiet for longer than the window, is not continued: its id was reused.
      if (it != open_.end() &&
          (it->second->second.last.final || it->second->second.last.end + window_ < a.start)) {
        open_.erase(it);
      } else if (it != open_.end()) {
        Task& t = it->second->second;
        t.waited_us += t.last.exec_us + a.queue_us;  // the earlier attempt's work was lost
        t.compile_us += a.compile_us;
        if (present(a.peak_mem_mb))
          t.peak_mem_mb = std::max(present(t.peak_mem_mb) ? t.peak_mem_mb : 0.0, a.peak_mem_mb);
        ++t.attempts;
        t.last = std::move(a);
        tally_.add("folded: later attempts of a task (hops, restarts)");
        return;
      }
    }
    Task t;
    t.waited_us = a.queue_us;
    t.compile_us = a.compile_us;
    t.peak_mem_mb = a.peak_mem_mb;
    t.attempts = 1;
    t.first = a;
    t.last = std::move(a);
    const auto at = pending_.emplace(std::make_pair(t.first.start, sequence_++), std::move(t)).first;
    if (!at->second.first.task_key.empty()) open_.emplace(at->second.first.task_key, at);
  }

  void emit(const Task& t, Query& q) {
    q = Query{};
    q.ordinal = ordinal_;
    q.id = t.first.query;
    q.arrival = t.first.start;
    // STL's total_exec_time includes compiling the query's segments (SVL_COMPILE); the canonical exec_ms does
    // not, since the model adds compile_ms to the work itself.
    q.exec_ms = static_cast<double>(std::max<std::int64_t>(0, t.last.exec_us - t.last.compile_us)) / 1000.0;
    q.queue_ms = static_cast<double>(t.waited_us) / 1000.0;
    q.compile_ms = static_cast<double>(t.compile_us) / 1000.0;
    q.peak_mem_mb = t.peak_mem_mb;
    q.mbytes_scanned = t.last.mbytes_scanned;
    q.mbytes_spilled = present(t.last.mbytes_spilled) ? t.last.mbytes_spilled : 0.0;
    q.user = t.first.user;
    q.query_group = t.first.label;
    q.database = t.first.database;
    q.session = t.first.session ? t.first.session : session_key({}, ordinal_);
    q.type = t.first.type;
    q.fingerprint = t.first.fingerprint;
    q.slot_count = static_cast<std::uint16_t>(t.last.slot_count);
    q.observed_endpoint = t.last.endpoint;
    q.observed_capacity = capacity_;
    aborted_query_ = t.last.aborted;
  }

  // Counts the emitted query, unless it is an aborted one being dropped.
  bool keep(const Query&) {
    if (aborted_query_) {
      if (options_.drop_aborted) {
        tally_.add("dropped: aborted");
        return false;
      }
      tally_.add("kept: aborted");
    }
    ++ordinal_;
    return true;
  }

  CsvTable table_;
  SymbolTable& symbols_;
  ForeignTraceOptions options_;
  DurationColumns durations_;
  SimTime window_;
  ColumnSymbols users_{symbols_}, user_ids_{symbols_}, labels_{symbols_}, databases_{symbols_},
      endpoints_{symbols_}, scaled_endpoints_{symbols_};
  Symbol capacity_ = symbols_.intern(options_.observed_capacity);
  ArrivalOrder order_;
  // Tasks not yet emitted, in arrival order (ties: file order); open_ finds a task by its key.
  std::map<std::pair<SimTime, std::uint64_t>, Task> pending_;
  std::unordered_map<std::string, std::map<std::pair<SimTime, std::uint64_t>, Task>::iterator> open_;
  std::uint64_t sequence_ = 0;
  SimTime now_ = INT64_MIN;
  bool ended_ = false;
  bool aborted_query_ = false;
  std::uint64_t ordinal_ = 0;
  std::uint64_t attempts_read_ = 0;
  std::vector<Attempt> sorted_;
  std::size_t sorted_next_ = 0;
  int query_, start_, exec_, end_, queue_, task_, xid_, user_id_, user_name_, label_, database_, pid_,
      aborted_, cs_status_, service_class_, slot_count_, final_state_, peak_mem_, compile_, text_, scanned_,
      spilled_;
};

}  // namespace

std::unique_ptr<ForeignTraceReader> open_stl(const std::filesystem::path& path, SymbolTable& symbols,
                                             const ForeignTraceOptions& options) {
  return std::make_unique<StlReader>(path, symbols, options);
}

}  // namespace rsim
