// Readers of trace formats other than the canonical one (workloads/formats/README.md lists each format's
// columns, units and the export that produces it). Each is a QuerySource of canonical Query records, so
// `rsim trace convert` writes any of them with the TraceWriter.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/symbol_table.h"
#include "workloads/query.h"

namespace rsim {

enum class TraceFormat : std::uint8_t { kSysQueryHistory, kStl, kRedset, kTestDrive };
inline constexpr std::array<std::string_view, 4> kTraceFormatNames = {"sys_query_history", "stl", "redset",
                                                                      "test_drive"};

struct ForeignTraceOptions {
  // Accept rows in any order: the whole input is read and sorted by arrival in memory (stable). Without it,
  // rows out of arrival order are an error naming the line.
  bool sort = false;
  // Written as every query's observed_endpoint (a format's own service class name is appended after '/').
  std::string observed_endpoint;
  // Written as every query's observed_capacity, e.g. "rpu:32" or "ra3.4xlarge:2" (default: none, or what the
  // format says: Redset's cluster_size with `node_type`).
  std::string observed_capacity;
  // Redset: convert one instance (default: all, with query ids prefixed by the instance).
  std::optional<std::int64_t> instance;
  // Redset provisioned: the node type its cluster_size counts (Redset does not say), giving
  // observed_capacity "TYPE:cluster_size".
  std::string node_type;
  // A single duration above this is an error: the usual cause is µs where ms are expected.
  double max_duration_s = 86400.0;
  // Leave out queries that were aborted, failed or canceled (default: kept; they used the system).
  bool drop_aborted = false;
  // STL: attempts of one task (hops, restarts) further apart than this are not folded together.
  double hop_window_s = 60.0;
};

// What a conversion left out or changed, by reason: printed by `rsim trace convert`.
class ConversionTally {
 public:
  void add(const std::string& reason, std::uint64_t n = 1) { counts_[reason] += n; }
  const std::map<std::string, std::uint64_t>& counts() const { return counts_; }
  std::uint64_t count(const std::string& reason) const {
    const auto it = counts_.find(reason);
    return it == counts_.end() ? 0 : it->second;
  }

 private:
  std::map<std::string, std::uint64_t> counts_;
};

class ForeignTraceReader : public QuerySource {
 public:
  const ConversionTally& tally() const { return tally_; }

 protected:
  ConversionTally tally_;
};

// Opens `path` as `format`; with options.sort, the whole input is read and sorted first. Throws InputError
// (unreadable file, missing columns; later, from next(), bad rows).
std::unique_ptr<ForeignTraceReader> open_foreign_trace(TraceFormat format, const std::filesystem::path& path,
                                                       SymbolTable& symbols,
                                                       const ForeignTraceOptions& options = {});

}  // namespace rsim
