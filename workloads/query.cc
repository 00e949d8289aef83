#include "workloads/query.h"

#include <array>

namespace rsim {

namespace {
constexpr std::array<std::string_view, kQueryTypeCount> kNames = {
    "select", "insert", "update", "delete", "copy", "unload", "ctas", "ddl", "other"};
}

std::string_view query_type_name(QueryType t) { return kNames[static_cast<std::size_t>(t)]; }

bool parse_query_type(std::string_view s, QueryType& out) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    const auto name = kNames[i];
    if (name.size() != s.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < s.size() && same; ++k) {
      const char c = s[k] >= 'A' && s[k] <= 'Z' ? static_cast<char>(s[k] - 'A' + 'a') : s[k];
      same = c == name[k];
    }
    if (same) {
      out = static_cast<QueryType>(i);
      return true;
    }
  }
  return false;
}

}  // namespace rsim
