// Redset (Amazon's published fleet sample, van Renen et al. 2024) as CSV: one instance or all; cached rows
// take their source query's fingerprint. Columns, units and the Parquet-to-CSV command in
// workloads/formats/README.md.
#pragma once

#include "workloads/formats/foreign_trace.h"

namespace rsim {

std::unique_ptr<ForeignTraceReader> open_redset(const std::filesystem::path& path, SymbolTable& symbols,
                                                const ForeignTraceOptions& options);

}  // namespace rsim
