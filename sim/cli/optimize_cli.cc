#include <fmt/format.h>

#include <memory>

#include "sim/cli/commands.h"
#include "sim/cli/ranked_action.h"
#include "sim/experiment/optimizer.h"
#include "sim/io/atomic_file.h"
#include "sim/io/input_error.h"

namespace rsim {

void add_optimize_command(CLI::App& app, std::function<int()>& action) {
  struct Options {
    std::string file;
    std::string out = "out/optimize";
    int jobs = 0;
    bool exhaustive = false;
    bool quiet = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd =
      app.add_subcommand("optimize", "The cheapest configuration that meets the stated service levels");
  cmd->footer(
      "Example:\n  rsim optimize models/experiments/golden_cheapest.json --out out/optimize\n"
      "Prints the winner, the runners-up and why each other candidate was rejected (the level it missed, or "
      "what "
      "ruled it out without a simulation), and writes OUT/optimize.json. Exit status 1 when no candidate "
      "meets "
      "every service level.");
  cmd->add_option("spec", o->file, "Optimiser spec (JSON)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--out", o->out, "Output directory")->capture_default_str();
  cmd->add_option("--jobs,-j", o->jobs, "Threads (0: one per core)")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  cmd->add_flag("--exhaustive", o->exhaustive, "Simulate every candidate (no pruning), to check the search");
  cmd->add_flag("--quiet,-q", o->quiet, "Print nothing on success");
  cmd->callback([&action, o] {
    action = [o] {
      const std::unique_ptr<RankGroup> ranks = join_ranks();
      return run_on_ranks(*ranks, [&] {
        const OptimizeSpec spec = load_optimize_spec(o->file);
        const OptimizeResult result =
            execute_optimize(spec, ExecutionOptions{o->jobs, ranks.get()}, o->exhaustive);
        const int code = result.winner ? 0 : 1;
        if (ranks->rank() != 0) return code;
        const std::filesystem::path path = std::filesystem::path(o->out) / "optimize.json";
        write_file_atomically(path, optimize_json(spec, result).dump(2) + "\n");
        if (!o->quiet || code != 0) {
          fmt::print("{}", optimize_summary(spec, result));
          fmt::print("result: {}\n", path.string());
        }
        return code;
      });
    };
  });
}

}  // namespace rsim
