// What can be read from a statement's text when a trace has nothing better: its type (from the leading
// keyword) and a fingerprint that repeats of one statement with different literals share (the idea of
// SYS_QUERY_HISTORY.generic_query_hash).
#pragma once

#include <cstdint>
#include <string_view>

#include "workloads/query.h"

namespace rsim {

// SELECT and WITH -> select; INSERT, UPDATE, DELETE, COPY, UNLOAD; CREATE TABLE ... AS and SELECT ... INTO ->
// ctas; CREATE, ALTER, DROP, TRUNCATE, GRANT, REVOKE, COMMENT -> ddl; anything else -> other. Leading blanks,
// comments (-- and /* */) and opening parentheses are skipped.
QueryType query_type_of_sql(std::string_view text);

// A hash of the text with comments dropped, runs of blanks folded, letters lower-cased outside quotes, and
// every string and numeric literal replaced by '?'. Never 0.
std::uint64_t sql_fingerprint(std::string_view text);

}  // namespace rsim
