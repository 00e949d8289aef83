// Reads a whole canonical trace into memory, for tests that check what a command wrote.
#pragma once

#include <filesystem>
#include <vector>

#include "workloads/trace/trace_reader.h"

namespace rsim::testing {

inline std::vector<Query> read_trace(const std::filesystem::path& p, SymbolTable& s) {
  TraceReader r(p, s, TraceReaderOptions{false, false});
  std::vector<Query> out;
  Query q;
  while (r.next(q)) out.push_back(q);
  return out;
}

}  // namespace rsim::testing
