// The trace keeps a query's read_tables / write_tables as one ';'-separated string (interned whole). This
// splits such a list into table symbols once per distinct list and remembers the answer.
#pragma once

#include <unordered_map>
#include <vector>

#include "sim/core/symbol_table.h"

namespace rsim {

class TableLists {
 public:
  explicit TableLists(SymbolTable& symbols) : symbols_(symbols) {}

  // The tables of `list` (a Symbol of a ';'-separated list; 0 = none), trimmed, empty names dropped.
  const std::vector<Symbol>& tables(Symbol list);

 private:
  SymbolTable& symbols_;
  std::unordered_map<Symbol, std::vector<Symbol>> memo_;
};

}  // namespace rsim
