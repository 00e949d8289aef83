#include "workloads/trace/trace_stats.h"

#include <fmt/format.h>

#include <cmath>

#include "workloads/trace/timestamp.h"

namespace rsim {

void TraceStats::add(const Query& q) {
  if (queries_ == 0) first_ = q.arrival;
  last_ = q.arrival;
  ++queries_;
  const std::int64_t secs_of_day = ((q.arrival / kMicrosPerSecond) % 86400 + 86400) % 86400;
  ++by_hour_[static_cast<std::size_t>(secs_of_day / 3600)];
  ++by_type_[static_cast<std::size_t>(q.type)];
  ++by_domain_[q.domain];
  sessions_.insert(q.session);
  if (present(q.exec_ms)) {
    exec_ms_.add(q.exec_ms);
    exec_us_.record(static_cast<std::uint64_t>(std::llround(q.exec_ms * 1000.0)));
  }
  cache_hits_ += q.result_cache_hit;
}

nlohmann::json TraceStats::to_json() const {
  using nlohmann::json;
  const double span_s = to_seconds(last_ - first_);
  // Mean arrivals per second in each hour of the day, over the days the trace covers.
  const double days = std::max(1.0, std::ceil(span_s / 86400.0));
  json hours = json::array();
  for (std::size_t h = 0; h < 24; ++h) {
    hours.push_back({{"hour_utc", h}, {"queries", by_hour_[h]}, {"per_s", by_hour_[h] / (3600.0 * days)}});
  }
  json types = json::object();
  for (int t = 0; t < kQueryTypeCount; ++t) {
    if (by_type_[t]) types[std::string(query_type_name(static_cast<QueryType>(t)))] = by_type_[t];
  }
  json domains = json::object();
  for (const auto& [d, n] : by_domain_) domains[d ? symbols_.name(d) : "(none)"] = n;
  auto ms = [](double us) { return std::round(us) / 1000.0; };
  json exec = {{"mean", exec_ms_.mean()},
               {"p50", ms(exec_us_.quantile(0.50))},
               {"p90", ms(exec_us_.quantile(0.90))},
               {"p95", ms(exec_us_.quantile(0.95))},
               {"p99", ms(exec_us_.quantile(0.99))},
               {"max", exec_ms_.max()}};
  return {{"queries", queries_},
          {"first_arrival", queries_ ? format_timestamp(first_) : ""},
          {"last_arrival", queries_ ? format_timestamp(last_) : ""},
          {"span_s", span_s},
          {"mean_rate_per_s", span_s > 0 ? static_cast<double>(queries_) / span_s : 0.0},
          {"sessions", sessions_.size()},
          {"result_cache_hits", cache_hits_},
          {"exec_ms", exec},
          {"by_hour", hours},
          {"by_type", types},
          {"by_domain", domains}};
}

std::string TraceStats::to_text() const {
  const nlohmann::json j = to_json();
  std::string out;
  auto line = [&](std::string_view k, const std::string& v) { out += fmt::format("{:<18} {}\n", k, v); };
  line("queries", fmt::format("{}", queries_));
  line("first arrival", j["first_arrival"].get<std::string>());
  line("last arrival", j["last_arrival"].get<std::string>());
  line("span",
       fmt::format("{:.1f} s ({:.2f} h)", j["span_s"].get<double>(), j["span_s"].get<double>() / 3600));
  line("mean rate", fmt::format("{:.3f} queries/s", j["mean_rate_per_s"].get<double>()));
  line("sessions", fmt::format("{}", sessions_.size()));
  line("cache hits", fmt::format("{}", cache_hits_));
  const auto& e = j["exec_ms"];
  line("exec_ms", fmt::format("mean {:.1f}  p50 {:.1f}  p90 {:.1f}  p95 {:.1f}  p99 {:.1f}  max {:.1f}",
                              e["mean"].get<double>(), e["p50"].get<double>(), e["p90"].get<double>(),
                              e["p95"].get<double>(), e["p99"].get<double>(), e["max"].get<double>()));
  out += "by query type:\n";
  for (const auto& [k, v] : j["by_type"].items()) {
    out += fmt::format("  {:<16} {:>10}  {:5.1f}%\n", k, v.get<std::uint64_t>(),
                       100.0 * v.get<double>() / std::max<double>(1, queries_));
  }
  out += "by domain:\n";
  for (const auto& [k, v] : j["by_domain"].items()) {
    out += fmt::format("  {:<16} {:>10}  {:5.1f}%\n", k, v.get<std::uint64_t>(),
                       100.0 * v.get<double>() / std::max<double>(1, queries_));
  }
  out += "arrivals by hour of day (UTC), queries/s:\n";
  for (const auto& h : j["by_hour"]) {
    const double r = h["per_s"].get<double>();
    out += fmt::format(
        "  {:02}h {:>9.4f} {}\n", h["hour_utc"].get<int>(), r,
        std::string(static_cast<std::size_t>(
                        std::min(60.0, r * 60.0 / std::max(1e-12, j["mean_rate_per_s"].get<double>() * 2))),
                    '#'));
  }
  return out;
}

}  // namespace rsim
