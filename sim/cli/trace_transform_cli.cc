#include <fmt/format.h>

#include <memory>

#include "sim/cli/commands.h"
#include "sim/io/input_error.h"
#include "workloads/trace/timestamp.h"
#include "workloads/trace/trace_reader.h"
#include "workloads/trace/trace_writer.h"
#include "workloads/transforms/load_scale.h"
#include "workloads/transforms/query_filter.h"
#include "workloads/transforms/rescale.h"

namespace rsim {

namespace {

SimTime time_option(const std::string& text, std::string_view option) {
  std::string why;
  const auto t = parse_timestamp(text, &why);
  if (!t) throw InputError(fmt::format("{} \"{}\": {}", option, text, why));
  return *t;
}

}  // namespace

void add_trace_transform_command(CLI::App& trace, std::function<int()>& action) {
  struct TransformArgs {
    std::string in, out;
    std::vector<std::string> include, exclude, data_types;
    std::string since, until;
    double sample = 1.0;
    LoadScaleConfig load;
    RescaleConfig rescale;
    std::uint64_t seed = 1;
    bool sort = false;
  };
  auto args = std::make_shared<TransformArgs>();
  CLI::App* t = trace.add_subcommand(
      "transform", "Reshape a canonical trace: filter, sample, load-, time- and data-scale");
  t->footer(
      "Steps, in this order: filter (--include, --exclude, --since, --until), --sample, --load-scale,\n"
      "--time-scale, --data-scale. Filters are FIELD=V1,V2 with FIELD one of user, database, domain,\n"
      "query_type, query_group, client (\"*\" matches any); every --include must match, any --exclude "
      "drops.\n"
      "Examples:\n"
      "  rsim trace transform day.csv --out twice.csv --load-scale 2 --jitter 30\n"
      "  rsim trace transform subset.csv --out full.csv --data-scale 1000\n"
      "  rsim trace transform day.csv --out sales.csv --include domain=sales --exclude user=etl");
  t->add_option("trace", args->in, "Canonical trace")->required()->check(CLI::ExistingFile);
  t->add_option("--out", args->out, "Trace to write (.csv, .csv.gz or .csv.zst)")->required();
  t->add_option("--include", args->include, "Keep only queries matching FIELD=V1,V2 (repeatable)");
  t->add_option("--exclude", args->exclude, "Drop queries matching FIELD=V1,V2 (repeatable)");
  t->add_option("--since", args->since, "Keep arrivals at or after this instant");
  t->add_option("--until", args->until, "Keep arrivals before this instant");
  t->add_option("--sample", args->sample, "Keep each query with this probability")
      ->check(CLI::Range(0.0, 1.0));
  t->add_option("--load-scale", args->load.factor,
                "Sessions kept this many times over (2: twice the load; 0.5: half the sessions)")
      ->check(CLI::Range(1e-6, 1e4));
  t->add_option("--jitter", args->load.jitter_s, "Each session copy is shifted by up to this many seconds")
      ->check(CLI::Range(0.0, 1e7));
  t->add_option("--time-scale", args->rescale.time_scale,
                "Gaps between arrivals multiplied by this (0.5: twice as fast)")
      ->check(CLI::Range(1e-6, 1e6));
  t->add_option("--data-scale", args->rescale.data_scale, "mbytes_scanned multiplied by this")
      ->check(CLI::Range(1e-9, 1e9));
  t->add_option("--data-scale-type", args->data_types, "Data-scale only these query types (repeatable)");
  t->add_option("--seed", args->seed, "Seed of sampling, load scaling and jitter")->capture_default_str();
  t->add_flag("--sort", args->sort, "Accept an input not sorted by arrival");
  t->callback([&action, args] {
    action = [args] {
      QueryFilterConfig filter;
      for (const auto& r : args->include) filter.include.push_back(parse_filter_rule(r));
      for (const auto& r : args->exclude) filter.exclude.push_back(parse_filter_rule(r));
      if (!args->since.empty()) filter.since = time_option(args->since, "--since");
      if (!args->until.empty()) filter.until = time_option(args->until, "--until");
      filter.sample = args->sample;
      filter.seed = args->seed;
      args->load.seed = args->seed;
      for (const auto& name : args->data_types) {
        QueryType type;
        if (!parse_query_type(name, type))
          throw InputError(fmt::format("--data-scale-type: unknown type \"{}\"", name));
        args->rescale.data_scale_types[static_cast<std::size_t>(type)] = true;
      }
      SymbolTable symbols;
      TraceReader reader(args->in, symbols, TraceReaderOptions{args->sort, false});
      QueryFilter filtered(reader, symbols, filter);
      LoadScale scaled(filtered, args->load);
      Rescale rescaled(scaled, args->rescale);
      TraceWriter writer(args->out, symbols);
      Query q;
      while (rescaled.next(q)) writer.write(q);
      writer.close();
      fmt::print(stderr, "wrote {} of {} queries to {}\n", writer.rows(), reader.rows(), args->out);
      return 0;
    };
  });
}

}  // namespace rsim
