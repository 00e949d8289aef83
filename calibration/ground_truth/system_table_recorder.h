// Turns a simulated run into the rows Redshift's system views would hold for it (models/catalog/facts.md
// section 6), so that calibration can be checked end to end against a model whose parameters are known:
// simulate with chosen parameters, load these rows into tables shaped like the system views, pull them over
// libpq, fit, and compare the fitted parameters with the chosen ones.
//
// It is a MeasurementSink for one endpoint of a run: every query that finishes there becomes a row of
// STL_QUERY, STL_WLM_QUERY and SVL_QUERY_METRICS_SUMMARY (provisioned) or SYS_QUERY_HISTORY and
// SYS_QUERY_DETAIL (serverless); capacity changes become SYS_SERVERLESS_USAGE minutes. Tables come out as
// CSV text with a header of column names, ready for COPY.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/endpoint/compute_endpoint.h"
#include "models/measurements.h"
#include "sim/core/symbol_table.h"

namespace rsim {

class SystemTableRecorder final : public MeasurementSink {
 public:
  // Records the queries of endpoint `endpoint` (index in the scenario), whose configuration is `config`.
  SystemTableRecorder(const SymbolTable& symbols, std::uint32_t endpoint,
                      const ComputeEndpointConfig& config);

  void query_finished(const QueryInFlight& q, SimTime now, QueryEnd end) override;
  void endpoint_state(std::uint32_t endpoint, SimTime now, std::uint32_t running,
                      std::uint32_t queued) override;
  void rule_fired(std::uint32_t, std::uint32_t, SimTime) override {}
  void capacity_changed(std::uint32_t endpoint, SimTime now, double rpu) override;

  // Table name -> CSV. Provisioned: stl_query, stl_wlm_query, svl_query_metrics_summary,
  // stv_wlm_service_class_config. Serverless: sys_query_history, sys_query_detail, and sys_serverless_usage
  // for the whole minutes from `start` to `end`.
  std::map<std::string, std::string> tables(SimTime start, SimTime end) const;

  std::uint64_t queries() const { return next_id_ - 1; }

 private:
  const SymbolTable& symbols_;
  std::uint32_t endpoint_;
  const ComputeEndpointConfig& config_;
  bool serverless_;
  std::uint64_t next_id_ = 1;
  std::string query_rows_, wlm_rows_, metrics_rows_, history_rows_, detail_rows_;
  // Capacity and activity over time, for the usage minutes.
  std::vector<std::pair<SimTime, double>> capacity_;  // changes, after the base
  std::vector<std::pair<SimTime, bool>> busy_;        // running > 0 changes
  bool is_busy_ = false;
};

}  // namespace rsim
