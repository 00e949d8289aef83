// Workload management settings of one endpoint (models/model.md section 4, models/catalog/facts.md 3.2
// to 3.4): its queues, their slots and memory, which queries each takes, timeouts and query monitoring rules.
//
// A plain compute endpoint has one queue that takes every query; a provisioned cluster under manual WLM has
// up to 8 user queues whose last one is the default queue.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace rsim {

// Metrics a query monitoring rule can test: those the model produces (models/catalog/facts.md 3.4 names and
// units).
enum class QmrMetric : std::uint8_t {
  kExecutionTime,  // query_execution_time: s of execution in the current queue
  kQueueTime,      // query_queue_time: s waited in queues
  kCpuTime,        // query_cpu_time: CPU s (see WlmConfig::cpu_seconds_per_work_second)
  kSpill,          // query_temp_blocks_to_disk: 1 MB blocks spilled so far
  kBlocksRead,     // query_blocks_read: 1 MB blocks read so far
  kRowsReturned,   // return_row_count: rows returned so far
};
inline constexpr int kQmrMetricCount = 6;

enum class QmrOp : std::uint8_t { kGreater, kLess, kEqual };

// Automatic WLM priorities (models/catalog/facts.md 3.5), lowest to highest.
enum class Priority : std::uint8_t { kLowest, kLow, kNormal, kHigh, kHighest };
inline constexpr int kPriorityCount = 5;

enum class WlmMode : std::uint8_t { kManual, kAuto };

// In increasing severity: when several rules fire at one evaluation, the most severe action is taken.
enum class QmrAction : std::uint8_t { kLog, kChangePriority, kHop, kAbort };

struct QmrPredicate {
  QmrMetric metric = QmrMetric::kExecutionTime;
  QmrOp op = QmrOp::kGreater;
  double value = 0;
};

struct QmrRule {
  std::string name;
  std::vector<QmrPredicate> predicates;  // 1 to 3, all must hold
  QmrAction action = QmrAction::kLog;
  Priority priority = Priority::kNormal;  // the new priority, for change_priority
};

struct WlmQueueConfig {
  std::string name;
  std::uint32_t slots = 0;               // 0 = unlimited (a plain endpoint only)
  double memory_mb = 0;                  // the queue's memory, split evenly over its slots; 0 = not modelled
  double memory_percent = 0;             // as configured (provisioned), for the report
  std::vector<std::string> user_groups;  // group names (UserGroups directory) or user names
  std::vector<std::string> query_groups;
  bool user_group_wildcard = false;  // '*' and '?' in user_groups, case-insensitive
  bool query_group_wildcard = false;
  double timeout_ms = 0;  // max_execution_time; 0 = none
  std::vector<QmrRule> rules;
  bool concurrency_scaling = false;
  Priority priority = Priority::kNormal;  // automatic WLM
};

struct WlmConfig {
  WlmMode mode = WlmMode::kManual;
  std::vector<WlmQueueConfig> queues;  // the last one is the default queue
  // Whether a QMR hop moves INSERT/UPDATE/DELETE (AWS's hopping page says yes, the QMR page says no).
  bool qmr_hop_moves_dml = true;
  // CPU seconds a query accrues per second of solo work (query_cpu_time); default: the endpoint's vCPUs.
  double cpu_seconds_per_work_second = 1;
  // How often rules are evaluated, µs of simulated time (AWS: every 10 s).
  std::int64_t qmr_interval_us = 10'000'000;

  // Automatic WLM: a query is admitted while the memory estimates of the running ones fit `memory_mb` (one
  // query always runs), and at most `max_concurrency` run (0: memory alone decides). Waiting queries are
  // admitted highest priority first, FIFO within a priority; with aging, a waiting query rises one level per
  // `aging_s`. Running queries share the cluster in proportion to their priority's weight. AWS documents the
  // behaviour but none of these numbers: each is an assumption until calibrated.
  double memory_mb = 0;
  double default_memory_estimate_mb = 0;  // for a query without peak_mem_mb
  std::uint32_t max_concurrency = 0;
  bool aging = true;
  double aging_s = 300;
  std::array<double, kPriorityCount> priority_weights = {1, 2, 4, 8, 16};
};

}  // namespace rsim
