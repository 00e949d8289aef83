#include <fmt/format.h>

#include <memory>
#include <optional>

#include "sim/cli/commands.h"
#include "sim/cli/ranked_action.h"
#include "sim/experiment/sweep.h"
#include "sim/io/atomic_file.h"
#include "sim/io/input_error.h"
#include "sim/plot/gnuplot_renderer.h"
#include "sim/plot/sweep_plots.h"

namespace rsim {

void add_sweep_command(CLI::App& app, std::function<int()>& action) {
  struct Options {
    std::string file;
    int jobs = 0;
    std::string out = "out/sweep";
    bool reports = false;
    bool quiet = false;
    bool plots = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd =
      app.add_subcommand("sweep", "Many scenario variants in parallel, with the cost-vs-p95 Pareto front");
  cmd->footer(
      "Example:\n  rsim sweep models/experiments/golden_capacity_sweep.json --jobs 2 --out out/sweep\n"
      "Writes OUT/sweep.csv and OUT/sweep.json (one row per variant: knobs, latency percentiles with 95% "
      "half-widths when replicated, cost per day, Pareto flag) and prints a table.\n"
      "Under mpirun (mpirun -np 4 rsim sweep ...), variants are spread over the ranks and rank 0 writes the "
      "same files as a single-process run.");
  cmd->add_option("sweep", o->file, "Sweep file (JSON)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--jobs,-j", o->jobs, "Threads per process (0: one per core)")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  cmd->add_option("--out", o->out, "Output directory")->capture_default_str();
  cmd->add_flag("--reports", o->reports, "Also write each variant's report: OUT/variants/N/report.json");
  cmd->add_flag("--quiet,-q", o->quiet, "Print nothing on success");
  cmd->add_flag("--plots", o->plots,
                "Also draw OUT/plots/pareto.png and .svg: every variant's cost per day against its p95 "
                "latency, and the Pareto front (needs gnuplot; none for an unpriced scenario)");
  cmd->callback([&action, o] {
    action = [o] {
      const std::unique_ptr<RankGroup> ranks = join_ranks();
      return run_on_ranks(*ranks, [&] {
        const SweepSpec spec = load_sweep(o->file);
        const SweepResult result = execute_sweep(spec, ExecutionOptions{o->jobs, ranks.get()});
        if (ranks->rank() != 0) return 0;
        const std::filesystem::path dir(o->out);
        // Every file is written under a temporary name first and renamed once all are complete.
        std::vector<std::unique_ptr<AtomicFile>> files;
        const auto add = [&](const std::filesystem::path& path, const std::string& content) {
          files.push_back(std::make_unique<AtomicFile>(path));
          files.back()->stream() << content;
        };
        if (o->reports) {
          for (std::size_t i = 0; i < result.outcomes.size(); ++i)
            add(dir / "variants" / std::to_string(i) / "report.json",
                result.outcomes[i].report.dump(2) + "\n");
        }
        const nlohmann::json summary = sweep_json(spec, result);
        std::optional<StagedPlots> staged;
        if (o->plots) {
          const std::vector<Plot> plots = sweep_plots(summary);
          if (plots.empty()) {
            // An unpriced scenario: no cost, so no front to draw.
            if (!o->quiet) fmt::print("plots: none (no variant has a cost per day)\n");
          } else {
            staged.emplace(plots, dir);
          }
        }
        add(dir / "sweep.json", summary.dump(2) + "\n");
        add(dir / "sweep.csv", sweep_csv(spec, result));
        // Reports of an earlier, larger sweep must not pass for this one's.
        if (o->reports) {
          for (const auto& entry : std::filesystem::directory_iterator(dir / "variants")) {
            const std::string n = entry.path().filename().string();
            if (n.find_first_not_of("0123456789") == std::string::npos &&
                std::stoull(n) >= result.outcomes.size())
              std::filesystem::remove_all(entry.path());
          }
        }
        for (auto& f : files) f->commit();
        if (staged) {
          staged->commit();
        } else {
          remove_stale_output(dir / "plots");
        }
        if (!o->quiet) {
          fmt::print("{}", sweep_table(spec, result));
          fmt::print("results: {}, {}\n", (dir / "sweep.csv").string(), (dir / "sweep.json").string());
        }
        return 0;
      });
    };
  });
}

}  // namespace rsim
