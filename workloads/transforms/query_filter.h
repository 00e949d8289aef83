// Keeps the queries a user asks for, as the replay tools' filters do: every include rule must match (a rule
// names one field and the values it accepts, "*" for any), and any matching exclude rule drops the query;
// and an arrival window [since, until); and a sample, each query kept with a probability decided by (seed,
// query id).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "sim/core/symbol_table.h"
#include "workloads/query.h"

namespace rsim {

enum class FilterField : std::uint8_t { kUser, kDatabase, kDomain, kQueryType, kQueryGroup, kClient };
inline constexpr std::array<std::string_view, 6> kFilterFieldNames = {"user",       "database",    "domain",
                                                                      "query_type", "query_group", "client"};

struct FilterRule {
  FilterField field = FilterField::kUser;
  std::vector<std::string> values;  // "*" matches anything
};

// Parses "field=v1,v2" (e.g. "user=etl,bi" or "query_type=select"). Throws InputError naming the rule.
FilterRule parse_filter_rule(std::string_view text);

struct QueryFilterConfig {
  std::vector<FilterRule> include;
  std::vector<FilterRule> exclude;
  SimTime since = INT64_MIN;
  SimTime until = INT64_MAX;
  double sample = 1.0;
  std::uint64_t seed = 1;
};

class QueryFilter final : public QuerySource {
 public:
  QueryFilter(QuerySource& source, const SymbolTable& symbols, QueryFilterConfig config);
  bool next(Query& q) override;
  bool keeps(const Query& q) const;

 private:
  bool matches(const FilterRule& rule, const Query& q) const;

  QuerySource& source_;
  const SymbolTable& symbols_;
  QueryFilterConfig config_;
};

}  // namespace rsim
