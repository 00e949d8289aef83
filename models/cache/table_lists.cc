#include "models/cache/table_lists.h"

#include <algorithm>

namespace rsim {

const std::vector<Symbol>& TableLists::tables(Symbol list) {
  if (const auto it = memo_.find(list); it != memo_.end()) return it->second;
  std::vector<Symbol> out;
  const std::string& text = symbols_.name(list);  // stable: the table keeps names in a deque
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(';', start);
    if (end == std::string::npos) end = text.size();
    std::string_view name(text.data() + start, end - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (!name.empty()) out.push_back(symbols_.intern(name));
    start = end + 1;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return memo_.emplace(list, std::move(out)).first->second;
}

}  // namespace rsim
