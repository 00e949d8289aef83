// Describes a trace (`rsim trace stats`): size and span, arrival rate by hour of day, execution-time
// percentiles, sessions, and the mix by query type and by domain.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_set>

#include "sim/core/symbol_table.h"
#include "sim/stats/histogram.h"
#include "sim/stats/summary.h"
#include "workloads/query.h"

namespace rsim {

class TraceStats {
 public:
  explicit TraceStats(const SymbolTable& symbols) : symbols_(symbols) {}

  void add(const Query& q);

  nlohmann::json to_json() const;
  // A human-readable description for the terminal.
  std::string to_text() const;

 private:
  const SymbolTable& symbols_;
  std::uint64_t queries_ = 0;
  SimTime first_ = 0;
  SimTime last_ = 0;
  std::array<std::uint64_t, 24> by_hour_{};
  std::array<std::uint64_t, kQueryTypeCount> by_type_{};
  std::map<Symbol, std::uint64_t> by_domain_;
  std::unordered_set<std::uint64_t> sessions_;
  LogLinearHistogram exec_us_;
  Summary exec_ms_;
  std::uint64_t cache_hits_ = 0;
};

}  // namespace rsim
