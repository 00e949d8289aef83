// rsim: the command-line front end. Exit status: 0 success, 1 a check or gate failed, 2 bad input.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "sim/cli/commands.h"
#include "sim/io/input_error.h"

int main(int argc, char** argv) {
  CLI::App app{"rsim: a discrete-event simulator and capacity planner for Amazon Redshift deployments"};
  app.set_version_flag("--version", RSIM_VERSION);
  app.require_subcommand(1);
  app.footer("Run `rsim SUBCOMMAND --help` for a subcommand's options and an example.");
  std::function<int()> action;
  rsim::add_run_command(app, action);
  rsim::add_compare_command(app, action);
  rsim::add_trace_commands(app, action);
  rsim::add_gen_command(app, action);
  rsim::add_pull_command(app, action);
  rsim::add_calibrate_command(app, action);
  rsim::add_sweep_command(app, action);
  rsim::add_optimize_command(app, action);
  rsim::add_check_command(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    return action ? action() : 0;
  } catch (const rsim::InputError& e) {
    std::fflush(stdout);
    fmt::print(stderr, "rsim: error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "rsim: internal error: {}\n", e.what());
    return 3;
  }
}
