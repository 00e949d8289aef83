#include "calibration/ground_truth/system_table_recorder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "workloads/trace/timestamp.h"

namespace rsim {

namespace {

constexpr SimDuration kMinute = 60 * kMicrosPerSecond;

// Statement text by type: the STL reader tells the type from the leading keyword.
std::string_view statement_of(QueryType t) {
  switch (t) {
    case QueryType::kInsert:
      return "INSERT INTO facts SELECT * FROM staging";
    case QueryType::kUpdate:
      return "UPDATE facts SET x = 1";
    case QueryType::kDelete:
      return "DELETE FROM facts WHERE x = 1";
    case QueryType::kCopy:
      return "COPY facts FROM 's3://bucket/prefix'";
    case QueryType::kUnload:
      return "UNLOAD ('SELECT 1') TO 's3://bucket/out'";
    case QueryType::kCtas:
      return "CREATE TABLE t2 AS SELECT * FROM facts";
    case QueryType::kDdl:
      return "CREATE TABLE t3 (x int)";
    case QueryType::kOther:
      return "VACUUM facts";
    default:
      return "SELECT count(*) FROM facts";
  }
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Time-weighted mean of a step function (value `initial` before the first change) over [a, b).
template <typename T>
double mean_over(const std::vector<std::pair<SimTime, T>>& changes, double initial, SimTime a, SimTime b) {
  double value = initial, area = 0;
  SimTime t = a;
  for (const auto& [when, v] : changes) {
    if (when <= a) {
      value = static_cast<double>(v);
      continue;
    }
    if (when >= b) break;
    area += value * static_cast<double>(when - t);
    t = when;
    value = static_cast<double>(v);
  }
  area += value * static_cast<double>(b - t);
  return area / static_cast<double>(b - a);
}

}  // namespace

SystemTableRecorder::SystemTableRecorder(const SymbolTable& symbols, std::uint32_t endpoint,
                                         const ComputeEndpointConfig& config)
    : symbols_(symbols),
      endpoint_(endpoint),
      config_(config),
      serverless_(config.kind == EndpointKind::kServerless) {}

void SystemTableRecorder::query_finished(const QueryInFlight& q, SimTime now, QueryEnd end) {
  if (q.endpoint != endpoint_) return;
  const Query& query = q.query;
  const std::uint64_t id = next_id_++;
  const int user_id = 100 + static_cast<int>(query.user);
  const std::string group(symbols_.name(query.query_group));
  const SimTime exec_start = q.admitted;
  const SimDuration exec_us = now - exec_start;
  const auto session = static_cast<int>(query.session % 1'000'000);
  const bool aborted = end == QueryEnd::kAborted;
  const double scanned = present(query.mbytes_scanned) ? query.mbytes_scanned : 0.0;
  if (!serverless_) {
    const bool sqa = config_.sqa.enabled && q.queue == config_.wlm.queues.size();
    const int service_class = sqa ? 14 : 6 + q.queue;
    const std::string queue_name = sqa ? "Short query queue" : config_.wlm.queues[q.queue].name;
    query_rows_ +=
        fmt::format("{},{},{},{},{},dev,{},{},{},{},{},{}\n", user_id, id, group.empty() ? "default" : group,
                    id, session, statement_of(query.type), format_sql_timestamp(query.arrival),
                    format_sql_timestamp(now), aborted ? 1 : 0, q.cluster > 0 ? 1 : 0, 0);
    wlm_rows_ += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", user_id, id, id, id, service_class,
        std::max<int>(1, q.slots), q.queue_us, exec_us, format_sql_timestamp(exec_start),
        format_sql_timestamp(now), aborted ? "Aborted" : "Completed",
        present(query.peak_mem_mb) ? std::llround(query.peak_mem_mb * 1048576.0) : 0, "Normal", queue_name);
    metrics_rows_ += fmt::format("{},{},{},{},{}\n", user_id, id, service_class, std::llround(scanned),
                                 std::llround(q.spill_mb));
  } else {
    const SimDuration elapsed = now - query.arrival;
    history_rows_ +=
        fmt::format("{},{},{},{},{},dev,{},{},{},{},{},{},{},{},{},0,user_{},{:016x},-1\n", user_id, id,
                    group.empty() ? "default" : group, id, session, upper(query_type_name(query.type)),
                    aborted ? "failed" : "success", q.result_cache_hit ? "true" : "false",
                    format_sql_timestamp(query.arrival), format_sql_timestamp(now), elapsed, q.queue_us,
                    exec_us, statement_of(query.type), user_id - 100, query.fingerprint);
    detail_rows_ +=
        fmt::format("{},{},1,0,0,scan,{},{},{},0,0,step\n", user_id, id, format_sql_timestamp(exec_start),
                    format_sql_timestamp(now), std::llround(scanned * 1048576.0));
  }
}

void SystemTableRecorder::endpoint_state(std::uint32_t endpoint, SimTime now, std::uint32_t running,
                                         std::uint32_t) {
  if (endpoint != endpoint_ || (running > 0) == is_busy_) return;
  is_busy_ = running > 0;
  busy_.emplace_back(now, is_busy_);
}

void SystemTableRecorder::capacity_changed(std::uint32_t endpoint, SimTime now, double rpu) {
  if (endpoint == endpoint_) capacity_.emplace_back(now, rpu);
}

std::map<std::string, std::string> SystemTableRecorder::tables(SimTime start, SimTime end) const {
  std::map<std::string, std::string> t;
  if (!serverless_) {
    t["stl_query"] =
        "userid,query,label,xid,pid,database,querytxt,starttime,endtime,aborted,concurrency_scaling_status,"
        "insert_pristine\n" +
        query_rows_;
    t["stl_wlm_query"] =
        "userid,xid,task,query,service_class,slot_count,total_queue_time,total_exec_time,exec_start_time,"
        "exec_end_time,final_state,est_peak_mem,query_priority,service_class_name\n" +
        wlm_rows_;
    t["svl_query_metrics_summary"] =
        "userid,query,service_class,query_blocks_read,query_temp_blocks_to_disk\n" + metrics_rows_;
    std::string config =
        "service_class,num_query_tasks,query_working_mem,name,max_execution_time,concurrency_scaling,"
        "query_priority\n";
    for (std::size_t i = 0; i < config_.wlm.queues.size(); ++i) {
      const auto& queue = config_.wlm.queues[i];
      const double per_slot_per_node =
          queue.slots > 0 && config_.nodes > 0 ? queue.memory_mb / queue.slots / config_.nodes : 0.0;
      config +=
          fmt::format("{},{},{},{},{},{},normal\n", 6 + i, queue.slots, std::llround(per_slot_per_node),
                      queue.name, std::llround(queue.timeout_ms), queue.concurrency_scaling ? "auto" : "off");
    }
    t["stv_wlm_service_class_config"] = config;
  } else {
    t["sys_query_history"] =
        "user_id,query_id,query_label,transaction_id,session_id,database_name,query_type,status,"
        "result_cache_hit,start_time,end_time,elapsed_time,queue_time,execution_time,query_text,compile_time,"
        "username,generic_query_hash,service_class_id\n" +
        history_rows_;
    t["sys_query_detail"] =
        "user_id,query_id,child_query_sequence,stream_id,segment_id,step_name,start_time,end_time,input_"
        "bytes,"
        "spilled_block_local_disk,spilled_block_remote_disk,metrics_level\n" +
        detail_rows_;
    std::string usage = "start_time,end_time,compute_seconds,compute_capacity,charged_seconds\n";
    const double base = config_.serverless.base_rpu;
    for (SimTime m = start - (start % kMinute + kMinute) % kMinute; m < end; m += kMinute) {
      const double capacity = mean_over(capacity_, base, m, m + kMinute);
      const double busy = mean_over(busy_, 0.0, m, m + kMinute);
      usage +=
          fmt::format("{},{},{:.3f},{:.4f},{}\n", format_sql_timestamp(m), format_sql_timestamp(m + kMinute),
                      capacity * busy * 60.0, capacity, busy > 0 ? std::llround(capacity * 60.0) : 0);
    }
    t["sys_serverless_usage"] = usage;
  }
  return t;
}

}  // namespace rsim
