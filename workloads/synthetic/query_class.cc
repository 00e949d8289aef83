#include "workloads/synthetic/query_class.h"

#include <fmt/format.h>

#include <cmath>

namespace rsim {

namespace {

std::vector<std::pair<QueryType, double>> parse_types(const std::optional<JsonValue>& v) {
  if (!v) return {{QueryType::kSelect, 1.0}};
  std::vector<std::pair<QueryType, double>> out;
  const auto type_of = [](const JsonValue& where, const std::string& name) {
    QueryType t;
    if (!parse_query_type(name, t)) where.fail(fmt::format("unknown query type \"{}\"", name));
    return t;
  };
  if (v->is_string()) return {{type_of(*v, v->string()), 1.0}};
  JsonObject o = v->object();
  double sum = 0;
  for (const auto& key : o.keys()) {
    const double w = o.number(key, std::nullopt, 0.0, 1e9);
    out.emplace_back(type_of(o.value(), key), w);
    sum += w;
  }
  if (out.empty() || sum <= 0) v->fail("expected a query type or an object of weights by type");
  for (auto& [t, w] : out) w /= sum;
  return out;
}

StepSpec parse_step(JsonObject& o, const std::filesystem::path& base_dir, bool work_required) {
  StepSpec s;
  s.types = parse_types(o.get("query_type"));
  if (auto w = o.get("work_ms")) {
    s.work_ms = parse_distribution(*w, base_dir, "exec_ms", true);
  } else if (work_required) {
    o.require("work_ms");
  } else {
    // Streaming refreshes and CDC batches: a fixed cost plus 10 ms per MB (an assumption, stated).
    s.work_ms = ValueDistribution{DistributionKind::kPerMbyte, 100.0, 10.0, 0, nullptr};
  }
  if (auto m = o.get("mbytes_scanned"))
    s.mbytes_scanned = parse_distribution(*m, base_dir, "mbytes_scanned", false);
  s.read_tables = o.string("read_tables", "");
  s.write_tables = o.string("write_tables", "");
  return s;
}

std::vector<std::string> parse_users(const JsonValue& v) {
  if (v.is_string()) return {v.string()};
  if (v.is_array()) {
    std::vector<std::string> out;
    for (const auto& u : v.array()) out.push_back(u.string());
    if (out.empty()) v.fail("expected at least one user");
    return out;
  }
  JsonObject o = v.object();
  const std::string prefix = o.string("prefix", std::nullopt);
  const auto count = o.integer("count", std::nullopt, 1, 1'000'000);
  o.finish();
  std::vector<std::string> out;
  for (std::int64_t i = 1; i <= count; ++i) out.push_back(fmt::format("{}_{:02}", prefix, i));
  return out;
}

}  // namespace

ClassSpec parse_class(const JsonValue& v, const std::filesystem::path& base_dir) {
  JsonObject o = v.object();
  ClassSpec c;
  c.name = o.string("name", std::nullopt);
  if (c.name.empty()) v.fail("name must not be empty");
  c.kind = o.enum_choice<ClassKind>("kind", "queries", kClassKindNames);
  switch (c.kind) {
    case ClassKind::kQueries:
      c.arrivals = parse_arrivals(o.require("arrivals"));
      c.steps.push_back(parse_step(o, base_dir, true));
      break;
    case ClassKind::kBatch: {
      c.arrivals = parse_arrivals(o.require("arrivals"));
      const JsonValue steps = o.require("steps");
      for (const auto& s : steps.array()) {
        JsonObject step = s.object();
        c.steps.push_back(parse_step(step, base_dir, true));
        step.finish();
      }
      if (c.steps.empty()) steps.fail("a batch job needs at least one step");
      c.gap_s = o.number("gap_s", 0.0, 0.0, 86400.0);
      break;
    }
    case ClassKind::kStreaming: {
      c.units_per_s = o.number("events_per_s", std::nullopt, 0.0, 1e9);
      c.mbytes_per_unit = o.number("kb_per_event", std::nullopt, 0.0, 1e9) / 1024.0;
      c.arrivals.kind = ArrivalKind::kPeriodic;
      c.arrivals.interval_s = o.number("refresh_s", std::nullopt, 1e-3, 1e7);
      c.arrivals.phase_s = c.arrivals.interval_s;  // the first refresh after one interval of events
      StepSpec refresh = parse_step(o, base_dir, false);
      if (!o.has("query_type")) refresh.types = {{QueryType::kInsert, 1.0}};
      c.steps.push_back(std::move(refresh));
      break;
    }
    case ClassKind::kCdc: {
      c.units_per_s = o.number("rows_per_s", std::nullopt, 0.0, 1e9);
      c.mbytes_per_unit = o.number("bytes_per_row", std::nullopt, 0.0, 1e9) / (1024.0 * 1024.0);
      c.arrivals.kind = ArrivalKind::kPeriodic;
      c.arrivals.interval_s = o.number("interval_s", std::nullopt, 1e-3, 1e7);
      c.arrivals.phase_s = c.arrivals.interval_s;
      const std::string staging = o.string("staging_table", fmt::format("staging.{}", c.name));
      const std::string target = o.string("target_table", std::nullopt);
      StepSpec copy, merge;
      copy.types = {{QueryType::kCopy, 1.0}};
      copy.work_ms = merge.work_ms = ValueDistribution{DistributionKind::kPerMbyte, 100.0, 10.0, 0, nullptr};
      if (auto w = o.get("work_ms"))
        copy.work_ms = merge.work_ms = parse_distribution(*w, base_dir, "exec_ms", true);
      copy.write_tables = staging;
      merge.types = {{QueryType::kUpdate, 1.0}};  // MERGE: updates and inserts the target from staging
      merge.read_tables = staging;
      merge.write_tables = target;
      c.steps = {copy, merge};
      c.gap_s = o.number("gap_s", 1.0, 0.0, 86400.0);
      break;
    }
  }
  c.domain = o.string("domain", "");
  c.database = o.string("database", "dev");
  c.query_group = o.string("query_group", "");
  c.observed_endpoint = o.string("observed_endpoint", "");
  c.observed_capacity = o.string("observed_capacity", "");
  if (auto u = o.get("users")) c.users = parse_users(*u);
  if (auto s = o.get("sessions")) c.sessions = parse_sessions(*s);
  c.statements = static_cast<int>(o.integer("statements", 0, 0, 1'000'000'000));
  c.result_cache_hit_share = o.number("result_cache_hit_share", 0.0, 0.0, 1.0);
  o.finish();
  return c;
}

QueryClassSource::QueryClassSource(const ClassSpec& spec, SimTime start, SimTime end, std::uint64_t seed,
                                   SymbolTable& symbols)
    : spec_(spec),
      symbols_(symbols),
      rng_(seed, "gen/" + spec.name, "shape"),
      arrivals_(spec.arrivals, start, end, RandomStream(seed, "gen/" + spec.name, "arrivals")),
      sessions_(spec.sessions, stable_hash(spec.name)) {
  for (const auto& u : spec_.users) users_.push_back(symbols_.intern(u));
  domain_ = symbols_.intern(spec_.domain);
  database_ = symbols_.intern(spec_.database);
  group_ = symbols_.intern(spec_.query_group);
  endpoint_ = symbols_.intern(spec_.observed_endpoint);
  capacity_ = symbols_.intern(spec_.observed_capacity);
  for (const auto& s : spec_.steps) {
    reads_.push_back(symbols_.intern(s.read_tables));
    writes_.push_back(symbols_.intern(s.write_tables));
  }
  last_job_ = start;
  next_job_ = arrivals_.next();
}

void QueryClassSource::fill(Query& q, const StepSpec& step, std::size_t step_index, SimTime arrival,
                            double volume_mb) {
  q = Query{};
  q.id = fmt::format("{}-{}", spec_.name, count_++);
  q.arrival = arrival;
  double u = rng_.uniform();
  q.type = step.types.back().first;
  for (const auto& [t, w] : step.types) {
    if (u < w) {
      q.type = t;
      break;
    }
    u -= w;
  }
  if (step.mbytes_scanned) {
    q.mbytes_scanned = std::round(step.mbytes_scanned->sample(rng_) * 10.0) / 10.0;
  } else if (volume_mb >= 0) {
    q.mbytes_scanned = std::round(volume_mb * 1000.0) / 1000.0;
  }
  q.exec_ms =
      std::round(step.work_ms.sample(rng_, present(q.mbytes_scanned) ? q.mbytes_scanned : 0.0) * 1000.0) /
      1000.0;
  q.domain = domain_;
  q.database = database_;
  q.query_group = group_;
  q.observed_endpoint = endpoint_;
  q.observed_capacity = capacity_;
  q.read_tables = reads_[step_index];
  q.write_tables = writes_[step_index];
  if (spec_.statements > 0) {
    // Statements repeat with a skew (the square of a uniform draw favours the first ones), as dashboards do.
    const double v = rng_.uniform();
    const auto k = static_cast<std::uint64_t>(v * v * spec_.statements);
    q.fingerprint = mix64(stable_hash(spec_.name) ^ mix64((step_index << 40) ^ k)) | 1;
  } else {
    q.fingerprint = mix64(stable_hash(spec_.name) ^ mix64(count_ + 0xf1)) | 1;
  }
  q.result_cache_hit = spec_.result_cache_hit_share > 0 && rng_.uniform() < spec_.result_cache_hit_share;
}

void QueryClassSource::start_job(SimTime at) {
  double volume_mb = -1;
  if (spec_.kind == ClassKind::kStreaming || spec_.kind == ClassKind::kCdc) {
    // What arrived since the last job: Poisson with mean rate x interval (normal beyond 1,000).
    const double mean = spec_.units_per_s * to_seconds(at - last_job_);
    double units = 0;
    if (mean > 1000) {
      units = std::max(0.0, std::round(mean + std::sqrt(mean) * rng_.normal()));
    } else {
      for (double t = rng_.exponential(1.0); t < mean; t += rng_.exponential(1.0)) units += 1;
    }
    volume_mb = units * spec_.mbytes_per_unit;
  }
  last_job_ = at;
  const std::size_t user = rng_.below(users_.size());
  std::vector<Query> job;
  SimTime t = at;
  for (std::size_t i = 0; i < spec_.steps.size(); ++i) {
    job.emplace_back();
    fill(job.back(), spec_.steps[i], i, t, volume_mb);
    job.back().user = users_[user];
    const SimTime done = t + static_cast<SimTime>(job.back().exec_ms * 1000.0);
    t = i + 1 < spec_.steps.size() ? done + static_cast<SimTime>(spec_.gap_s * 1e6) : done;
  }
  // A job's steps share one connection, busy until the last step ends.
  const std::uint64_t session = sessions_.assign(at, t, user);
  for (Query& q : job) {
    q.session = session;
    pending_.push(std::move(q));
  }
}

bool QueryClassSource::next(Query& q) {
  for (;;) {
    // A pending query goes once no job still to start can put one before it.
    if (!pending_.empty() && (!next_job_ || pending_.earliest() <= *next_job_)) {
      pending_.pop(q);
      return true;
    }
    if (!next_job_) return false;
    start_job(*next_job_);
    next_job_ = arrivals_.next();
  }
}

}  // namespace rsim
