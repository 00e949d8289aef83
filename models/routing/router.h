// Routing rules (models/model.md section 7): an ordered list of (match -> target); the first rule whose every
// constraint holds wins. A constraint lists the values a query's field may take; an absent constraint holds
// for any value. Names are resolved to Symbols once, when the router is built.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/symbol_table.h"
#include "workloads/query.h"

namespace rsim {

struct RouteMatch {
  std::vector<std::string> domain, user, query_group, database;
  std::vector<QueryType> query_type;
  bool any() const {
    return domain.empty() && user.empty() && query_group.empty() && database.empty() && query_type.empty();
  }
};

struct RouteRule {
  RouteMatch match;
  std::uint32_t target = 0;  // endpoint index
};

class Router {
 public:
  // REQUIRES: the last rule matches any query (the scenario loader checks this).
  Router(const std::vector<RouteRule>& rules, SymbolTable& symbols);

  std::uint32_t route(const Query& q) const;

 private:
  struct Compiled {
    std::vector<Symbol> domain, user, query_group, database;
    std::uint32_t types = 0;  // bit per QueryType; 0 = any
    std::uint32_t target = 0;
  };
  static bool holds(const std::vector<Symbol>& allowed, Symbol s) {
    if (allowed.empty()) return true;
    for (const Symbol a : allowed) {
      if (a == s) return true;
    }
    return false;
  }
  std::vector<Compiled> rules_;
};

}  // namespace rsim
