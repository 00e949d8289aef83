// The extract that AWS's replay tools (Redshift Test Drive, Simple Replay) write: SQLs.json(.gz) with
// transactions and their queries, and connections.json with sessions. It has no durations, so its queries
// carry no exec_ms: their work is predicted from features (a profile or the default work model). Layout and
// mapping in workloads/formats/README.md.
#pragma once

#include "workloads/formats/foreign_trace.h"

namespace rsim {

// `path` is the extract's folder, or its SQLs.json / SQLs.json.gz (connections.json is looked for beside it).
std::unique_ptr<ForeignTraceReader> open_test_drive(const std::filesystem::path& path, SymbolTable& symbols,
                                                    const ForeignTraceOptions& options);

}  // namespace rsim
