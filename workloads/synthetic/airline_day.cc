#include "workloads/synthetic/airline_day.h"

#include <fmt/format.h>

#include <cmath>
#include <string>
#include <unordered_set>

namespace rsim {

namespace {

constexpr SimDuration kHour = 3600 * kMicrosPerSecond;
constexpr SimDuration kDay = 24 * kHour;

// Relative arrival intensity by hour of day (UTC), peak 1.0.
constexpr std::array<double, 24> kOfficeHours = {0.03, 0.02, 0.02, 0.02, 0.03, 0.08, 0.25, 0.55,
                                                 0.85, 1.0,  0.95, 0.9,  0.7,  0.85, 0.95, 0.9,
                                                 0.75, 0.5,  0.3,  0.15, 0.1,  0.06, 0.05, 0.04};
constexpr std::array<double, 24> kAroundTheClock = {0.55, 0.5, 0.45, 0.45, 0.5,  0.65, 0.85, 0.95,
                                                    1.0,  1.0, 0.95, 0.9,  0.9,  0.95, 1.0,  1.0,
                                                    0.95, 0.9, 0.85, 0.8,  0.75, 0.7,  0.65, 0.6};

struct Shape {
  const char* domain;
  const char* query_group;
  const char* endpoint;
  const char* capacity;
  double median_ms;
  double sigma;
  double pareto_share;  // fraction of queries drawn from a Pareto tail instead
  double mbytes_per_ms;
  double mem_median_mb;
  const char* read_tables;
  const char* write_tables;
};

}  // namespace

class AirlineDaySource::Class {
 public:
  Class(const AirlineDayConfig& config, SymbolTable& symbols, const char* name, Shape shape)
      : config_(config),
        symbols_(symbols),
        name_(name),
        shape_(shape),
        rng_(config.seed, "airline_day", name) {
    domain_ = symbols.intern(shape.domain);
    group_ = symbols.intern(shape.query_group);
    endpoint_ = symbols.intern(shape.endpoint);
    capacity_ = symbols.intern(shape.capacity);
    database_ = symbols.intern("airline");
    reads_ = symbols.intern(shape.read_tables);
    writes_ = symbols.intern(shape.write_tables);
  }
  virtual ~Class() = default;

  // Fills the next query of this class; false when the class has no more.
  virtual bool next(Query& q) = 0;

 protected:
  SimTime end() const { return config_.start + config_.days * kDay; }

  void fill(Query& q, SimTime t, Symbol user, std::uint64_t session, QueryType type,
            std::uint64_t fingerprint, double work_scale = 1.0) {
    q = Query{};
    q.id = fmt::format("{}-{}", name_, count_++);
    q.arrival = t;
    q.user = user;
    q.query_group = group_;
    q.database = database_;
    q.domain = domain_;
    q.session = mix64(stable_hash(name_) ^ session);
    q.type = type;
    double ms = rng_.lognormal(std::log(shape_.median_ms), shape_.sigma);
    if (rng_.uniform() < shape_.pareto_share)
      ms = shape_.median_ms * 4.0 / std::pow(1.0 - rng_.uniform(), 1.0 / 1.3);
    ms = std::min(ms * work_scale, 4.0 * 3600e3);
    q.exec_ms = std::round(ms * 1000.0) / 1000.0;
    q.mbytes_scanned = std::round(q.exec_ms * shape_.mbytes_per_ms * rng_.lognormal(0.0, 0.4) * 10.0) / 10.0;
    q.peak_mem_mb = std::round(rng_.lognormal(std::log(shape_.mem_median_mb), 1.0) * work_scale);
    q.rows_returned = type == QueryType::kSelect ? static_cast<std::int64_t>(rng_.lognormal(4.0, 2.0)) : 0;
    q.fingerprint = fingerprint;
    if (fingerprint && compiled_.insert(fingerprint).second)
      q.compile_ms = std::round(rng_.uniform() * 1200 + 300);
    q.read_tables = reads_;
    q.write_tables = type == QueryType::kSelect ? 0 : writes_;
    q.observed_endpoint = endpoint_;
    q.observed_capacity = capacity_;
  }

