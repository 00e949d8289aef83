#include "sim/experiment/optimizer.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "sim/experiment/capacity_what_if.h"
#include "sim/experiment/run_target.h"
#include "sim/io/input_error.h"
#include "sim/io/json_input.h"
#include "sim/run/report.h"
#include "sim/run/report_metric.h"

namespace rsim {

namespace {

using nlohmann::json;
using State = Candidate::State;

// The candidates' level indices and the two orders the declarations allow.
class Lattice {
 public:
  Lattice(const std::vector<Dimension>& dims, std::size_t count) : dims_(dims), index_(count) {
    for (std::size_t c = 0; c < count; ++c) {
      std::size_t rest = c;
      index_[c].resize(dims.size());
      for (std::size_t d = dims.size(); d-- > 0;) {
        index_[c][d] = rest % dims[d].levels.size();
        rest /= dims[d].levels.size();
      }
    }
  }

  // b is at least as strong as a: missing a service level at b means missing it at a.
  bool at_most_as_strong(std::size_t a, std::size_t b) const {
    for (std::size_t d = 0; d < dims_.size(); ++d) {
      if (dims_[d].more_is_faster ? index_[a][d] > index_[b][d] : index_[a][d] != index_[b][d]) return false;
    }
    return true;
  }

  // b (stronger than a, a != b) costs at least as much as a: every dimension where they differ is costlier.
  bool costs_at_least(std::size_t a, std::size_t b) const {
    if (a == b || !at_most_as_strong(a, b)) return false;
    for (std::size_t d = 0; d < dims_.size(); ++d) {
      if (index_[a][d] != index_[b][d] && !dims_[d].more_is_costlier) return false;
    }
    return true;
  }

  bool comparable(std::size_t a, std::size_t b) const {
    return at_most_as_strong(a, b) || at_most_as_strong(b, a);
  }

