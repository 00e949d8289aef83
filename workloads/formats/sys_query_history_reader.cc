#include "workloads/formats/sys_query_history_reader.h"

#include <fmt/format.h>

#include <cstdlib>

#include "sim/core/random.h"
#include "workloads/csv/csv_table.h"
#include "workloads/formats/foreign_columns.h"
#include "workloads/formats/sql_text.h"

namespace rsim {

namespace {

// SYS_QUERY_HISTORY.query_type -> the canonical type. LOAD is what some releases write for COPY.
bool sys_query_type(std::string_view s, QueryType& out) {
  if (parse_query_type(s, out)) return true;
  const std::string t = ascii_lower(s);
  if (t == "load") {
    out = QueryType::kCopy;
  } else if (t == "command" || t == "utility") {
    out = QueryType::kOther;
  } else {
    return false;
  }
  return true;
}

class SysQueryHistoryReader final : public ForeignTraceReader {
 public:
  SysQueryHistoryReader(const std::filesystem::path& path, SymbolTable& symbols,
                        const ForeignTraceOptions& options)
      : table_(path, "a SYS_QUERY_HISTORY export (workloads/formats/README.md)"),
        symbols_(symbols),
        options_(options),
        durations_(table_, options.max_duration_s) {
    query_id_ = table_.require("query_id");
    start_ = table_.require("start_time");
    execution_ = table_.require("execution_time");
    queue_ = table_.find("queue_time");
    end_ = table_.find("end_time");
    elapsed_ = table_.find("elapsed_time");
    compile_ = table_.find("compile_time");
    status_ = table_.find("status");
    user_name_ = table_.find("username");
    user_id_ = table_.find("user_id");
    label_ = table_.find("query_label");
    session_ = table_.find("session_id");
    database_ = table_.find("database_name");
    type_ = table_.find("query_type");
    cache_hit_ = table_.find("result_cache_hit");
    rows_ = table_.find("returned_rows");
    hash_ = table_.find("generic_query_hash");
    text_ = table_.find("query_text");
    service_class_ = table_.find("service_class_name");
    compute_type_ = table_.find("compute_type");
    scanned_ = table_.find("mbytes_scanned");
    spilled_ = table_.find("mbytes_spilled");
  }

  bool next(Query& q) override {
    while (table_.next()) {
      if (read(q)) return true;
    }
    return false;
  }

 private:
  bool read(Query& q) {
    const std::string status = ascii_lower(table_.text(status_));
    if (status == "planning" || status == "queued" || status == "running" || status == "returning") {
      tally_.add(fmt::format("skipped: status {} (not finished)", status));
      return false;
    }
    if (!status.empty() && status != "success" && status != "failed" && status != "canceled") {
      table_.fail(status_, fmt::format("unknown status {}: expected success, failed, canceled, planning, "
                                       "queued, running or returning",
                                       shown_value(table_.text(status_))));
    }
    if ((status == "failed" || status == "canceled") && options_.drop_aborted) {
      tally_.add(fmt::format("dropped: status {}", status));
      return false;
    }
    q = Query{};
    q.ordinal = ordinal_++;
    q.id.assign(table_.text(query_id_));
    if (q.id.empty()) table_.fail(query_id_, "query_id is empty");
    const auto start = table_.timestamp(start_);
    if (!start) table_.fail(start_, "start_time is empty");
    q.arrival = *start;
    order_.check(table_, start_, q.arrival, options_.sort);

    const auto exec_us = durations_.micros(execution_, true);
    const auto queue_us = durations_.micros(queue_, false);
    q.exec_ms = *exec_us / 1000.0;
    if (queue_us) q.queue_ms = *queue_us / 1000.0;
    if (const auto c = durations_.micros(compile_, false)) q.compile_ms = *c / 1000.0;
    check_span(exec_us.value_or(0) + queue_us.value_or(0));

    q.user = symbols_.intern(user_name(table_, user_name_, user_id_));
    q.query_group = symbols_.intern(query_group_of_label(table_.text(label_)));
    q.database = symbols_.intern(table_.null(database_) ? std::string_view("dev") : table_.text(database_));
    q.session = session_key(table_.text(session_), q.ordinal);
    if (!table_.null(type_)) {
      if (!sys_query_type(table_.text(type_), q.type)) {
        table_.fail(type_, fmt::format("unknown query_type {}", shown_value(table_.text(type_))));
      }
    } else if (!table_.null(text_)) {
      q.type = query_type_of_sql(table_.text(text_));
    }
    q.result_cache_hit = table_.boolean(cache_hit_).value_or(false);
    if (const auto r = table_.integer(rows_)) q.rows_returned = *r;
    if (!table_.null(hash_)) {
      q.fingerprint = text_key(table_.text(hash_));
    } else if (!table_.null(text_)) {
      q.fingerprint = sql_fingerprint(table_.text(text_));
    }
    if (const auto m = table_.number(scanned_)) q.mbytes_scanned = *m;
    if (const auto m = table_.number(spilled_)) q.mbytes_spilled = *m;

    std::string endpoint = join_endpoint(options_.observed_endpoint, table_.text(service_class_));
    if (ascii_lower(table_.text(compute_type_)) == "primary-scale") endpoint += "#concurrency-scaling";
    q.observed_endpoint = symbols_.intern(endpoint);
    q.observed_capacity = symbols_.intern(options_.observed_capacity);
    if (status == "failed" || status == "canceled") tally_.add(fmt::format("kept: status {}", status));
    return true;
  }

  // The durations must fit in the row's own span: a column exported in other units than µs breaks this.
  void check_span(std::int64_t queue_and_exec_us) {
    const auto end = table_.timestamp(end_);
    if (!end) return;
    const std::int64_t span = *end - *table_.timestamp(start_);
    if (span < 0) table_.fail(end_, "end_time is before start_time");
    const auto elapsed = durations_.micros(elapsed_, false);
    if (elapsed && std::llabs(*elapsed - span) > 1000 + span / 100) {
      table_.fail(elapsed_, fmt::format("elapsed_time {} disagrees with end_time - start_time = {} µs: "
                                        "SYS_QUERY_HISTORY durations are in microseconds",
                                        *elapsed, span));
    }
    check_within_span(table_, execution_, queue_and_exec_us, span, "queue_time + execution_time");
  }

  CsvTable table_;
  SymbolTable& symbols_;
  ForeignTraceOptions options_;
  DurationColumns durations_;
  ArrivalOrder order_;
  std::uint64_t ordinal_ = 0;
  int query_id_, start_, execution_, queue_, end_, elapsed_, compile_, status_, user_name_, user_id_, label_,
      session_, database_, type_, cache_hit_, rows_, hash_, text_, service_class_, compute_type_, scanned_,
      spilled_;
};

}  // namespace

std::unique_ptr<ForeignTraceReader> open_sys_query_history(const std::filesystem::path& path,
                                                           SymbolTable& symbols,
                                                           const ForeignTraceOptions& options) {
  return std::make_unique<SysQueryHistoryReader>(path, symbols, options);
}

}  // namespace rsim
