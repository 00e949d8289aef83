// WLM's wildcard matching (models/catalog/facts.md 3.2): '*' matches any run of characters, '?' any one
// character, and the comparison ignores ASCII case.
#pragma once

#include <string_view>

namespace rsim {

bool wildcard_match(std::string_view pattern, std::string_view text);
bool iequals(std::string_view a, std::string_view b);

}  // namespace rsim
