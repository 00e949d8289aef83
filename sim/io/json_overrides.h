// Settings changed from the command line (`--set PATH=VALUE`) or by a sweep: each PATH addresses one value in
// a JSON document, as "work.source" or "endpoints[1].slots"; objects on the way are created when missing, and
// array indices must exist. VALUE is JSON if it parses as JSON ("16", "true", "[1,2]", "{\"a\":1}"), else a
// string. The document is then parsed as usual, so a misspelt key is still reported as unknown.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rsim {

// Returns `json` (from a file named `name`) with every override applied, in order. REQUIRES: `json` is valid
// (checked: duplicate keys and syntax errors are reported against `name` first). Throws InputError naming
// the override when a path is malformed or runs into a value that is not an object or array.
std::string apply_json_overrides(std::string_view json, const std::string& name,
                                 const std::vector<std::string>& overrides);

}  // namespace rsim