  // Next arrival of a non-homogeneous Poisson process with peak rate `peak_per_hour` and the hourly
  // `profile`, by thinning. Returns a time past end() when the process is over.
  SimTime next_arrival(SimTime after, double peak_per_hour, const std::array<double, 24>& profile) {
    double t = static_cast<double>(after);
    const double mean_gap = 3600e6 / (peak_per_hour * config_.scale);
    for (;;) {
      t += rng_.exponential(mean_gap);
      if (t >= static_cast<double>(end())) return end() + 1;
      const auto hour = static_cast<std::size_t>((static_cast<SimTime>(t) % kDay) / kHour);
      if (rng_.uniform() < profile[hour]) return static_cast<SimTime>(t);
    }
  }

  std::uint64_t statement(std::uint64_t k) { return mix64(stable_hash(name_) + k) | 1; }

  const AirlineDayConfig& config_;
  SymbolTable& symbols_;
  std::string name_;
  Shape shape_;
  RandomStream rng_;
  Symbol domain_, group_, endpoint_, capacity_, database_, reads_, writes_;
  std::uint64_t count_ = 0;
  std::unordered_set<std::uint64_t> compiled_;
};

namespace {

// Interactive users: NHPP arrivals, each user working in sessions of a few dozen queries.
class Interactive final : public AirlineDaySource::Class {
 public:
  Interactive(const AirlineDayConfig& c, SymbolTable& s, const char* name, Shape shape,
              const char* user_prefix, int users, double peak_per_hour, const std::array<double, 24>& profile,
              int statements)
      : Class(c, s, name, shape), peak_(peak_per_hour), profile_(profile), statements_(statements) {
    const int n = std::max(1, static_cast<int>(std::lround(users * c.scale)));
    for (int i = 0; i < n; ++i) users_.push_back(s.intern(fmt::format("{}_{:02}", user_prefix, i + 1)));
    sessions_.assign(users_.size(), 0);
    left_.assign(users_.size(), 0);
    t_ = c.start;
  }
  bool next(Query& q) override {
    t_ = next_arrival(t_, peak_, profile_);
    if (t_ > end()) return false;
    const std::size_t u = rng_.below(users_.size());
    if (left_[u] == 0) {
      sessions_[u] = session_counter_++;
      left_[u] = 10 + static_cast<int>(rng_.below(40));
    }
    --left_[u];
    // Analysts rerun a core of saved statements and write new ones.
    const std::uint64_t fp =
        rng_.uniform() < 0.6 ? statement(rng_.below(statements_)) : statement(1000000 + count_);
    fill(q, t_, users_[u], sessions_[u], QueryType::kSelect, fp);
    return true;
  }

 private:
  double peak_;
  std::array<double, 24> profile_;
  int statements_;
  std::vector<Symbol> users_;
  std::vector<std::uint64_t> sessions_;
  std::vector<int> left_;
  std::uint64_t session_counter_ = 0;
  SimTime t_;
};

// Batches at fixed times of day: a burst of queries spaced by a few seconds, one session per batch.
class Scheduled final : public AirlineDaySource::Class {
 public:
  Scheduled(const AirlineDayConfig& c, SymbolTable& s, const char* name, Shape shape, const char* user,
            std::vector<double> hours, int per_batch, std::vector<QueryType> types, double spacing_s,
            bool cache_between_loads)
      : Class(c, s, name, shape),
        user_(s.intern(user)),
        hours_(std::move(hours)),
        per_batch_(std::max(1, static_cast<int>(std::lround(per_batch * c.scale)))),
        types_(std::move(types)),
        spacing_s_(spacing_s / c.scale),
        cache_between_loads_(cache_between_loads) {}

  bool next(Query& q) override {
    for (;;) {
      if (in_batch_ < per_batch_ && batch_ > 0) break;
      // Start the next batch.
      const std::size_t day = static_cast<std::size_t>(batch_ / hours_.size());
      if (static_cast<int>(day) >= config_.days) return false;
      const double hour = hours_[batch_ % hours_.size()];
      batch_start_ = config_.start + static_cast<SimTime>(day) * kDay + static_cast<SimTime>(hour * 3600e6);
      ++batch_;
      in_batch_ = 0;
    }
    const SimTime t = batch_start_ + from_seconds(in_batch_ * spacing_s_ + rng_.uniform() * spacing_s_ * 0.5);
    const QueryType type = types_[static_cast<std::size_t>(in_batch_) % types_.size()];
    fill(q, t, user_, batch_, type, statement(static_cast<std::uint64_t>(in_batch_)));
    // A dashboard refresh is answered from the result cache unless the tables were loaded since the last one.
    if (cache_between_loads_) {
      const auto hour = (t % kDay) / kHour;
      q.result_cache_hit = !(hour == 6 || hour == 7) && rng_.uniform() < 0.7;
    }
    ++in_batch_;
    return true;
  }

