// Query monitoring rules (models/catalog/facts.md 3.4): predicates over a running query's metrics, evaluated
// periodically.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "models/wlm/wlm_config.h"

namespace rsim {

inline constexpr std::size_t kMaxQmrRules = 25;      // in total across an endpoint's queues
inline constexpr std::size_t kMaxQmrPredicates = 3;  // per rule

// The metric values of one running query at one evaluation, indexed by QmrMetric.
using QmrSample = std::array<double, kQmrMetricCount>;

std::string_view qmr_metric_name(QmrMetric m);  // AWS's name, e.g. "query_execution_time"
std::optional<QmrMetric> parse_qmr_metric(std::string_view name);
std::string_view qmr_action_name(QmrAction a);  // "log", "hop", "abort", "change_priority"
std::optional<QmrAction> parse_qmr_action(std::string_view name);
std::optional<QmrOp> parse_qmr_op(std::string_view op);  // ">", "<", "="
inline constexpr std::array<std::string_view, kPriorityCount> kPriorityNames = {"lowest", "low", "normal",
                                                                                "high", "highest"};
std::string_view priority_name(Priority p);  // "lowest" ... "highest"

bool qmr_rule_holds(const QmrRule& rule, const QmrSample& s);

// The action a fired rule asks for: a hop on a rule that tests query_queue_time is ignored (AWS), so such a
// rule only logs.
QmrAction effective_action(const QmrRule& rule);

}  // namespace rsim
