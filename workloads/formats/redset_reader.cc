#include "workloads/formats/redset_reader.h"

#include <fmt/format.h>

#include <vector>

#include "sim/core/random.h"
#include "workloads/csv/csv_table.h"
#include "workloads/formats/foreign_columns.h"

namespace rsim {

namespace {

// Redset's query_type values beyond the canonical ones.
bool redset_query_type(std::string_view s, QueryType& out) {
  if (parse_query_type(s, out)) return true;
  const std::string t = ascii_lower(s);
  if (t == "analyze" || t == "vacuum") {
    out = QueryType::kOther;
  } else if (t == "create" || t == "alter" || t == "drop" || t == "truncate") {
    out = QueryType::kDdl;
  } else {
    return false;
  }
  return true;
}

// Redset lists table ids comma-separated; the canonical trace separates names with ';'.
std::string table_list(std::string_view ids) {
  std::string out;
  for (const char c : ids) {
    if (c == ' ' || c == '"' || c == '[' || c == ']') continue;
    out += c == ',' ? ';' : c;
  }
  return out;
}

class RedsetReader final : public ForeignTraceReader {
 public:
  RedsetReader(const std::filesystem::path& path, SymbolTable& symbols, const ForeignTraceOptions& options)
      : table_(path, "a Redset CSV (workloads/formats/README.md)"),
        symbols_(symbols),
        options_(options),
        durations_(table_, options.max_duration_s) {
    instance_ = table_.require("instance_id");
    query_id_ = table_.require("query_id");
    arrival_ = table_.require("arrival_timestamp");
    execution_ = table_.require("execution_duration_ms");
    queue_ = table_.find("queue_duration_ms");
    compile_ = table_.find("compile_duration_ms");
    cluster_size_ = table_.find("cluster_size");
    user_ = table_.find("user_id");
    database_ = table_.find("database_id");
    fingerprint_ = table_.find("feature_fingerprint");
    aborted_ = table_.find("was_aborted");
    cached_ = table_.find("was_cached");
    cache_source_ = table_.find("cache_source_query_id");
    type_ = table_.find("query_type");
    read_tables_ = table_.find("read_table_ids");
    write_tables_ = table_.find("write_table_ids");
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
    const std::string_view instance = table_.text(instance_);
    if (instance.empty()) table_.fail(instance_, "instance_id is empty");
    if (options_.instance && *table_.integer(instance_) != *options_.instance) return false;
    const bool aborted = table_.boolean(aborted_).value_or(false);
    if (aborted && options_.drop_aborted) {
      tally_.add("dropped: was_aborted");
      return false;
    }
    q = Query{};
    q.ordinal = ordinal_++;
    const std::string_view id = table_.text(query_id_);
    if (id.empty()) table_.fail(query_id_, "query_id is empty");
    // Query ids are unique per instance only.
    q.id = options_.instance ? std::string(id) : fmt::format("{}-{}", instance, id);
    const auto arrival = table_.timestamp(arrival_);
    if (!arrival) table_.fail(arrival_, "arrival_timestamp is empty");
    q.arrival = *arrival;
    order_.check(table_, arrival_, q.arrival, options_.sort);

    q.exec_ms = *durations_.millis(execution_, true);
    if (const auto v = durations_.millis(queue_, false)) q.queue_ms = *v;
    if (const auto v = durations_.millis(compile_, false)) q.compile_ms = *v;
    q.user = symbols_.intern(table_.null(user_) ? std::string("default")
                                                : fmt::format("user_{}", table_.text(user_)));
    q.database = symbols_.intern(table_.null(database_) ? std::string("dev")
                                                        : fmt::format("db_{}", table_.text(database_)));
    q.session = session_key({}, q.ordinal);  // Redset records no connections
    if (!table_.null(type_) && !redset_query_type(table_.text(type_), q.type)) {
      table_.fail(type_, fmt::format("unknown query_type {}", shown_value(table_.text(type_))));
    }
    if (!table_.null(fingerprint_)) q.fingerprint = text_key(table_.text(fingerprint_));
    q.result_cache_hit = table_.boolean(cached_).value_or(false);
    if (q.result_cache_hit) resolve_cached(q, instance);
    remember(instance, id, q.fingerprint);
    q.read_tables = tables_.get(table_.text(read_tables_), table_list);
    q.write_tables = tables_.get(table_.text(write_tables_), table_list);
    if (const auto m = table_.number(scanned_)) q.mbytes_scanned = *m;
    if (const auto m = table_.number(spilled_)) q.mbytes_spilled = *m;
    q.observed_endpoint = endpoints_.get(
        instance, [&](std::string_view i) { return join_endpoint(options_.observed_endpoint, i); });
    if (!options_.observed_capacity.empty() || options_.node_type.empty()) {
      q.observed_capacity = fixed_capacity_;
    } else if (!table_.null(cluster_size_)) {
      table_.integer(cluster_size_, 1);  // checked
      q.observed_capacity = capacities_.get(table_.text(cluster_size_), [&](std::string_view size) {
        return fmt::format("{}:{}", options_.node_type, size);
      });
    }
    if (aborted) tally_.add("kept: was_aborted");
    return true;
  }

  // A cached row repeats its source query: it takes the source's fingerprint, so the result cache model sees
  // the repeat. Sources are remembered in a fixed table (bounded memory); one overwritten since keeps the
  // cached row's own feature_fingerprint.
  void resolve_cached(Query& q, std::string_view instance) {
    if (table_.null(cache_source_)) {
      tally_.add("cached: no cache_source_query_id");
      return;
    }
    const std::uint64_t key = query_key(instance, table_.text(cache_source_));
    const Remembered& r = recent_[key & (kRecent - 1)];
    if (r.key != key) {
      tally_.add("cached: source query not in the recent window");
      return;
    }
    q.fingerprint = r.fingerprint;
    tally_.add("cached: resolved through cache_source_query_id");
  }

  static std::uint64_t query_key(std::string_view instance, std::string_view id) {
    return mix64(stable_hash(instance) * 0x100000001b3ULL ^ stable_hash(id)) | 1;
  }

  void remember(std::string_view instance, std::string_view id, std::uint64_t fingerprint) {
    if (cache_source_ < 0 || fingerprint == 0) return;
    const std::uint64_t key = query_key(instance, id);
    recent_[key & (kRecent - 1)] = Remembered{key, fingerprint};
  }

  struct Remembered {
    std::uint64_t key = 0;
    std::uint64_t fingerprint = 0;
  };
  static constexpr std::size_t kRecent = 1 << 20;  // 16 MiB

  CsvTable table_;
  SymbolTable& symbols_;
  ForeignTraceOptions options_;
  DurationColumns durations_;
  ArrivalOrder order_;
  std::uint64_t ordinal_ = 0;
  std::vector<Remembered> recent_ = std::vector<Remembered>(kRecent);
  Symbol fixed_capacity_ = symbols_.intern(options_.observed_capacity);
  ColumnSymbols users_{symbols_}, databases_{symbols_}, tables_{symbols_}, endpoints_{symbols_},
      capacities_{symbols_};
  int instance_, query_id_, arrival_, execution_, queue_, compile_, cluster_size_, user_, database_,
      fingerprint_, aborted_, cached_, cache_source_, type_, read_tables_, write_tables_, scanned_, spilled_;
};

}  // namespace

std::unique_ptr<ForeignTraceReader> open_redset(const std::filesystem::path& path, SymbolTable& symbols,
                                                const ForeignTraceOptions& options) {
  return std::make_unique<RedsetReader>(path, symbols, options);
}

}  // namespace rsim
