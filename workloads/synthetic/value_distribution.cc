#include "workloads/synthetic/value_distribution.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "workloads/trace/trace_reader.h"

namespace rsim {

namespace {

// Up to this many values of an empirical distribution's trace are kept (a uniform reservoir sample).
constexpr std::size_t kEmpiricalReservoir = 100'000;

std::shared_ptr<const std::vector<double>> read_column(const JsonValue& where,
                                                       const std::filesystem::path& trace,
                                                       std::string_view column,
                                                       std::optional<QueryType> type) {
  SymbolTable symbols;
  TraceReader reader(trace, symbols, TraceReaderOptions{false, false});
  auto values = std::make_shared<std::vector<double>>();
  RandomStream reservoir(1, "empirical", trace.string());
  std::uint64_t seen = 0;
  Query q;
  while (reader.next(q)) {
    if (type && q.type != *type) continue;
    const double v = column == "exec_ms" ? q.exec_ms : q.mbytes_scanned;
    if (!present(v)) continue;
    ++seen;
    if (values->size() < kEmpiricalReservoir) {
      values->push_back(v);
    } else if (const std::uint64_t slot = reservoir.below(seen); slot < kEmpiricalReservoir) {
      (*values)[slot] = v;
    }
  }
  if (values->empty()) {
    where.fail(fmt::format("{} has no {} values{}", trace.string(), column,
                           type ? fmt::format(" for query type {}", query_type_name(*type)) : ""));
  }
  return values;
}

}  // namespace

ValueDistribution parse_distribution(const JsonValue& v, const std::filesystem::path& base_dir,
                                     std::string_view column, bool allow_per_mbyte) {
  JsonObject o = v.object();
  ValueDistribution d;
  d.kind = o.enum_choice<DistributionKind>("distribution", std::nullopt, kDistributionNames);
  constexpr double kBig = 1e15;
  switch (d.kind) {
    case DistributionKind::kConstant:
      d.a = o.number("value", std::nullopt, 0.0, kBig);
      break;
    case DistributionKind::kLognormal:
      d.a = o.number("median", std::nullopt, 1e-9, kBig);
      d.b = o.number("sigma", std::nullopt, 0.0, 10.0);
      break;
    case DistributionKind::kPareto:
      d.a = o.number("scale", std::nullopt, 1e-9, kBig);
      d.b = o.number("shape", std::nullopt, 0.05, 100.0);
      break;
    case DistributionKind::kUniform:
      d.a = o.number("min", std::nullopt, 0.0, kBig);
      d.b = o.number("max", std::nullopt, d.a, kBig);
      break;
    case DistributionKind::kEmpirical: {
      std::filesystem::path trace = o.string("trace", std::nullopt);
      if (trace.is_relative()) trace = base_dir / trace;
      std::optional<QueryType> type;
      if (auto t = o.get("query_type")) {
        QueryType parsed;
        if (!parse_query_type(t->string(), parsed)) t->fail("unknown query type");
        type = parsed;
      }
      d.samples = read_column(v, trace, column, type);
      break;
    }
    case DistributionKind::kPerMbyte:
      if (!allow_per_mbyte) v.fail("per_mbyte draws work from data scanned: only for work_ms");
      d.a = o.number("overhead", 0.0, 0.0, kBig);
      d.b = o.number("per_mbyte", std::nullopt, 0.0, kBig);
      break;
  }
  if (d.kind != DistributionKind::kConstant && d.kind != DistributionKind::kPerMbyte &&
      d.kind != DistributionKind::kUniform) {
    d.cap = o.number("max", 0.0, 0.0, kBig);
  }
  o.finish();
  return d;
}

double ValueDistribution::sample(RandomStream& rng, double mbytes) const {
  double x = 0;
  switch (kind) {
    case DistributionKind::kConstant:
      return a;
    case DistributionKind::kLognormal:
      x = rng.lognormal(std::log(a), b);
      break;
    case DistributionKind::kPareto:
      x = a / std::pow(1.0 - rng.uniform(), 1.0 / b);
      break;
    case DistributionKind::kUniform:
      return a + (b - a) * rng.uniform();
    case DistributionKind::kEmpirical:
      x = (*samples)[rng.below(samples->size())];
      break;
    case DistributionKind::kPerMbyte:
      return a + b * mbytes;
  }
  x = cap > 0 ? std::min(x, cap) : x;
  // Heavy tails (a Pareto shape below 1, a wide lognormal) can draw beyond any sensible value, or infinity.
  return std::isfinite(x) ? std::min(x, kMaxDraw) : kMaxDraw;
}

double ValueDistribution::mean() const {
  switch (kind) {
    case DistributionKind::kConstant:
      return a;
    case DistributionKind::kLognormal:
      return a * std::exp(b * b / 2);
    case DistributionKind::kPareto:
      return b > 1 ? a * b / (b - 1) : INFINITY;
    case DistributionKind::kUniform:
      return (a + b) / 2;
    case DistributionKind::kEmpirical: {
      double s = 0;
      for (const double v : *samples) s += v;
      return s / static_cast<double>(samples->size());
    }
    case DistributionKind::kPerMbyte:
      return NAN;
  }
  return NAN;
}

}  // namespace rsim
