#include <fmt/format.h>

#include <memory>
#include <optional>

#include "sim/cli/commands.h"
#include "sim/io/atomic_file.h"
#include "sim/plot/gnuplot_renderer.h"
#include "sim/plot/report_plots.h"
#include "sim/run/compare.h"

namespace rsim {

void add_compare_command(CLI::App& app, std::function<int()>& action) {
  auto req = std::make_shared<CompareRequest>();
  auto out = std::make_shared<std::string>("out/compare");
  auto quiet = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("compare", "The same trace through several scenarios, side by side");
  cmd->footer(
      "Example:\n  rsim compare models/scenarios/traditional.json models/scenarios/golden.json --trace "
      "workloads/examples/airline_day.csv --out out/compare\n"
      "Prints one table (a column per scenario, the winner and its margin per row) and writes "
      "OUT/NAME/report.json per scenario and OUT/comparison.json.");
  cmd->add_option("scenarios", req->scenarios, "Scenario files (JSON), two or more")
      ->required()
      ->expected(2, 64)
      ->check(CLI::ExistingFile);
  cmd->add_option("--trace", req->trace,
                  "Canonical trace (CSV, optionally .gz or .zst); default: each scenario's")
      ->check(CLI::ExistingFile);
  cmd->add_option("--out", *out, "Output directory")->capture_default_str();
  cmd->add_option("--seed", req->seed, "Seed of the runs' random streams (the same for every scenario)")
      ->capture_default_str();
  cmd->add_option("--replications", req->replications, "Independent replications of each scenario")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_flag("--sort", req->sort, "Accept a trace not sorted by arrival (sorts it in memory)");
  cmd->add_flag("--quiet,-q", *quiet, "Print nothing on success");
  auto plots = std::make_shared<bool>(false);
  cmd->add_flag(
      "--plots", *plots,
      "Also draw OUT/plots/*.png and *.svg: the scenarios' latency CDFs on one chart, and each one's "
      "charts over time (needs gnuplot)");
  cmd->callback([&action, req, out, quiet, plots] {
    action = [req, out, quiet, plots] {
      const Comparison c = execute_compare(*req);
      const std::filesystem::path dir(*out);
      // Everything is computed before anything is written: a failed run leaves no output.
      std::optional<StagedPlots> staged;
      if (*plots) {
        std::vector<LabelledReport> labelled;
        for (std::size_t i = 0; i < c.reports.size(); ++i) labelled.push_back({c.names[i], &c.reports[i]});
        staged.emplace(report_plots(labelled), dir);
      }
      for (std::size_t i = 0; i < c.reports.size(); ++i) {
        write_file_atomically(dir / c.names[i] / "report.json", c.reports[i].dump(2) + "\n");
      }
      write_file_atomically(dir / "comparison.json", c.comparison.dump(2) + "\n");
      if (staged) {
        staged->commit();
      } else {
        remove_stale_output(dir / "plots");
      }
      if (!*quiet) {
        fmt::print("{}", comparison_table(c.comparison));
        fmt::print("reports: {}/NAME/report.json, comparison: {}\n", dir.string(),
                   (dir / "comparison.json").string());
      }
      return 0;
    };
  });
}

}  // namespace rsim
