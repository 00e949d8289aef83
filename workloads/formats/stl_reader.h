// STL_QUERY exports joined with STL_WLM_QUERY (and SVL_COMPILE sums), provisioned clusters; the
// attempts of one WLM task (hops, restarts) fold into one query. Columns, units and the export query in
// workloads/formats/README.md.
#pragma once

#include "workloads/formats/foreign_trace.h"

namespace rsim {

std::unique_ptr<ForeignTraceReader> open_stl(const std::filesystem::path& path, SymbolTable& symbols,
                                             const ForeignTraceOptions& options);

}  // namespace rsim
