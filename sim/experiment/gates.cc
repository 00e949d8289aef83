#include "sim/experiment/gates.h"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "sim/experiment/run_target.h"
#include "sim/io/input_error.h"
#include "sim/io/json_input.h"
#include "sim/io/xml_escape.h"
#include "sim/run/report_metric.h"

namespace rsim {

namespace {

using nlohmann::json;

}  // namespace

GatesSpec load_gates(const std::filesystem::path& file, const std::vector<std::string>& overrides) {
  const JsonDocument doc = JsonDocument::load(file);
  JsonObject root = doc.root().object();
  GatesSpec spec;
  spec.file = file;
  root.integer("schema_version", 1, 1, 1);
  spec.name = root.string("name", file.stem().string());
  spec.description = root.string("description", "");
  if (auto b = root.get("baseline")) {
    const std::filesystem::path p = b->string();
    spec.baseline_file = p.is_absolute() ? p : file.parent_path() / p;
  }
  const JsonValue gates = root.require("gates");
  std::set<std::string> names;
  for (const JsonValue& g : gates.array()) {
    JsonObject o = g.object();
    Gate gate;
    gate.name = o.string("name", std::nullopt);
    if (!names.insert(gate.name).second)
      o.require("name").fail(fmt::format("the gate \"{}\" is listed twice", gate.name));
    gate.run = read_run_target(o);
    gate.run.overrides.insert(gate.run.overrides.end(), overrides.begin(), overrides.end());
    const JsonValue thresholds = o.require("thresholds");
    for (const JsonValue& t : thresholds.array()) gate.thresholds.push_back(read_threshold(t, true));
    if (gate.thresholds.empty()) thresholds.fail("expected at least one threshold");
    o.finish();
    spec.gates.push_back(std::move(gate));
  }
  if (spec.gates.empty()) gates.fail("expected at least one gate");
  root.finish();
  return spec;
}

void read_baseline(GatesSpec& spec) {
  bool needed = false;
  for (const Gate& g : spec.gates) {
    for (const Threshold& t : g.thresholds) needed |= t.relative() && !t.baseline;
  }
  if (!needed) return;
  const std::string record =
      fmt::format("record one with `rsim check {} --update-baseline`", spec.file.string());
  if (!spec.baseline_file)
    throw InputError(fmt::format("{}: relative thresholds need a \"baseline\" file or inline baselines; {}",
                                 spec.file.string(), record));
  if (!std::filesystem::exists(*spec.baseline_file))
    throw InputError(fmt::format("{}: the baseline {} does not exist; {}", spec.file.string(),
                                 spec.baseline_file->string(), record));
  const JsonDocument doc = JsonDocument::load(*spec.baseline_file);
  JsonObject root = doc.root().object();
  root.integer("schema_version", 1, 1, 1);
  JsonObject gates = root.require("gates").object();
  for (Gate& g : spec.gates) {
    const auto values = gates.get(g.name);
    for (Threshold& t : g.thresholds) {
      if (!t.relative() || t.baseline) continue;
      if (!values || !values->raw().contains(t.metric) || !values->raw()[t.metric].is_number())
        throw InputError(fmt::format("{}: no baseline value for gate \"{}\", metric {}; {}",
                                     spec.baseline_file->string(), g.name, t.metric, record));
      t.baseline = values->raw()[t.metric].get<double>();
    }
  }
  // Values of gates no longer in the file are ignored: removing a gate must not break the check.
  for (const std::string& k : gates.keys()) gates.get(k);
  gates.finish();
  root.finish();
}

bool CheckResult::passed() const {
  for (const Verdict& v : verdicts) {
    if (!v.passed) return false;
  }
  return true;
}

CheckResult execute_check(const GatesSpec& spec, const ExecutionOptions& options, bool recording) {
  std::vector<RunRequest> runs;
  std::vector<std::string> labels;
  for (const Gate& g : spec.gates) {
    runs.push_back(g.run);
    labels.push_back(g.name);
  }
  CheckResult result;
  result.outcomes = run_variants(runs, labels, options);
  for (std::size_t i = 0; i < spec.gates.size(); ++i) {
    const Gate& g = spec.gates[i];
    for (std::size_t k = 0; k < g.thresholds.size(); ++k) {
      const Threshold& t = g.thresholds[k];
      const double value =
          report_metric(result.outcomes[i].report, t.metric,
                        fmt::format("{}: gate \"{}\", thresholds[{}]", spec.file.string(), g.name, k));
      Verdict v;
      v.value = value;
      if (recording && t.relative()) {
        v.passed = true;
        v.message = fmt::format("{}: {} = {} (recorded as the baseline)", g.name, t.metric, value);
      } else {
        const Judgement j = judge(t, value, g.name);
        v.passed = j.passed;
        v.message = j.message;
      }
      v.gate = i;
      v.threshold = k;
      result.verdicts.push_back(std::move(v));
    }
  }
  return result;
}

json baseline_of(const GatesSpec& spec, const CheckResult& result) {
  json gates = json::object();
  for (const Verdict& v : result.verdicts)
    gates[spec.gates[v.gate].name][spec.gates[v.gate].thresholds[v.threshold].metric] = v.value;
  return {{"schema_version", 1}, {"gates", std::move(gates)}};
}

std::string junit_xml(const GatesSpec& spec, const CheckResult& result) {
  std::size_t failures = 0;
  for (const Verdict& v : result.verdicts) failures += !v.passed;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
                     xml_escape("rsim check " + spec.name), result.verdicts.size(), failures);
  for (std::size_t i = 0; i < spec.gates.size(); ++i) {
    const Gate& g = spec.gates[i];
    std::size_t gate_failures = 0;
    for (const Verdict& v : result.verdicts) gate_failures += v.gate == i && !v.passed;
    out +=
        fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" time=\"{:.3f}\">\n",
                    xml_escape(g.name), g.thresholds.size(), gate_failures, result.outcomes[i].busy_s);
    for (const Verdict& v : result.verdicts) {
      if (v.gate != i) continue;
      const Threshold& t = g.thresholds[v.threshold];
      out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\">\n", xml_escape(g.name),
                         xml_escape(t.metric + " " + t.describe()));
      if (!v.passed) {
        out += fmt::format("      <failure type=\"threshold\" message=\"{}\">{}</failure>\n",
                           xml_escape(v.message), xml_escape(v.message));
      }
      out += fmt::format("      <system-out>{}</system-out>\n", xml_escape(v.message));
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

std::string check_summary(const GatesSpec& spec, const CheckResult& result, bool failures_only) {
  std::string out;
  std::size_t failed = 0;
  for (const Verdict& v : result.verdicts) {
    if (!failures_only || !v.passed) out += fmt::format("{}  {}\n", v.passed ? "pass" : "FAIL", v.message);
    failed += !v.passed;
  }
  out += fmt::format("{}: {} gates, {} thresholds, {} failed\n", spec.name, spec.gates.size(),
                     result.verdicts.size(), failed);
  return out;
}

}  // namespace rsim