 private:
  Symbol user_;
  std::vector<double> hours_;
  int per_batch_;
  std::vector<QueryType> types_;
  double spacing_s_;  // a scaled-up batch keeps its duration: more queries, closer together
  bool cache_between_loads_;
  std::uint64_t batch_ = 0;
  int in_batch_ = 0;
  SimTime batch_start_ = 0;
};

std::vector<double> every(double from, double to, double step) {
  std::vector<double> out;
  for (double h = from; h < to - 1e-9; h += step) out.push_back(h);
  return out;
}

}  // namespace

AirlineDaySource::AirlineDaySource(const AirlineDayConfig& given, SymbolTable& symbols) : config_(given) {
  const AirlineDayConfig& config = config_;
  const char* kSales = "ra3.4xlarge:2";
  const char* kOps = "ra3.4xlarge:2";
  const char* kProducer = "ra3.4xlarge:4";
  const char* kSalesReads = "core.flights;core.fares;sales.bookings;sales.customers";
  const char* kOpsReads = "core.flights;ops.crew_roster;ops.aircraft_status";
  // Sales BI dashboards: 8 tiles refreshed every 10 minutes from 06:00 to 20:00.
  classes_.push_back(std::make_unique<Scheduled>(
      config, symbols, "sales-dashboard",
      Shape{"sales", "dashboard", "sales-consumer", kSales, 900, 0.8, 0.0, 2.0, 300, kSalesReads, ""},
      "bi_sales_svc", every(6, 20, 1.0 / 6), 8, std::vector<QueryType>{QueryType::kSelect}, 1.5, true));
  classes_.push_back(std::make_unique<Interactive>(
      config, symbols, "sales-adhoc",
      Shape{"sales", "adhoc", "sales-consumer", kSales, 3000, 1.3, 0.03, 3.0, 600, kSalesReads, ""},
      "sales_analyst", 8, 150, kOfficeHours, 120));
  classes_.push_back(std::make_unique<Interactive>(
      config, symbols, "ops-lookup",
      Shape{"operations", "ops", "ops-consumer", kOps, 400, 0.9, 0.0, 1.0, 150, kOpsReads, ""},
      "ops_controller", 10, 90, kAroundTheClock, 40));
  classes_.push_back(std::make_unique<Scheduled>(
      config, symbols, "ops-shift-report",
      Shape{"operations", "report", "ops-consumer", kOps, 45000, 0.7, 0.0, 4.0, 4000, kOpsReads, ""},
      "ops_report_svc", std::vector<double>{6, 14, 22}, 20, std::vector<QueryType>{QueryType::kSelect}, 4.0,
      false));
  classes_.push_back(std::make_unique<Scheduled>(
      config, symbols, "core-etl",
      Shape{"shared", "etl", "producer", kProducer, 20000, 0.8, 0.0, 6.0, 2500, "staging.events",
            "core.flights;core.bookings;core.fares"},
      "etl_loader", every(0, 24, 1), 8,
      std::vector<QueryType>{QueryType::kCopy, QueryType::kInsert, QueryType::kDelete, QueryType::kUpdate},
      20.0, false));
  classes_.push_back(
      std::make_unique<Interactive>(config, symbols, "shared-science",
                                    Shape{"shared", "adhoc", "sales-consumer", kSales, 30000, 1.5, 0.05, 5.0,
                                          3000, "core.flights;core.bookings;core.fares", ""},
                                    "data_scientist", 3, 20, kOfficeHours, 30));

  heads_.resize(classes_.size());
  for (std::size_t i = 0; i < classes_.size(); ++i) {
    if (classes_[i]->next(heads_[i])) order_.push(Head{heads_[i].arrival, i, seq_++});
  }
}

AirlineDaySource::~AirlineDaySource() = default;

bool AirlineDaySource::next(Query& q) {
  if (order_.empty()) return false;
  const Head h = order_.top();
  order_.pop();
  q = std::move(heads_[h.cls]);
  q.ordinal = ordinal_++;
  if (classes_[h.cls]->next(heads_[h.cls])) order_.push(Head{heads_[h.cls].arrival, h.cls, seq_++});
  return true;
}

}  // namespace rsim
