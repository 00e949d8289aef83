// SYS_QUERY_HISTORY exports (provisioned and serverless), optionally joined with SYS_QUERY_DETAIL sums:
// columns, units and the export query in workloads/formats/README.md.
#pragma once

#include "workloads/formats/foreign_trace.h"

namespace rsim {

std::unique_ptr<ForeignTraceReader> open_sys_query_history(const std::filesystem::path& path,
                                                           SymbolTable& symbols,
                                                           const ForeignTraceOptions& options);

}  // namespace rsim
