#include "models/wlm/qmr.h"

namespace rsim {

namespace {
constexpr std::array<std::string_view, kQmrMetricCount> kMetricNames = {
    "query_execution_time", "query_queue_time",  "query_cpu_time",
    "query_temp_blocks_to_disk", "query_blocks_read", "return_row_count"};
constexpr std::array<std::string_view, 4> kActionNames = {"log", "change_priority", "hop", "abort"};
constexpr std::array<std::string_view, kPriorityCount> kPriorityNames = {"lowest", "low", "normal", "high", "highest"};
}  // namespace

std::string_view qmr_metric_name(QmrMetric m) { return kMetricNames[static_cast<std::size_t>(m)]; }

std::optional<QmrMetric> parse_qmr_metric(std::string_view name) {
  for (std::size_t i = 0; i < kMetricNames.size(); ++i) {
    if (kMetricNames[i] == name) return static_cast<QmrMetric>(i);
  }
  return std::nullopt;
}

std::string_view qmr_action_name(QmrAction a) { return kActionNames[static_cast<std::size_t>(a)]; }

std::optional<QmrAction> parse_qmr_action(std::string_view name) {
  for (std::size_t i = 0; i < kActionNames.size(); ++i) {
    if (kActionNames[i] == name) return static_cast<QmrAction>(i);
  }
  return std::nullopt;
}

std::optional<QmrOp> parse_qmr_op(std::string_view op) {
  if (op == ">") return QmrOp::kGreater;
  if (op == "<") return QmrOp::kLess;
  if (op == "=") return QmrOp::kEqual;
  return std::nullopt;
}

std::string_view priority_name(Priority p) { return kPriorityNames[static_cast<std::size_t>(p)]; }

std::optional<Priority> parse_priority(std::string_view name) {
  for (std::size_t i = 0; i < kPriorityNames.size(); ++i) {
    if (kPriorityNames[i] == name) return static_cast<Priority>(i);
  }
  return std::nullopt;
}

bool qmr_rule_holds(const QmrRule& rule, const QmrSample& s) {
  for (const QmrPredicate& p : rule.predicates) {
    const double v = s[static_cast<std::size_t>(p.metric)];
    const bool ok = p.op == QmrOp::kGreater ? v > p.value : p.op == QmrOp::kLess ? v < p.value : v == p.value;
    if (!ok) return false;
  }
  return !rule.predicates.empty();
}

QmrAction effective_action(const QmrRule& rule) {
  if (rule.action != QmrAction::kHop) return rule.action;
  for (const QmrPredicate& p : rule.predicates) {
    if (p.metric == QmrMetric::kQueueTime) return QmrAction::kLog;
  }
  return QmrAction::kHop;
}

}  // namespace rsim
