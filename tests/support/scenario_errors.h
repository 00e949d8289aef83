// The message an InputError carries, or "" when there is none: for tests of bad configurations.
#pragma once

#include <functional>
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

// The message of the InputError that `f` throws, or "" when it throws none.
inline std::string input_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace rsim::testing
