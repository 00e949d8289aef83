// Scenario parameters left at assumed defaults are listed in the report as the assumptions a result rests on.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "sim/io/json_input.h"

namespace rsim {

// Records "json.path.key = value" in `defaulted` when `o` does not set `key`.
template <typename T>
void note_default(std::vector<std::string>& defaulted, const JsonObject& o, std::string_view key,
                  const T& value) {
  if (!o.has(key)) defaulted.push_back(fmt::format("{}.{} = {}", o.value().path(), key, value));
}

}  // namespace rsim
