#include <fmt/format.h>

#include <memory>

#include "sim/cli/commands.h"
#include "sim/io/atomic_file.h"
#include "workloads/trace/trace_reader.h"
#include "workloads/trace/trace_stats.h"

namespace rsim {

void add_trace_commands(CLI::App& app, std::function<int()>& action) {
  CLI::App* trace = app.add_subcommand("trace", "Describe and reshape traces");
  trace->require_subcommand(1);
  add_trace_convert_command(*trace, action);
  add_trace_transform_command(*trace, action);

  struct StatsArgs {
    std::string file;
    bool json = false;
    bool sort = false;
    std::string out;
  };
  auto args = std::make_shared<StatsArgs>();
  CLI::App* stats =
      trace->add_subcommand("stats", "Describe a trace: size, span, rates by hour, mix, sessions");
  stats->footer("Example:\n  rsim trace stats workloads/examples/airline_day.csv --json");
  stats->add_option("trace", args->file, "Canonical trace (CSV, optionally .gz or .zst)")
      ->required()
      ->check(CLI::ExistingFile);
  stats->add_flag("--json", args->json, "Print JSON instead of text");
  stats->add_option("--out", args->out, "Also write the JSON description to this file");
  stats->add_flag("--sort", args->sort, "Accept a trace not sorted by arrival");
  stats->callback([&action, args] {
    action = [args] {
      SymbolTable symbols;
      TraceReader reader(args->file, symbols, TraceReaderOptions{args->sort, false});
      TraceStats description(symbols);
      Query q;
      while (reader.next(q)) description.add(q);
      if (!args->out.empty()) write_file_atomically(args->out, description.to_json().dump(2) + "\n");
      fmt::print("{}", args->json ? description.to_json().dump(2) + "\n" : description.to_text());
      return 0;
    };
  });
}

}  // namespace rsim
