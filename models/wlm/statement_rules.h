// What WLM does to a query of each statement type when its queue's timeout passes or a QMR rule acts
// (models/catalog/facts.md 3.2 hopping table, 3.4 actions). The trace's query types stand for the statements
// AWS lists: `other` covers ANALYZE, VACUUM and UDF calls, `ddl` covers ALTER and other DDL.
#pragma once

#include "workloads/query.h"

namespace rsim {

enum class TimeoutOutcome { kHop, kCancel, kIgnore };

// WLM timeout (max_execution_time): SELECT and CTAS hop; INSERT, UPDATE, DELETE and UNLOAD are cancelled;
// COPY, ANALYZE/VACUUM (other) and DDL run on.
inline TimeoutOutcome on_wlm_timeout(QueryType t) {
  switch (t) {
    case QueryType::kSelect:
    case QueryType::kCtas:
      return TimeoutOutcome::kHop;
    case QueryType::kInsert:
    case QueryType::kUpdate:
    case QueryType::kDelete:
    case QueryType::kUnload:
      return TimeoutOutcome::kCancel;
    case QueryType::kCopy:
    case QueryType::kDdl:
    case QueryType::kOther:
      return TimeoutOutcome::kIgnore;
  }
  return TimeoutOutcome::kIgnore;
}

inline bool is_dml(QueryType t) {
  return t == QueryType::kInsert || t == QueryType::kUpdate || t == QueryType::kDelete;
}

// QMR hop: SELECT and CTAS hop; INSERT/UPDATE/DELETE hop when `dml_hops` (AWS's pages disagree); COPY,
// UNLOAD, UDFs and maintenance (other) and DDL are not subject.
inline bool qmr_hops(QueryType t, bool dml_hops) {
  return t == QueryType::kSelect || t == QueryType::kCtas || (dml_hops && is_dml(t));
}

// When a hopped query cannot be reassigned at once, SELECT and CTAS restart in the new queue; DML stays in
// its original queue (QMR hop only).
inline bool qmr_hop_restarts(QueryType t) { return t == QueryType::kSelect || t == QueryType::kCtas; }

// QMR abort does not stop COPY, ALTER (ddl), ANALYZE or VACUUM (other).
inline bool qmr_abortable(QueryType t) {
  return t != QueryType::kCopy && t != QueryType::kDdl && t != QueryType::kOther;
}

// Concurrency scaling takes reads (SELECT, UNLOAD) and, on RA3 clusters, COPY, INSERT, DELETE and UPDATE;
// never CTAS, DDL or other statements (models/catalog/facts.md 2.3).
inline bool concurrency_scaling_eligible(QueryType t, bool writes_allowed) {
  switch (t) {
    case QueryType::kSelect:
    case QueryType::kUnload:
      return true;
    case QueryType::kCopy:
    case QueryType::kInsert:
    case QueryType::kDelete:
    case QueryType::kUpdate:
      return writes_allowed;
    default:
      return false;
  }
}

}  // namespace rsim
