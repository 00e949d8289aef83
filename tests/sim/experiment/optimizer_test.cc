// The optimiser: on synthetic monotone landscapes its answer equals a brute-force search while it evaluates
// fewer candidates; on the shipped golden spec it equals `--exhaustive` with fewer simulations; rejected
// candidates say which level they missed or what ruled them out.
#include "sim/experiment/optimizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/core/random.h"
#include "sim/io/input_error.h"
#include "tests/support/build_paths.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;
const std::filesystem::path kSource = testing::source_dir();

// A spec over synthetic dimensions (nothing is run: the landscape below stands in for the simulator).
OptimizeSpec synthetic_spec(const std::vector<std::size_t>& sizes, const std::vector<bool>& faster,
                            const std::vector<bool>& costlier, double max_latency,
                            double min_throughput = -1) {
  OptimizeSpec spec;
  spec.file = "synthetic.json";
  for (std::size_t d = 0; d < sizes.size(); ++d) {
    Dimension dim;
    dim.name = "d" + std::to_string(d);
    for (std::size_t l = 0; l < sizes[d]; ++l) dim.levels.push_back(Level{std::to_string(l), {}});
    dim.more_is_faster = faster[d];
    dim.more_is_costlier = costlier[d];
    spec.dimensions.push_back(std::move(dim));
  }
  Threshold t;
  t.metric = "latency";
  t.limit = max_latency;
  spec.service_levels.push_back(t);
  // A lower bound on a value that rises along the faster dimensions (throughput, say).
  Threshold floor;
  floor.metric = "throughput";
  floor.kind = Threshold::Kind::kMin;
  floor.limit = min_throughput;
  spec.service_levels.push_back(floor);
  return spec;
}

TEST(Optimizer, EqualsBruteForceOnRandomMonotoneLandscapes) {
  RandomStream rng(5);
  std::size_t total_candidates = 0, total_evaluated = 0;
  for (int round = 0; round < 300; ++round) {
    const std::size_t dims = 1 + rng.below(3);
    std::vector<std::size_t> sizes;
    std::vector<bool> faster, costlier;
    for (std::size_t d = 0; d < dims; ++d) {
      sizes.push_back(1 + rng.below(6));
      faster.push_back(rng.below(4) != 0);
      costlier.push_back(faster.back() && rng.below(3) != 0);
    }
    // Latency falls along every "faster" dimension; cost rises along every "costlier" one; the other
    // dimensions move both arbitrarily (a policy). Coarse values make ties in cost common.
    std::vector<std::vector<double>> speed(dims), price(dims);
    for (std::size_t d = 0; d < dims; ++d) {
      double s = 0, p = 0;
      for (std::size_t l = 0; l < sizes[d]; ++l) {
        s = faster[d] ? s + static_cast<double>(rng.below(3)) : static_cast<double>(rng.below(5));
        p = costlier[d] ? p + static_cast<double>(rng.below(3)) : static_cast<double>(rng.below(4));
        speed[d].push_back(s);
        price[d].push_back(p);
      }
    }
    const double limit = static_cast<double>(rng.below(12));
    const double floor = static_cast<double>(rng.below(8));
    OptimizeSpec spec = synthetic_spec(sizes, faster, costlier, limit, floor);
    spec.parallel_candidates = 1 + rng.below(3);
    const auto evaluate_one = [&](std::size_t c) {
      Evaluation e;
      double latency = 20, throughput = 0;
      for (std::size_t d = dims; d-- > 0;) {
        const std::size_t l = c % sizes[d];
        c /= sizes[d];
        latency -= speed[d][l];
        throughput += speed[d][l] / 2;
        e.cost += price[d][l];
      }
      e.levels = {latency, throughput};
      return e;
    };
    std::size_t evaluated = 0;
    const Simulate simulate = [&](const std::vector<std::size_t>& batch) {
      EXPECT_LE(batch.size(), spec.parallel_candidates);
      std::vector<Evaluation> out;
      for (const std::size_t c : batch) out.push_back(evaluate_one(c));
      evaluated += batch.size();
      return out;
    };
    const OptimizeResult r = search_cheapest(spec, simulate, false);
    // Brute force: the cheapest feasible candidate, ties to the first in grid order.
    std::optional<std::size_t> best;
    for (std::size_t c = 0; c < r.candidates.size(); ++c) {
      const Evaluation e = evaluate_one(c);
      if (e.levels[0] <= limit && e.levels[1] >= floor && (!best || e.cost < evaluate_one(*best).cost))
        best = c;
    }
    ASSERT_EQ(r.winner, best) << "round " << round;
    EXPECT_EQ(r.simulated, evaluated);
    for (const Candidate& c : r.candidates) EXPECT_NE(c.state, Candidate::State::kUndecided);
    total_candidates += r.candidates.size();
    total_evaluated += evaluated;
  }
  // Declared monotonicity saves simulations overall.
  EXPECT_LT(static_cast<double>(total_evaluated), 0.8 * static_cast<double>(total_candidates));
}

