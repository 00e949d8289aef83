// Reads a scenario's "dual_write" object (see models/scenarios/README.md for every key). Throws InputError
// naming the JSON path.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "models/ingestion/dual_write_config.h"
#include "sim/io/json_input.h"

namespace rsim {

// `endpoint_index` resolves an endpoint name (failing on the value when there is none). `defaulted` collects
// "json.path = value" for every parameter left at an assumed default.
DualWriteConfig parse_dual_write(JsonObject& o,
                                 const std::function<std::uint32_t(const JsonValue&)>& endpoint_index,
                                 std::vector<std::string>& defaulted);

}  // namespace rsim
