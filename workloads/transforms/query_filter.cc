#include "workloads/transforms/query_filter.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/io/enum_names.h"
#include "sim/io/input_error.h"
#include "workloads/transforms/hash_draw.h"

namespace rsim {

FilterRule parse_filter_rule(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos) {
    throw InputError(fmt::format("filter \"{}\": expected FIELD=VALUE[,VALUE...]", text));
  }
  FilterRule rule;
  const auto field = enum_from_name<FilterField>(kFilterFieldNames, text.substr(0, eq));
  if (!field) {
    throw InputError(
        fmt::format("filter \"{}\": unknown field \"{}\" (expected user, database, domain, "
                    "query_type, query_group or client)",
                    text, text.substr(0, eq)));
  }
  rule.field = *field;
  std::string_view rest = text.substr(eq + 1);
  for (;;) {
    const auto comma = rest.find(',');
    rule.values.emplace_back(rest.substr(0, comma));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (rule.field == FilterField::kQueryType) {
    for (auto& v : rule.values) {
      QueryType t;
      if (v == "*") continue;
      if (!parse_query_type(v, t)) {
        throw InputError(fmt::format("filter \"{}\": unknown query type \"{}\"", text, v));
      }
      v = std::string(query_type_name(t));  // types are matched by their canonical spelling: SELECT is select
    }
  }
  return rule;
}

QueryFilter::QueryFilter(QuerySource& source, const SymbolTable& symbols, QueryFilterConfig config)
    : source_(source), symbols_(symbols), config_(std::move(config)) {}

bool QueryFilter::matches(const FilterRule& rule, const Query& q) const {
  std::string_view value;
  switch (rule.field) {
    case FilterField::kUser:
      value = symbols_.name(q.user);
      break;
    case FilterField::kDatabase:
      value = symbols_.name(q.database);
      break;
    case FilterField::kDomain:
      value = symbols_.name(q.domain);
      break;
    case FilterField::kQueryType:
      value = query_type_name(q.type);
      break;
    case FilterField::kQueryGroup:
      value = symbols_.name(q.query_group);
      break;
    case FilterField::kClient:
      value = symbols_.name(q.client);
      break;
  }
  return std::any_of(rule.values.begin(), rule.values.end(),
                     [&](const std::string& v) { return v == "*" || v == value; });
}

bool QueryFilter::keeps(const Query& q) const {
  if (q.arrival < config_.since || q.arrival >= config_.until) return false;
  if (config_.sample < 1.0 && hash_uniform(config_.seed, stable_hash(q.id)) >= config_.sample) return false;
  for (const auto& rule : config_.include) {
    if (!matches(rule, q)) return false;
  }
  for (const auto& rule : config_.exclude) {
    if (matches(rule, q)) return false;
  }
  return true;
}

bool QueryFilter::next(Query& q) {
  while (source_.next(q)) {
    if (keeps(q)) return true;
  }
  return false;
}

}  // namespace rsim
