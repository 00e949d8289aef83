// Running an experiment command on every rank of a launch (sweep, optimize, check).
#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <functional>

#include "sim/experiment/rank_group.h"
#include "sim/io/input_error.h"

namespace rsim {

// Runs `body` (which returns the exit status). In one process, errors propagate to main as usual. Across
// ranks, an error on any rank would leave the others waiting in a collective call, so the rank says what
// went wrong and ends the whole launch with the status main would give (2 bad input, 3 internal).
inline int run_on_ranks(RankGroup& ranks, const std::function<int()>& body) {
  if (ranks.size() == 1) return body();
  int code = 0;
  try {
    return body();
  } catch (const InputError& e) {
    std::fflush(stdout);
    fmt::print(stderr, "rsim: error (rank {}): {}\n", ranks.rank(), e.what());
    code = 2;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "rsim: internal error (rank {}): {}\n", ranks.rank(), e.what());
    code = 3;
  }
  std::fflush(stderr);
  ranks.abort_all(code);
  return code;
}

}  // namespace rsim
