#include <fmt/format.h>

#include <memory>
#include <optional>

#include "sim/cli/commands.h"
#include "sim/io/atomic_file.h"
#include "sim/plot/gnuplot_renderer.h"
#include "sim/plot/html_report.h"
#include "sim/plot/report_plots.h"
#include "sim/run/report.h"
#include "sim/run/run_command.h"

namespace rsim {

void add_run_command(CLI::App& app, std::function<int()>& action) {
  auto req = std::make_shared<RunRequest>();
  auto out = std::make_shared<std::string>("out");
  auto quiet = std::make_shared<bool>(false);
  CLI::App* run = app.add_subcommand("run", "Replay one trace through one scenario");
  run->footer(
      "Example:\n  rsim run models/scenarios/example.json --trace workloads/examples/airline_day.csv --out "
      "out/example\n"
      "Prints a summary table and writes OUT/report.json (written whole, or not at all).");
  run->add_option("scenario", req->scenario, "Scenario file (JSON)")->required()->check(CLI::ExistingFile);
  run->add_option("--trace", req->trace,
                  "Canonical trace (CSV, optionally .gz or .zst); default: the scenario's")
      ->check(CLI::ExistingFile);
  run->add_option("--out", *out, "Output directory")->capture_default_str();
  run->add_option("--seed", req->seed, "Seed of the run's random streams")->capture_default_str();
  run->add_option("--replications", req->replications,
                  "Independent replications (confidence intervals when > 1)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  run->add_option("--set", req->overrides,
                  "Change a scenario setting: PATH=VALUE, e.g. work.source=predicted or endpoints[0].nodes=4 "
                  "(repeatable)");
  run->add_option("--profile", req->profile,
                  "Calibration profile (rsim calibrate): its fitted parameters replace the scenario's")
      ->check(CLI::ExistingFile);
  run->add_flag("--sort", req->sort, "Accept a trace not sorted by arrival (sorts it in memory)");
  run->add_flag("--quiet,-q", *quiet, "Print nothing on success");
  auto plots = std::make_shared<bool>(false);
  run->add_flag("--plots", *plots,
                "Also draw OUT/plots/*.png and *.svg (latency CDF, queue wait, running queries, capacity, "
                "balancer load, cost over time; the data of each as *.dat; needs gnuplot)");
  auto html = std::make_shared<bool>(false);
  run->add_flag(
      "--html", *html,
      "Also write OUT/report.html: one self-contained page (inline SVG, nothing from the network) with "
      "the summary, the plots, the breakdowns, the cost items and the assumptions (needs gnuplot)");
  run->callback([&action, req, out, quiet, plots, html] {
    action = [req, out, quiet, plots, html] {
      req->progress = !*quiet;
      const nlohmann::json report = execute_run(*req);
      const std::filesystem::path dir(*out);
      // Everything is made first, then put in place: an error leaves the previous run's files as they were.
      std::optional<StagedPlots> staged;
      std::optional<AtomicFile> page;
      if (*plots || *html) {
        const std::vector<Plot> charts = report_plots({{"", &report}});
        staged.emplace(charts, dir);
        if (*html) {
          const std::vector<std::string> svgs = staged->svgs();
          std::vector<Figure> figures;
          for (std::size_t i = 0; i < charts.size(); ++i) figures.push_back({charts[i].title, svgs[i]});
          page.emplace(dir / "report.html");
          page->stream() << html_report(report, figures);
        }
      }
      AtomicFile json(dir / "report.json");
      json.stream() << report.dump(2) << "\n";
      json.commit();
      if (*plots) {
        staged->commit();
      } else {
        remove_stale_output(dir / "plots");
      }
      if (page) {
        page->commit();
      } else {
        remove_stale_output(dir / "report.html");
      }
      if (!*quiet) {
        fmt::print("{}", summary_table(report));
        fmt::print("report: {}\n", (std::filesystem::path(*out) / "report.json").string());
      }
      return 0;
    };
  });
}

}  // namespace rsim
