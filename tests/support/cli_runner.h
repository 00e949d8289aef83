// Runs the rsim binary as a user would, capturing its exit code and output.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include "tests/support/build_paths.h"

namespace rsim::testing {

struct CliResult {
  int code;
  std::string output;  // stdout and stderr
};

inline CliResult run_rsim(const std::string& args) {
  const std::string cmd = std::string(rsim_binary()) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  while (std::size_t n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

inline const std::string kSourceDir = source_dir();

}  // namespace rsim::testing
