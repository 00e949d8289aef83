// A dual-write ingestion path (models/model.md section 8): messages arrive on a queue; consumers write each
// one to a primary and a secondary warehouse in parallel through a statement API. Keys in
// models/scenarios/README.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/time.h"

namespace rsim {

// One side of the dual write: where its statements go and how they are retried.
struct DualWriteSide {
  std::uint32_t endpoint = 0;
  double statement_latency_ms = 0;  // the statement API's overhead, paid before each attempt reaches the side
  int retries = 0;                  // further attempts after a failed one
  double retry_delay_ms = 0;
  // Windows when the side cannot be reached (network, private endpoint, maintenance): [start, end) in seconds
  // from the run's start. An attempt in a window fails after the statement latency.
  std::vector<std::pair<double, double>> outages_s;
};

struct DualWriteConfig {
  std::string name;
  double messages_per_s = 1;  // Poisson
  double start_s = 0;         // from the run's start (the trace's first arrival)
  double duration_s = 3600;
  int consumers = 1;             // messages written at once (each consumer waits for its primary write)
  double insert_work_ms = 10;    // solo work of one insert, unscaled (like a query without observed capacity)
  double insert_mbytes = 0.001;  // data scanned by one insert
  std::string user = "ingest";   // for WLM routing of the inserts
  std::string query_group;
  std::string domain;  // of the inserts, for the report's breakdowns (the parser defaults it to `name`)
  DualWriteSide primary, secondary;
};

}  // namespace rsim
