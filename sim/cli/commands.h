// The subcommands. Each add_* registers its options and sets `action` when its subcommand is chosen.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace rsim {

void add_run_command(CLI::App& app, std::function<int()>& action);
void add_compare_command(CLI::App& app, std::function<int()>& action);
void add_trace_commands(CLI::App& app, std::function<int()>& action);
// Under `rsim trace`.
void add_trace_convert_command(CLI::App& trace, std::function<int()>& action);
void add_trace_transform_command(CLI::App& trace, std::function<int()>& action);
void add_gen_command(CLI::App& app, std::function<int()>& action);
void add_pull_command(CLI::App& app, std::function<int()>& action);
void add_calibrate_command(CLI::App& app, std::function<int()>& action);
void add_sweep_command(CLI::App& app, std::function<int()>& action);
void add_check_command(CLI::App& app, std::function<int()>& action);
void add_optimize_command(CLI::App& app, std::function<int()>& action);

}  // namespace rsim
