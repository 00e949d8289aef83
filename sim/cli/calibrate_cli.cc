#include <fmt/format.h>

#include <memory>
#include <optional>

#include "calibration/calibrate.h"
#include "calibration/pull/puller.h"
#include "sim/cli/commands.h"
#include "sim/io/atomic_file.h"
#include "sim/io/enum_names.h"
#include "sim/io/input_error.h"
#include "sim/plot/calibration_plots.h"
#include "sim/plot/gnuplot_renderer.h"
#include "workloads/trace/timestamp.h"

namespace rsim {

namespace {

void print_summary(const Profile& p) {
  const ServiceTimeFit& f = p.service;
  fmt::print("calibrated from {} queries ({} left out)\n", p.fit_queries, [&] {
    std::uint64_t n = 0;
    for (const auto& [reason, count] : p.excluded) n += count;
    return n;
  }());
  fmt::print("  {:<8} {:>8} {:>12} {:>16}\n", "type", "queries", "overhead ms", "scan MB/s/RPU");
  for (std::size_t t = 0; t < kQueryTypeCount; ++t) {
    const TypeFit& tf = f.types[t];
    if (tf.queries == 0) continue;
    fmt::print("  {:<8} {:>8} {:>12.1f} {:>16.1f}{}\n", query_type_name(static_cast<QueryType>(t)),
               tf.queries, tf.overhead_ms, tf.scan_mb_per_s_per_rpu,
               !tf.calibrated        ? "  (too few: defaults)"
               : !tf.scan_calibrated ? "  (scan rate: default)"
                                     : "");
  }
  fmt::print("  serial fraction {:.3f}{}\n", f.serial_fraction,
             f.serial_calibrated ? "" : "  (default: one capacity observed)");
  fmt::print("  concurrency exponent e in M(n) = n^e: {:.3f}\n", f.exponent);
  fmt::print("  spill penalty {:.3f}{}\n", f.spill_penalty,
             f.spill_calibrated ? "" : "  (default: too few spills)");
  fmt::print("  residual spread (sd of log work) {:.3f}\n", f.log_sd);
  if (p.scaling) {
    fmt::print("  scaling: base {} RPU, max {}, step {}, up delay {}, down quiet {}\n", p.scaling->base_rpu,
               p.scaling->max_rpu, p.scaling->step_rpu,
               p.scaling->up_delay_s ? fmt::format("{:.0f} s", *p.scaling->up_delay_s) : "default",
               p.scaling->down_quiet_s ? fmt::format("{:.0f} s", *p.scaling->down_quiet_s) : "default");
  }
  const HoldoutValidation& v = p.validation;
  fmt::print("hold-out validation, {} queries (observed -> predicted, ms):\n", v.queries);
  for (const auto& [name, c] : {std::pair{"latency", &v.latency}, {"queue", &v.queue}, {"exec", &v.exec}}) {
    fmt::print("  {:<8}", name);
    for (std::size_t i = 0; i < kValidationQuantiles.size(); ++i)
      fmt::print("  p{} {:.0f} -> {:.0f}", static_cast<int>(kValidationQuantiles[i] * 100), c->observed[i],
                 c->predicted[i]);
    fmt::print("  KS {:.3f}\n", c->ks);
  }
}

}  // namespace

void add_calibrate_command(CLI::App& app, std::function<int()>& action) {
  struct CalibrateArgs {
    CalibrateRequest request;
    std::vector<std::string> traces;
    std::string out;
    PullRequest pull;
    std::string source = "sys", since, until;
    bool plots = false;
  };
  auto args = std::make_shared<CalibrateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "calibrate",
      "Fit the service-time model to observed traces, validate it on held-out data, write a profile");
  cmd->footer(
      "Each TRACE is one cluster or workgroup, as `rsim pull` wrote it, with its sidecars (TRACE.wlm.json,\n"
      "TRACE.capacity.csv) beside it; its queries must carry observed_capacity (rsim pull --capacity). The "
      "last\n"
      "--holdout share of each trace's span is held out: replayed through the fitted model and compared.\n"
      "The serial fraction needs data at two capacities or more: several clusters of different sizes, or a\n"
      "workgroup that scaled. With --dsn, the traces are pulled first (rsim pull's options).\n"
      "Apply the profile with  rsim run SCENARIO.json --profile PROFILE.json --set work.source=predicted\n"
      "Examples:\n"
      "  rsim calibrate sales.csv operations.csv --out profile.json\n"
      "  rsim calibrate --dsn \"host=... dbname=dev user=admin\" --source sys --capacity rpu:32 \\\n"
      "      --since 2026-11-01 --until 2026-11-08 --out profile.json");
  cmd->add_option("traces", args->traces, "Pulled canonical traces (one per cluster or workgroup)");
  cmd->add_option("--out", args->out, "Profile to write (JSON)")->required();
  cmd->add_option("--holdout", args->request.holdout_fraction,
                  "Share of each trace's span held out, at its end")
      ->capture_default_str()
      ->check(CLI::Range(0.05, 0.9));
  cmd->add_option("--dsn", args->pull.dsn, "Pull from this server first (libpq connection string or URI)");
  std::vector<std::string> sources(kPullSourceNames.begin(), kPullSourceNames.end());
  cmd->add_option("--source", args->source, "With --dsn: stl or sys")
      ->capture_default_str()
      ->check(CLI::IsMember(sources));
  cmd->add_option("--since", args->since, "With --dsn: start of the span, UTC");
  cmd->add_option("--until", args->until, "With --dsn: end of the span, UTC");
  cmd->add_option("--capacity", args->pull.convert.observed_capacity, "With --dsn: the capacity queried");
  cmd->add_option("--endpoint", args->pull.convert.observed_endpoint,
                  "With --dsn: the cluster's or workgroup's name");
  cmd->add_flag("--plots", args->plots,
                "Also draw OUT_STEM_plots/calibration.png and .svg beside the profile: predicted against "
                "observed percentiles on the held-out data (needs gnuplot)");
  cmd->callback([&action, args] {
    action = [args] {
      CalibrateRequest request = args->request;
      for (const auto& t : args->traces) request.traces.emplace_back(t);
      const std::filesystem::path out = args->out;
      if (!args->pull.dsn.empty()) {
        if (args->since.empty() || args->until.empty()) throw InputError("--dsn needs --since and --until");
        std::string why;
        const auto since = parse_timestamp(args->since, &why);
        const auto until = parse_timestamp(args->until, &why);
        if (!since || !until) throw InputError(fmt::format("--since/--until: {}", why));
        PullRequest from = args->pull;
        from.source = *enum_from_name<PullSource>(kPullSourceNames, args->source);
        from.since = *since;
        from.until = *until;
        from.out = out.parent_path() / (out.stem().string() + ".pulled.csv");
        pull(from, [](const std::string& line) { fmt::print(stderr, "pull: {}\n", line); });
        request.traces.push_back(from.out);
      }
      if (request.traces.empty()) throw InputError("give pulled traces, or --dsn to pull one");
      const Profile profile = calibrate(request);
      const nlohmann::ordered_json written = profile_to_json(profile);
      const std::string plots_dir = out.stem().string() + "_plots";
      std::optional<StagedPlots> staged;
      if (args->plots) {
        const std::vector<Plot> plots = calibration_plots(nlohmann::json::parse(written.dump()));
        if (!plots.empty()) staged.emplace(plots, out.parent_path(), plots_dir);
      }
      write_file_atomically(out, written.dump(2) + "\n");
      if (staged) {
        staged->commit();
      } else {
        remove_stale_output(out.parent_path() / plots_dir);
      }
      print_summary(profile);
      fmt::print("profile: {}\n", out.string());
      return 0;
    };
  });
}

}  // namespace rsim
