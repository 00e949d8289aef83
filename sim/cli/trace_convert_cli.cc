#include <fmt/format.h>

#include <memory>

#include "sim/cli/commands.h"
#include "sim/io/enum_names.h"
#include "workloads/formats/foreign_trace.h"
#include "workloads/trace/trace_writer.h"

namespace rsim {

void add_trace_convert_command(CLI::App& trace, std::function<int()>& action) {
  struct ConvertArgs {
    std::string from;
    std::string in;
    std::string out;
    ForeignTraceOptions options;
    std::int64_t instance = -1;
  };
  auto args = std::make_shared<ConvertArgs>();
  CLI::App* convert = trace.add_subcommand("convert", "Read another trace format into the canonical trace");
  convert->footer(
      "Formats (columns, units and the export that produces each: workloads/formats/README.md):\n"
      "  sys_query_history  CSV export of SYS_QUERY_HISTORY (µs), optionally with SYS_QUERY_DETAIL sums\n"
      "  stl                CSV export of STL_QUERY joined with STL_WLM_QUERY (µs); hops fold into one "
      "query\n"
      "  redset             Redset as CSV (ms); one instance (--instance) or all\n"
      "  test_drive         the replay tools' extract folder (SQLs.json.gz, connections.json); no durations\n"
      "Example:\n"
      "  rsim trace convert --from sys_query_history history.csv --out trace.csv.zst --capacity rpu:32");
  std::vector<std::string> formats(kTraceFormatNames.begin(), kTraceFormatNames.end());
  convert->add_option("--from", args->from, "Input format")->required()->check(CLI::IsMember(formats));
  convert->add_option("input", args->in, "Input file (or the extract folder for test_drive)")
      ->required()
      ->check(CLI::ExistingPath);
  convert->add_option("--out", args->out, "Canonical trace to write (.csv, .csv.gz or .csv.zst)")->required();
  convert->add_flag("--sort", args->options.sort, "Accept input not ordered by arrival (sorted in memory)");
  convert->add_option("--endpoint", args->options.observed_endpoint,
                      "observed_endpoint of every query (the cluster or workgroup the input came from)");
  convert->add_option("--capacity", args->options.observed_capacity,
                      "observed_capacity of every query, e.g. rpu:32 or ra3.4xlarge:2");
  convert->add_option("--instance", args->instance, "redset: convert this instance_id only (default: all)");
  convert->add_option("--node-type", args->options.node_type,
                      "redset: the node type that cluster_size counts, giving observed_capacity TYPE:size");
  convert
      ->add_option("--max-duration", args->options.max_duration_s,
                   "Longest plausible duration of one query, s; longer is reported as a unit mix-up")
      ->capture_default_str()
      ->check(CLI::Range(1e-3, 1e9));
  convert->add_flag("--drop-aborted", args->options.drop_aborted,
                    "Leave out aborted, failed and canceled queries (default: kept)");
  convert
      ->add_option("--hop-window", args->options.hop_window_s,
                   "stl: attempts of one task further apart than this many seconds are not folded")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e7));
  convert->callback([&action, args] {
    action = [args] {
      if (args->instance >= 0) args->options.instance = args->instance;
      const auto format = *enum_from_name<TraceFormat>(kTraceFormatNames, args->from);
      SymbolTable symbols;
      auto reader = open_foreign_trace(format, args->in, symbols, args->options);
      TraceWriter writer(args->out, symbols);
      Query q;
      while (reader->next(q)) writer.write(q);
      writer.close();
      fmt::print(stderr, "converted {} queries from {} ({}) to {}\n", writer.rows(), args->in, args->from,
                 args->out);
      for (const auto& [reason, count] : reader->tally().counts())
        fmt::print(stderr, "  {}: {}\n", reason, count);
      return 0;
    };
  });
}

}  // namespace rsim
