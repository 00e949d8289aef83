#include "models/wlm/qmr.h"

#include "sim/io/enum_names.h"

namespace rsim {

namespace {
constexpr std::array<std::string_view, kQmrMetricCount> kMetricNames = {
    "query_execution_time",      "query_queue_time",  "query_cpu_time",
    "query_temp_blocks_to_disk", "query_blocks_read", "return_row_count"};
constexpr std::array<std::string_view, 4> kActionNames = {"log", "change_priority", "hop", "abort"};
}  // namespace

std::string_view qmr_metric_name(QmrMetric m) { return enum_name(kMetricNames, m); }
std::optional<QmrMetric> parse_qmr_metric(std::string_view name) {
  return enum_from_name<QmrMetric>(kMetricNames, name);
}
std::string_view qmr_action_name(QmrAction a) { return enum_name(kActionNames, a); }
std::optional<QmrAction> parse_qmr_action(std::string_view name) {
  return enum_from_name<QmrAction>(kActionNames, name);
}
std::string_view priority_name(Priority p) { return enum_name(kPriorityNames, p); }

std::optional<QmrOp> parse_qmr_op(std::string_view op) {
  if (op == ">") return QmrOp::kGreater;
  if (op == "<") return QmrOp::kLess;
  if (op == "=") return QmrOp::kEqual;
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