TEST(Optimizer, WithoutDeclarationsEveryCandidateIsSimulated) {
  const OptimizeSpec spec = synthetic_spec({3, 2}, {false, false}, {false, false}, 100);
  std::size_t evaluated = 0;
  const OptimizeResult r = search_cheapest(
      spec,
      [&](const std::vector<std::size_t>& batch) {
        evaluated += batch.size();
        return std::vector<Evaluation>(batch.size(), Evaluation{1.0, {0.0, 0.0}});
      },
      false);
  EXPECT_EQ(evaluated, 6u);
  EXPECT_EQ(r.winner, 0u);  // every cost ties: the first in grid order
}

TEST(Optimizer, ShippedSpecMatchesExhaustiveSearchWithFewerSimulations) {
  const OptimizeSpec spec = load_optimize_spec(kSource / "models/experiments/golden_cheapest.json");
  const OptimizeResult pruned = execute_optimize(spec, ExecutionOptions{2, nullptr}, false);
  const OptimizeResult all = execute_optimize(spec, ExecutionOptions{2, nullptr}, true);
  ASSERT_TRUE(all.winner.has_value());
  ASSERT_EQ(pruned.winner, all.winner);
  EXPECT_EQ(pruned.candidates[*pruned.winner].label, "base_rpu=32,policy=flow_hash");
  EXPECT_EQ(all.simulated, 24u);
  EXPECT_LT(pruned.simulated, all.simulated);
  const nlohmann::json j = optimize_json(spec, pruned);
  EXPECT_EQ(j["search"]["simulated"], pruned.simulated);
  EXPECT_EQ(j["search"]["candidates"], 24);
  // Every rejected candidate says why: a level it missed, with the value and the bound.
  std::size_t feasible = 0;
  for (const Candidate& c : pruned.candidates)
    feasible += c.state == Candidate::State::kSimulated && c.feasible;
  ASSERT_EQ(j["rejected"].size(), 24u - feasible);
  for (const auto& rejected : j["rejected"]) {
    EXPECT_THAT(
        rejected["reason"].get<std::string>(),
        ::testing::AnyOf(HasSubstr("above the maximum"), HasSubstr("which meets every service level")));
  }
  const std::string text = optimize_summary(spec, pruned);
  EXPECT_THAT(text, AllOf(HasSubstr("winner:     base_rpu=32,policy=flow_hash"), HasSubstr("runner-up 1:"),
                          HasSubstr("base_rpu=24,policy=flow_hash: missed overall.latency_ms.p95 = ")));
}

TEST(OptimizeCli, NoFeasibleCandidateExitsOneAndBadSpecsTwo) {
  testing::TempDir dir;
  std::string text = testing::read_file(kSource / "models/experiments/golden_cheapest.json");
  text.replace(text.find("\"../scenarios/golden.json\""), 26,
               "\"" + (kSource / "models/scenarios/golden.json").string() + "\"");
  std::string strict = text;
  strict.replace(strict.find("\"max\": 60000}"), 13, "\"max\": 1000}");
  const auto none = testing::run_rsim("optimize " + dir.write("strict.json", strict).string() + " --out " +
                                      (dir.path() / "strict").string());
  EXPECT_EQ(none.code, 1) << none.output;
  EXPECT_THAT(none.output, HasSubstr("no candidate meets every service level"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "strict" / "optimize.json"));

  std::string relative = text;
  relative.replace(relative.find("\"max\": 60000}"), 13, "\"max_increase_pct\": 5}");
  const auto bad = testing::run_rsim("optimize " + dir.write("bad.json", relative).string() + " --out " +
                                     (dir.path() / "bad").string());
  EXPECT_EQ(bad.code, 2);
  EXPECT_THAT(bad.output,
              AllOf(HasSubstr("bad.json"), HasSubstr("service_levels[0]"), HasSubstr("\"max\" and \"min\"")));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "bad"));
}

}  // namespace
}  // namespace rsim
