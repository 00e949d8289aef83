// Interned strings: each distinct string gets a small integer, so that per-query records hold integers
// (cheap to copy, compare and route on) instead of strings. Symbol 0 is always the empty string.
// Memory grows with the number of distinct strings (users, domains, queues), not with the number of queries.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace rsim {

using Symbol = std::uint32_t;

class SymbolTable {
 public:
  SymbolTable() { intern(""); }

  Symbol intern(std::string_view s) {
    if (const auto it = map_.find(s); it != map_.end()) return it->second;
    const auto id = static_cast<Symbol>(names_.size());
    names_.emplace_back(s);
    map_.emplace(names_.back(), id);
    return id;
  }
  std::optional<Symbol> find(std::string_view s) const {
    if (const auto it = map_.find(s); it != map_.end()) return it->second;
    return std::nullopt;
  }
  // REQUIRES: s < size().
  const std::string& name(Symbol s) const { return names_[s]; }
  std::size_t size() const { return names_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string_view, Symbol, Hash, std::equal_to<>> map_;  // views into names_
  std::deque<std::string> names_;                                            // stable addresses
};

}  // namespace rsim
