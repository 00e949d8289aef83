#include <fmt/format.h>

#include <memory>

#include "sim/cli/commands.h"
#include "sim/io/input_error.h"
#include "sim/io/json_input.h"
#include "workloads/synthetic/airline_day.h"
#include "workloads/synthetic/class_workload.h"
#include "workloads/trace/timestamp.h"
#include "workloads/trace/trace_writer.h"

namespace rsim {

void add_gen_command(CLI::App& app, std::function<int()>& action) {
  struct GenArgs {
    std::string workload;
    std::string out;
    std::uint64_t seed = 1;
  };
  auto args = std::make_shared<GenArgs>();
  CLI::App* gen = app.add_subcommand("gen", "Write a synthetic trace from a workload file");
  gen->footer(
      "Example:\n  rsim gen workloads/examples/airline_day.json --out airline.csv.gz --seed 7\n"
      "Workload files: \"generator\": \"classes\" (query classes with arrival processes, distributions,\n"
      "sessions, batch jobs, streaming ingestion, CDC: workloads/synthetic/README.md), or \"airline_day\"\n"
      "(the built-in airline day: start, days, scale).");
  gen->add_option("workload", args->workload, "Workload file (JSON)")->required()->check(CLI::ExistingFile);
  gen->add_option("--out", args->out, "Trace to write (.csv, .csv.gz or .csv.zst)")->required();
  gen->add_option("--seed", args->seed, "Seed")->capture_default_str();
  gen->callback([&action, args] {
    action = [args] {
      const JsonDocument doc = JsonDocument::load(args->workload);
      JsonObject root = doc.root().object();
      const auto generator = root.choice("generator", std::nullopt, {"airline_day", "classes"});
      root.string("description", "");
      SymbolTable symbols;
      std::unique_ptr<QuerySource> source;
      if (generator == "classes") {
        const ClassWorkloadSpec spec =
            parse_class_workload(root, std::filesystem::path(args->workload).parent_path());
        root.finish();
        source = std::make_unique<ClassWorkloadSource>(spec, args->seed, symbols);
      } else {
        AirlineDayConfig config;
        const JsonValue start = root.require("start");
        std::string why;
        const auto t = parse_timestamp(start.string(), &why);
        if (!t) start.fail(why);
        config.start = *t;
        config.days = static_cast<int>(root.integer("days", 1, 1, 3650));
        config.scale = root.number("scale", 1.0, 1e-3, 1e5);
        root.finish();
        config.seed = args->seed;
        source = std::make_unique<AirlineDaySource>(config, symbols);
      }
      TraceWriter writer(args->out, symbols);
      Query q;
      while (source->next(q)) writer.write(q);
      writer.close();
      fmt::print(stderr, "wrote {} queries to {}\n", writer.rows(), args->out);
      return 0;
    };
  });
}

}  // namespace rsim
