#include "models/routing/router.h"

namespace rsim {

Router::Router(const std::vector<RouteRule>& rules, SymbolTable& symbols) {
  auto intern_all = [&](const std::vector<std::string>& names) {
    std::vector<Symbol> out;
    for (const auto& n : names) out.push_back(symbols.intern(n));
    return out;
  };
  for (const auto& r : rules) {
    Compiled c;
    c.domain = intern_all(r.match.domain);
    c.user = intern_all(r.match.user);
    c.query_group = intern_all(r.match.query_group);
    c.database = intern_all(r.match.database);
    for (const QueryType t : r.match.query_type) c.types |= 1u << static_cast<unsigned>(t);
    c.target = r.target;
    rules_.push_back(std::move(c));
  }
}

std::uint32_t Router::route(const Query& q) const {
  for (const auto& r : rules_) {
    if (r.types && !(r.types & (1u << static_cast<unsigned>(q.type)))) continue;
    if (holds(r.domain, q.domain) && holds(r.user, q.user) && holds(r.query_group, q.query_group) &&
        holds(r.database, q.database)) {
      return r.target;
    }
  }
  return rules_.empty() ? 0 : rules_.back().target;
}

}  // namespace rsim
