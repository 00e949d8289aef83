#include "calibration/pull/system_table_queries.h"

#include "workloads/trace/timestamp.h"

namespace rsim {

namespace {

const SystemTableQueries kStl = {
    // STL_WLM_QUERY has a row per attempt (hops, restarts); the trace reader folds them by (xid, task).
    // SVL_QUERY_METRICS_SUMMARY counts 1 MB blocks: read (scanned) and written to temporary space (spilled).
    R"(SELECT q.query, w.task, q.xid, q.userid, TRIM(u.usename) AS username, TRIM(q.label) AS label,
       TRIM(q.database) AS database, q.pid, q.starttime, q.endtime, q.aborted, q.concurrency_scaling_status,
       TRIM(w.service_class_name) AS service_class_name, w.slot_count, w.total_queue_time, w.total_exec_time,
       TRIM(w.final_state) AS final_state, w.est_peak_mem, TRIM(q.querytxt) AS querytxt,
       m.query_blocks_read AS mbytes_scanned, m.query_temp_blocks_to_disk AS mbytes_spilled
FROM stl_query q
JOIN stl_wlm_query w ON w.query = q.query AND w.xid = q.xid
LEFT JOIN pg_user u ON u.usesysid = q.userid
LEFT JOIN svl_query_metrics_summary m ON m.query = q.query
WHERE q.userid > 1 AND q.starttime >= :since AND q.starttime < :until
ORDER BY q.starttime, q.query)",
    R"(SELECT c.query, c.starttime, c.endtime
FROM svl_compile c
WHERE c.compile = 1 AND c.query IN (SELECT query FROM stl_query
                                    WHERE userid > 1 AND starttime >= :since AND starttime < :until))",
    // Service classes 6-13 are manual WLM queues, 14 short query acceleration, 100 and up automatic WLM.
    R"(SELECT service_class, TRIM(name) AS name, num_query_tasks, query_working_mem, max_execution_time,
       TRIM(concurrency_scaling) AS concurrency_scaling, TRIM(query_priority) AS query_priority
FROM stv_wlm_service_class_config
WHERE service_class >= 6
ORDER BY service_class)",
    "",
};

const SystemTableQueries kSys = {
    R"(SELECT h.query_id, h.start_time, h.end_time, h.elapsed_time, h.queue_time, h.execution_time,
       h.compile_time, TRIM(h.status) AS status, TRIM(h.username) AS username, h.user_id,
       TRIM(h.query_label) AS query_label, h.session_id, TRIM(h.database_name) AS database_name,
       TRIM(h.query_type) AS query_type, h.result_cache_hit, h.returned_rows, TRIM(h.generic_query_hash)
       AS generic_query_hash, TRIM(h.service_class_name) AS service_class_name, TRIM(h.compute_type) AS
       compute_type, TRIM(h.query_text) AS query_text, d.input_bytes / 1048576.0 AS mbytes_scanned,
       d.spilled_blocks AS mbytes_spilled
FROM sys_query_history h
LEFT JOIN (SELECT query_id,
                  SUM(CASE WHEN TRIM(step_name) = 'scan' THEN input_bytes ELSE 0 END) AS input_bytes,
                  SUM(spilled_block_local_disk + spilled_block_remote_disk) AS spilled_blocks
           FROM sys_query_detail
           WHERE TRIM(metrics_level) = 'step' AND start_time >= :since
             AND query_id IN (SELECT query_id FROM sys_query_history
                              WHERE user_id > 1 AND start_time >= :since AND start_time < :until)
           GROUP BY query_id) d ON d.query_id = h.query_id
WHERE h.user_id > 1 AND h.start_time >= :since AND h.start_time < :until
ORDER BY h.start_time, h.query_id)",
    "",
    "",
    // One row a minute: RPU-seconds used and billed, and the average capacity allocated.
    R"(SELECT start_time, end_time, compute_seconds, compute_capacity, charged_seconds
FROM sys_serverless_usage
WHERE start_time >= :since AND start_time < :until
ORDER BY start_time)",
};

std::string sql_timestamp(SimTime t) { return "'" + format_sql_timestamp(t) + "'"; }

void replace_all(std::string& s, std::string_view from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

}  // namespace

const SystemTableQueries& system_table_queries(PullSource source) {
  return source == PullSource::kStl ? kStl : kSys;
}

std::string bind_window(std::string_view sql, SimTime since, SimTime until) {
  std::string out(sql);
  replace_all(out, ":since", sql_timestamp(since));
  replace_all(out, ":until", sql_timestamp(until));
  return out;
}

std::string_view relations_read(PullSource source) {
  return source == PullSource::kStl ? "STL_QUERY, STL_WLM_QUERY, SVL_COMPILE, SVL_QUERY_METRICS_SUMMARY, "
                                      "STV_WLM_SERVICE_CLASS_CONFIG "
                                      "and PG_USER"
                                    : "SYS_QUERY_HISTORY, SYS_QUERY_DETAIL and SYS_SERVERLESS_USAGE";
}

}  // namespace rsim
