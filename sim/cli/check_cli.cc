#include <fmt/format.h>

#include <memory>

#include "sim/cli/commands.h"
#include "sim/cli/ranked_action.h"
#include "sim/experiment/gates.h"
#include "sim/io/atomic_file.h"
#include "sim/io/input_error.h"

namespace rsim {

void add_check_command(CLI::App& app, std::function<int()>& action) {
  struct Options {
    std::string file;
    std::optional<std::string> junit;
    std::vector<std::string> overrides;
    int jobs = 0;
    bool update_baseline = false;
    bool quiet = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("check", "CI gate: run pinned scenarios, compare with thresholds");
  cmd->footer(
      "Example:\n  rsim check models/experiments/golden_balancing_gates.json --junit out/gates.xml\n"
      "Exit status: 0 when every threshold holds, 1 when any fails (each failure names the metric, its value "
      "and "
      "the threshold), 2 on bad input. Relative thresholds compare with the gates file's baseline; record it "
      "with --update-baseline.");
  cmd->add_option("gates", o->file, "Gates file (JSON)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--junit", o->junit, "Also write the verdicts as JUnit XML");
  cmd->add_option(
      "--set", o->overrides,
      "Change every gate's scenario: PATH=VALUE, e.g. load_balancers[0].policy=round_robin (repeatable)");
  cmd->add_option("--jobs,-j", o->jobs, "Threads (0: one per core)")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  cmd->add_flag("--update-baseline", o->update_baseline,
                "Run the gates and write their values as the new baseline (the gates file's \"baseline\")");
  cmd->add_flag("--quiet,-q", o->quiet, "Print only failures");
  cmd->callback([&action, o] {
    action = [o] {
      const std::unique_ptr<RankGroup> ranks = join_ranks();
      return run_on_ranks(*ranks, [&] {
        GatesSpec spec = load_gates(o->file, o->overrides);
        if (o->update_baseline && !o->overrides.empty())
          throw InputError("--update-baseline records the gates as pinned: it does not take --set");
        if (o->update_baseline && !spec.baseline_file)
          throw InputError(fmt::format(
              "{}: --update-baseline needs a \"baseline\" file name in the gates file", spec.file.string()));
        if (!o->update_baseline) read_baseline(spec);
        const CheckResult result =
            execute_check(spec, ExecutionOptions{o->jobs, ranks.get()}, o->update_baseline);
        if (ranks->rank() != 0) return result.passed() ? 0 : 1;
        // A baseline is recorded only from a run that passes its absolute thresholds.
        if (o->update_baseline && result.passed())
          write_file_atomically(*spec.baseline_file, baseline_of(spec, result).dump(2) + "\n");
        if (o->junit) write_file_atomically(*o->junit, junit_xml(spec, result));
        if (!o->quiet || !result.passed()) {
          const std::string summary = check_summary(spec, result, o->quiet);
          fmt::print(result.passed() ? stdout : stderr, "{}", summary);
        }
        if (o->update_baseline && result.passed()) fmt::print("baseline: {}\n", spec.baseline_file->string());
        return result.passed() ? 0 : 1;
      });
    };
  });
}

}  // namespace rsim
