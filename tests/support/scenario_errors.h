// The message a scenario's InputError carries, or "" when it loads: for tests of bad configurations.
#pragma once

#include <string>

#include "models/scenario/scenario.h"
#include "sim/io/input_error.h"

namespace rsim::testing {

inline std::string scenario_error(const std::string& json, const std::string& name) {
  try {
    parse_scenario(json, name);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace rsim::testing
