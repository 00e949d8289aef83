#include "models/alarms/alarm_rule.h"

#include <array>

#include "sim/io/enum_names.h"

namespace rsim {

namespace {
constexpr std::array<std::string_view, 5> kMetrics = {"cpu_utilization", "connections", "query_duration",
                                                      "queue_wait", "spill"};
constexpr std::array<std::string_view, 5> kStatistics = {"average", "maximum", "minimum", "sum",
                                                         "sample_count"};
constexpr std::array<std::string_view, 4> kComparisons = {">", ">=", "<", "<="};

}  // namespace

std::string_view alarm_metric_name(AlarmMetric m) { return kMetrics[static_cast<std::size_t>(m)]; }
std::optional<AlarmMetric> parse_alarm_metric(std::string_view s) {
  return enum_from_name<AlarmMetric>(kMetrics, s);
}
std::string_view alarm_statistic_name(AlarmStatistic s) { return kStatistics[static_cast<std::size_t>(s)]; }
std::optional<AlarmStatistic> parse_alarm_statistic(std::string_view s) {
  return enum_from_name<AlarmStatistic>(kStatistics, s);
}
std::string_view alarm_comparison_name(AlarmComparison c) {
  return kComparisons[static_cast<std::size_t>(c)];
}
std::optional<AlarmComparison> parse_alarm_comparison(std::string_view s) {
  return enum_from_name<AlarmComparison>(kComparisons, s);
}

bool breaches(AlarmComparison c, double value, double threshold) {
  switch (c) {
    case AlarmComparison::kGreater:
      return value > threshold;
    case AlarmComparison::kGreaterOrEqual:
      return value >= threshold;
    case AlarmComparison::kLess:
      return value < threshold;
    case AlarmComparison::kLessOrEqual:
      return value <= threshold;
  }
  return false;
}

}  // namespace rsim
