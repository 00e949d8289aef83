// CloudWatch-style alarm rules on simulated metrics (models/model.md section 10): a statistic of a metric
// over each period, compared with a threshold; the alarm fires when `evaluation_periods` consecutive periods
// breach, and clears when a period does not (reported as the end of the last breaching period). CPU
// utilisation and connections have one value per period, so their statistic does not matter.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rsim {

enum class AlarmMetric : std::uint8_t {
  kCpuUtilization,  // percent: time-average share of the endpoint's peak throughput in use, M(n) / M(slots)
  kConnections,     // sessions open in the period: a query in flight, or idle for less than session_idle_s
  kQueryDuration,   // s, latency of queries that finished in the period
  kQueueWait,       // s, queue wait of queries that finished in the period
  kSpill,           // MB spilled by queries that finished (or were aborted) in the period
};
enum class AlarmStatistic : std::uint8_t { kAverage, kMaximum, kMinimum, kSum, kSampleCount };
enum class AlarmComparison : std::uint8_t { kGreater, kGreaterOrEqual, kLess, kLessOrEqual };

struct AlarmRule {
  std::string name;
  std::string endpoint;  // empty: every endpoint
  AlarmMetric metric = AlarmMetric::kCpuUtilization;
  AlarmStatistic statistic = AlarmStatistic::kAverage;
  AlarmComparison comparison = AlarmComparison::kGreater;
  double threshold = 0;
  double period_s = 60;
  std::uint32_t evaluation_periods = 1;
};

inline constexpr std::array<std::string_view, 5> kAlarmMetricNames = {
    "cpu_utilization", "connections", "query_duration", "queue_wait", "spill"};
inline constexpr std::array<std::string_view, 5> kAlarmStatisticNames = {"average", "maximum", "minimum",
                                                                         "sum", "sample_count"};
inline constexpr std::array<std::string_view, 4> kAlarmComparisonNames = {">", ">=", "<", "<="};

std::string_view alarm_metric_name(AlarmMetric m);
std::string_view alarm_statistic_name(AlarmStatistic s);
std::string_view alarm_comparison_name(AlarmComparison c);
bool breaches(AlarmComparison c, double value, double threshold);

}  // namespace rsim
