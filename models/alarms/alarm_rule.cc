#include "models/alarms/alarm_rule.h"

#include <array>

#include "sim/io/enum_names.h"

namespace rsim {

std::string_view alarm_metric_name(AlarmMetric m) { return enum_name(kAlarmMetricNames, m); }
std::string_view alarm_statistic_name(AlarmStatistic s) { return enum_name(kAlarmStatisticNames, s); }
std::string_view alarm_comparison_name(AlarmComparison c) { return enum_name(kAlarmComparisonNames, c); }

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