 private:
  const std::vector<Dimension>& dims_;
  std::vector<std::vector<std::size_t>> index_;
};

// The next candidates to simulate: those whose outcome decides the most of the rest either way (a failure
// rules out the weaker, a feasible result the costlier stronger), pairwise incomparable so that each adds
// information, at most `batch` of them.
std::vector<std::size_t> pick(const std::vector<Candidate>& cs, const Lattice& lattice, std::size_t batch) {
  struct Score {
    std::size_t candidate, least, total;
  };
  std::vector<Score> scores;
  for (std::size_t u = 0; u < cs.size(); ++u) {
    if (cs[u].state != State::kUndecided) continue;
    std::size_t weaker = 0, costlier = 0;
    for (std::size_t v = 0; v < cs.size(); ++v) {
      if (v == u || cs[v].state != State::kUndecided) continue;
      weaker += lattice.at_most_as_strong(v, u);
      costlier += lattice.costs_at_least(u, v);
    }
    scores.push_back({u, std::min(weaker, costlier), weaker + costlier});
  }
  std::stable_sort(scores.begin(), scores.end(), [](const Score& a, const Score& b) {
    return a.least != b.least ? a.least > b.least : a.total > b.total;
  });
  std::vector<std::size_t> chosen;
  for (const Score& s : scores) {
    if (chosen.size() == batch) break;
    if (std::none_of(chosen.begin(), chosen.end(),
                     [&](std::size_t c) { return lattice.comparable(c, s.candidate); }))
      chosen.push_back(s.candidate);
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

json knobs_of(const OptimizeSpec& spec, const Candidate& c) {
  json k = json::object();
  for (std::size_t d = 0; d < spec.dimensions.size(); ++d)
    k[spec.dimensions[d].name] = c.variant.levels[d].label;
  return k;
}

std::string reason_of(const OptimizeResult& r, const Candidate& c) {
  switch (c.state) {
    case State::kSimulated: {
      std::string out = "missed ";
      for (std::size_t i = 0; i < c.missed.size(); ++i) out += (i ? "; " : "") + c.missed[i];
      return out;
    }
    case State::kRuledOutByWeakness: {
      const Candidate& by = r.candidates[c.because_of];
      return fmt::format("not simulated: at most as strong as {}, which missed {}", by.label,
                         by.missed.empty() ? std::string("a service level") : by.missed.front());
    }
    case State::kRuledOutByCost: {
      const Candidate& by = r.candidates[c.because_of];
      return fmt::format(
          "not simulated: costs at least as much as {}, which meets every service level at {:.2f}", by.label,
          by.cost);
    }
    case State::kUndecided:
      break;
  }
  return "undecided";
}

}  // namespace

OptimizeSpec load_optimize_spec(const std::filesystem::path& file) {
  const JsonDocument doc = JsonDocument::load(file);
  JsonObject root = doc.root().object();
  OptimizeSpec spec;
  spec.file = file;
  root.integer("schema_version", 1, 1, 1);
  spec.name = root.string("name", file.stem().string());
  spec.description = root.string("description", "");
  spec.base = read_run_target(root);
  spec.dimensions = read_dimensions(root.require("dimensions"), DimensionRules{.monotonicity = true});
  const JsonValue levels = root.require("service_levels");
  for (const JsonValue& t : levels.array()) spec.service_levels.push_back(read_threshold(t, false));
  if (spec.service_levels.empty()) levels.fail("expected at least one service level");
  if (auto c = root.get("cost")) {
    spec.cost_metric = c->string();
    check_metric_path(spec.cost_metric, fmt::format("{}: {}", file.string(), c->path()));
  }
  spec.runners_up = static_cast<std::size_t>(root.integer("runners_up", 3, 0, 1000));
  spec.parallel_candidates = static_cast<std::size_t>(root.integer("parallel_candidates", 2, 1, 1024));
  root.finish();
  expand_design(Design{}, spec.dimensions, file.string(), kMaxCandidates);  // the grid's size is checked now
  return spec;
}

OptimizeResult search_cheapest(const OptimizeSpec& spec, const Simulate& simulate, bool exhaustive) {
  OptimizeResult r;
  for (Variant& v : expand_design(Design{}, spec.dimensions, spec.file.string(), kMaxCandidates)) {
    Candidate c;
    c.label = v.label(spec.dimensions);
    c.variant = std::move(v);
    r.candidates.push_back(std::move(c));
  }
  const Lattice lattice(spec.dimensions, r.candidates.size());
  while (true) {
    std::vector<std::size_t> batch;
    if (exhaustive) {
      for (std::size_t i = 0; i < r.candidates.size(); ++i) batch.push_back(i);
    } else {
      batch = pick(r.candidates, lattice, spec.parallel_candidates);
    }
    if (batch.empty()) break;
    ++r.rounds;
    const std::vector<Evaluation> evaluations = simulate(batch);
    for (std::size_t k = 0; k < batch.size(); ++k) {
      Candidate& c = r.candidates[batch[k]];
      c.state = State::kSimulated;
      c.round = r.rounds;
      c.cost = evaluations[k].cost;
      c.levels = evaluations[k].levels;
      c.feasible = true;
      for (std::size_t l = 0; l < spec.service_levels.size(); ++l) {
        const Judgement j = judge(spec.service_levels[l], c.levels[l], c.label);
        if (!j.passed) {
          c.feasible = false;
          c.missed.push_back(j.message.substr(c.label.size() + 2));  // without the "LABEL: " head
        }
      }
      ++r.simulated;
    }
    // What the round's results settle without simulation.
    for (const std::size_t i : batch) {
      for (std::size_t u = 0; u < r.candidates.size(); ++u) {
        Candidate& cu = r.candidates[u];
        if (cu.state != State::kUndecided) continue;
        const bool weaker = !r.candidates[i].feasible && lattice.at_most_as_strong(u, i);
        const bool costlier = r.candidates[i].feasible && lattice.costs_at_least(i, u);
        if (weaker || costlier) {
          cu.state = weaker ? State::kRuledOutByWeakness : State::kRuledOutByCost;
          cu.because_of = i;
          cu.round = r.rounds;
        }
      }
    }
    if (exhaustive) break;
  }
  std::vector<std::size_t> feasible;
  for (std::size_t i = 0; i < r.candidates.size(); ++i) {
    if (r.candidates[i].state == State::kSimulated && r.candidates[i].feasible) feasible.push_back(i);
  }
  std::stable_sort(feasible.begin(), feasible.end(),
                   [&](std::size_t a, std::size_t b) { return r.candidates[a].cost < r.candidates[b].cost; });
  if (!feasible.empty()) r.winner = feasible.front();
  for (std::size_t k = 1; k < feasible.size() && r.runners_up.size() < spec.runners_up; ++k)
    r.runners_up.push_back(feasible[k]);
  return r;
}

OptimizeResult execute_optimize(const OptimizeSpec& spec, const ExecutionOptions& options, bool exhaustive) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<Variant> variants =
      expand_design(Design{}, spec.dimensions, spec.file.string(), kMaxCandidates);
  const Simulate simulate = [&](const std::vector<std::size_t>& batch) {
    std::vector<const Variant*> chosen;
    for (const std::size_t i : batch) chosen.push_back(&variants[i]);
    const auto [runs, labels] = requests_for(spec.base, chosen, spec.dimensions);
    const std::vector<VariantOutcome> outcomes = run_variants(runs, labels, options);
    refuse_unscaled_capacity_what_ifs(spec.dimensions, outcomes, spec.file.string());
    std::vector<Evaluation> out;
    for (std::size_t k = 0; k < batch.size(); ++k) {
      const json& report = outcomes[k].report;
      const std::string where = fmt::format("{}: candidate {}", spec.file.string(), labels[k]);
      Evaluation e;
      e.cost = report_metric(report, spec.cost_metric, where);
      for (const Threshold& t : spec.service_levels)
        e.levels.push_back(report_metric(report, t.metric, where));
      out.push_back(std::move(e));
    }
    return out;
  };
  OptimizeResult r = search_cheapest(spec, simulate, exhaustive);
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

json optimize_json(const OptimizeSpec& spec, const OptimizeResult& r) {
  const auto summary = [&](std::size_t i) {
    const Candidate& c = r.candidates[i];
    json levels = json::object();
    for (std::size_t k = 0; k < spec.service_levels.size(); ++k) {
      levels[spec.service_levels[k].metric] = {{"value", c.levels[k]},
                                               {"bound", spec.service_levels[k].describe()}};
    }
    return json{{"candidate", i},
                {"label", c.label},
                {"knobs", knobs_of(spec, c)},
                {"cost", c.cost},
                {"service_levels", std::move(levels)}};
  };
  json candidates = json::array();
  json rejected = json::array();
  for (std::size_t i = 0; i < r.candidates.size(); ++i) {
    const Candidate& c = r.candidates[i];
    const char* state = c.state == State::kSimulated            ? (c.feasible ? "feasible" : "missed")
                        : c.state == State::kRuledOutByWeakness ? "ruled_out_weaker"
                        : c.state == State::kRuledOutByCost     ? "ruled_out_costlier"
                                                                : "undecided";
    json entry = {{"candidate", i},
                  {"label", c.label},
                  {"knobs", knobs_of(spec, c)},
                  {"state", state},
                  {"round", c.round},
                  {"cost", c.state == State::kSimulated ? json(c.cost) : json(nullptr)}};
    candidates.push_back(entry);
    if (!(c.state == State::kSimulated && c.feasible)) {
      json why = {{"candidate", i}, {"label", c.label}, {"state", state}, {"reason", reason_of(r, c)}};
      if (c.state == State::kSimulated) why["missed"] = c.missed;
      if (c.state != State::kSimulated) why["because_of"] = r.candidates[c.because_of].label;
      rejected.push_back(std::move(why));
    }
  }
  json service_levels = json::array();
  for (const Threshold& t : spec.service_levels)
    service_levels.push_back({{"metric", t.metric}, {"bound", t.describe()}});
  json runners_up = json::array();
  for (const std::size_t i : r.runners_up) runners_up.push_back(summary(i));
  return {{"schema_version", kReportSchemaVersion},
          {"optimize", spec.name},
          {"description", spec.description},
          {"file", spec.file.string()},
          {"scenario", spec.base.scenario.string()},
          {"seed", spec.base.seed},
          {"replications", spec.base.replications},
          {"cost_metric", spec.cost_metric},
          {"service_levels", std::move(service_levels)},
          {"search",
           {{"candidates", r.candidates.size()},
            {"simulated", r.simulated},
            {"not_simulated", r.candidates.size() - r.simulated},
            {"rounds", r.rounds}}},
          {"winner", r.winner ? summary(*r.winner) : json(nullptr)},
          {"runners_up", std::move(runners_up)},
          {"rejected", std::move(rejected)},
          {"candidates", std::move(candidates)},
          {"run", {{"wall_s", r.wall_s}, {"version", RSIM_VERSION}}}};
}

std::string optimize_summary(const OptimizeSpec& spec, const OptimizeResult& r) {
  std::string out =
      fmt::format("{}: {} candidates, {} simulated in {} rounds ({} settled without simulation)\n", spec.name,
                  r.candidates.size(), r.simulated, r.rounds, r.candidates.size() - r.simulated);
  const auto line = [&](std::size_t i) {
    const Candidate& c = r.candidates[i];
    std::string s = fmt::format("{}  cost {:.2f}", c.label, c.cost);
    for (std::size_t k = 0; k < spec.service_levels.size(); ++k)
      s += fmt::format("  {} {:.6g} ({})", spec.service_levels[k].metric, c.levels[k],
                       spec.service_levels[k].describe());
    return s;
  };
  if (r.winner) {
    out += "winner:     " + line(*r.winner) + "\n";
  } else {
    out += "winner:     none: no candidate meets every service level\n";
  }
  for (std::size_t k = 0; k < r.runners_up.size(); ++k)
    out += fmt::format("runner-up {}: {}\n", k + 1, line(r.runners_up[k]));
  out += "rejected:\n";
  for (const Candidate& c : r.candidates) {
    if (c.state == State::kSimulated && c.feasible) continue;
    out += fmt::format("  {}: {}\n", c.label, reason_of(r, c));
  }
  return out;
}

}  // namespace rsim
