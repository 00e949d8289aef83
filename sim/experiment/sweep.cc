#include "sim/experiment/sweep.h"

#include <fmt/format.h>
#include <tbb/info.h>

#include <chrono>
#include <cmath>
#include <set>

#include "sim/experiment/capacity_what_if.h"
#include "sim/experiment/pareto.h"
#include "sim/experiment/run_target.h"
#include "sim/io/input_error.h"
#include "sim/run/report.h"
#include "sim/run/report_metric.h"
#include "workloads/csv/csv_reader.h"

namespace rsim {

namespace {

using nlohmann::json;

std::size_t column_index(const SweepSpec& spec, std::string_view name) {
  for (std::size_t i = 0; i < spec.metrics.size(); ++i) {
    if (spec.metrics[i].name == name) return i;
  }
  throw std::logic_error(fmt::format("no column {}", name));
}

// Numbers as JSON writes them (shortest round-trip form), so the CSV and JSON agree digit for digit; a
// missing value (NaN) is empty in the CSV and null in the JSON.
std::string number(double v) { return std::isnan(v) ? std::string() : json(v).dump(); }
json json_number(double v) { return std::isnan(v) ? json(nullptr) : json(v); }

}  // namespace

const std::vector<MetricColumn>& standard_metric_columns() {
  static const std::vector<MetricColumn> columns = {
      {"latency_mean_ms", "overall.latency_ms.mean"}, {"latency_p50_ms", "overall.latency_ms.p50"},
      {"latency_p90_ms", "overall.latency_ms.p90"},   {"latency_p95_ms", "overall.latency_ms.p95"},
      {"latency_p99_ms", "overall.latency_ms.p99"},   {"queue_mean_ms", "overall.queue_ms.mean"},
      {"queue_p95_ms", "overall.queue_ms.p95"},       {"failure_rate", "overall.failure_rate"},
      {"cost_per_day_usd", "cost.per_day_usd"}};
  return columns;
}

SweepSpec load_sweep(const std::filesystem::path& file) {
  const JsonDocument doc = JsonDocument::load(file);
  JsonObject root = doc.root().object();
  SweepSpec spec;
  spec.file = file;
  root.integer("schema_version", 1, 1, 1);
  spec.name = root.string("name", file.stem().string());
  spec.description = root.string("description", "");
  spec.base = read_run_target(root);
  spec.design = read_design(root.get("design"));
  spec.dimensions = read_dimensions(root.require("dimensions"), DimensionRules{.ranges = true});
  spec.metrics = standard_metric_columns();
  // Column names must stay unique in the CSV: the fixed ones, every metric with its _ci95, the dimensions.
  std::set<std::string> names = {"variant", "label", "replications", "pareto"};
  for (const MetricColumn& c : spec.metrics) names.insert({c.name, c.name + "_ci95"});
  const JsonValue dims = root.require("dimensions");
  for (std::size_t d = 0; d < spec.dimensions.size(); ++d) {
    if (!names.insert(spec.dimensions[d].name).second)
      dims.array()[d].fail(
          fmt::format("the name \"{}\" is taken by a result column", spec.dimensions[d].name));
  }
  if (auto m = root.get("metrics")) {
    JsonObject extra = m->object();
    for (const std::string& name : extra.keys()) {
      const JsonValue v = extra.require(name);
      if (!names.insert(name).second || !names.insert(name + "_ci95").second)
        v.fail(fmt::format("the column \"{}\" exists already", name));
      check_metric_path(v.string(), fmt::format("{}: {}", file.string(), v.path()));
      spec.metrics.push_back({name, v.string()});
    }
    extra.finish();
  }
  root.finish();
  // Expanding checks the design against the dimensions now, before anything runs.
  expand_design(spec.design, spec.dimensions, file.string());
  return spec;
}

SweepResult execute_sweep(const SweepSpec& spec, const ExecutionOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  SweepResult result;
  const std::vector<Variant> variants = expand_design(spec.design, spec.dimensions, spec.file.string());
  std::vector<const Variant*> all;
  for (const Variant& v : variants) all.push_back(&v);
  const auto [runs, labels] = requests_for(spec.base, all, spec.dimensions);
  result.outcomes = run_variants(runs, labels, options);
  refuse_unscaled_capacity_what_ifs(spec.dimensions, result.outcomes, spec.file.string());
  std::vector<std::pair<double, double>> points;
  for (std::size_t i = 0; i < variants.size(); ++i) {
    SweepRow row{variants[i], labels[i], {}, false};
    for (const MetricColumn& c : spec.metrics) {
      // A scenario that prices nothing has no cost: its column stays empty, and there is no Pareto front.
      if (c.name == kParetoCost && !result.outcomes[i].report.contains("cost")) {
        row.values.push_back(Measured{std::nan(""), std::nullopt});
        continue;
      }
      row.values.push_back(
          measure(result.outcomes[i], c.path,
                  fmt::format("{}: variant {} ({}): {}", spec.file.string(), i, labels[i], c.name)));
    }
    points.emplace_back(row.values[column_index(spec, kParetoCost)].value,
                        row.values[column_index(spec, kParetoLatency)].value);
    result.rows.push_back(std::move(row));
  }
  // Only variants with both coordinates compete (NaN compares false, so it would dominate nothing and sort
  // anywhere).
  std::vector<std::pair<double, double>> priced;
  std::vector<std::size_t> which;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (std::isfinite(points[i].first) && std::isfinite(points[i].second)) {
      priced.push_back(points[i]);
      which.push_back(i);
    }
  }
  const std::vector<bool> front = pareto_front(priced);
  for (std::size_t k = 0; k < front.size(); ++k) result.rows[which[k]].pareto = front[k];
  result.threads = options.jobs > 0 ? options.jobs : tbb::info::default_concurrency();
  result.ranks = options.ranks ? options.ranks->size() : 1;
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::string sweep_csv(const SweepSpec& spec, const SweepResult& result) {
  std::string out = "variant,label";
  for (const Dimension& d : spec.dimensions) {
    out += ',';
    append_csv_field(out, d.name);
  }
  out += ",replications";
  for (const MetricColumn& c : spec.metrics) {
    out += ',';
    append_csv_field(out, c.name);
    out += ',';
    append_csv_field(out, c.name + "_ci95");
  }
  out += ",pareto\n";
  for (const SweepRow& row : result.rows) {
    out += std::to_string(row.variant.index) + ',';
    append_csv_field(out, row.label);
    for (const Level& l : row.variant.levels) {
      out += ',';
      append_csv_field(out, l.label);
    }
    out += ',' + std::to_string(spec.base.replications);
    for (const Measured& m : row.values) {
      out += ',' + number(m.value) + ',';
      if (m.ci95) out += number(*m.ci95);
    }
    out += row.pareto ? ",1\n" : ",0\n";
  }
  return out;
}

json sweep_json(const SweepSpec& spec, const SweepResult& result) {
  json dims = json::array();
  for (const Dimension& d : spec.dimensions) {
    json levels = json::array();
    for (const Level& l : d.levels) levels.push_back(l.label);
    dims.push_back({{"name", d.name}, {"paths", d.paths}, {"levels", levels}});
  }
  json variants = json::array();
  json front = json::array();
  for (const SweepRow& row : result.rows) {
    json knobs = json::object();
    for (std::size_t d = 0; d < spec.dimensions.size(); ++d) {
      knobs[spec.dimensions[d].name] = {{"label", row.variant.levels[d].label},
                                        {"set", row.variant.levels[d].overrides}};
    }
    json metrics = json::object();
    for (std::size_t m = 0; m < spec.metrics.size(); ++m) {
      metrics[spec.metrics[m].name] = {
          {"value", json_number(row.values[m].value)},
          {"ci95", row.values[m].ci95 ? json(*row.values[m].ci95) : json(nullptr)},
          {"path", spec.metrics[m].path}};
    }
    variants.push_back({{"variant", row.variant.index},
                        {"label", row.label},
                        {"knobs", std::move(knobs)},
                        {"metrics", std::move(metrics)},
                        {"pareto", row.pareto}});
  }
  // The front from cheapest to fastest.
  std::vector<const SweepRow*> on_front;
  for (const SweepRow& row : result.rows) {
    if (row.pareto) on_front.push_back(&row);
  }
  const std::size_t cost = column_index(spec, kParetoCost);
  std::stable_sort(on_front.begin(), on_front.end(), [&](const SweepRow* a, const SweepRow* b) {
    return a->values[cost].value < b->values[cost].value;
  });
  for (const SweepRow* row : on_front) front.push_back(row->variant.index);
  return {{"schema_version", kReportSchemaVersion},
          {"sweep", spec.name},
          {"description", spec.description},
          {"file", spec.file.string()},
          {"scenario", spec.base.scenario.string()},
          {"seed", spec.base.seed},
          {"replications", spec.base.replications},
          {"dimensions", std::move(dims)},
          {"pareto", {{"minimise", {kParetoCost, kParetoLatency}}, {"front", std::move(front)}}},
          {"variants", std::move(variants)},
          {"run",
           {{"wall_s", result.wall_s},
            {"threads_per_rank", result.threads},
            {"ranks", result.ranks},
            {"version", RSIM_VERSION}}}};
}

std::string sweep_table(const SweepSpec& spec, const SweepResult& result) {
  const std::size_t p95 = column_index(spec, kParetoLatency);
  const std::size_t p99 = column_index(spec, "latency_p99_ms");
  const std::size_t cost = column_index(spec, kParetoCost);
  std::size_t width = 7;
  for (const SweepRow& row : result.rows) width = std::max(width, row.label.size());
  const auto with_ci = [](const Measured& m, int decimals) {
    if (std::isnan(m.value)) return std::string("-");
    return m.ci95 ? fmt::format("{:.{}f} ±{:.{}f}", m.value, decimals, *m.ci95, decimals)
                  : fmt::format("{:.{}f}", m.value, decimals);
  };
  std::string out = fmt::format("{:>4}  {:<{}}  {:>22}  {:>22}  {:>18}  {}\n", "#", "variant", width,
                                "p95 latency ms", "p99 latency ms", "cost/day USD", "pareto");
  for (const SweepRow& row : result.rows) {
    out += fmt::format("{:>4}  {:<{}}  {:>22}  {:>22}  {:>18}  {}\n", row.variant.index, row.label, width,
                       with_ci(row.values[p95], 1), with_ci(row.values[p99], 1), with_ci(row.values[cost], 2),
                       row.pareto ? "*" : "");
  }
  out += fmt::format(
      "{} variants x {} replications in {:.1f} s ({} threads x {} ranks); * on the cost-vs-p95 "
      "Pareto front\n",
      result.rows.size(), spec.base.replications, result.wall_s, result.threads, result.ranks);
  return out;
}

}  // namespace rsim
