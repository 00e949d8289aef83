// Draws that depend only on (seed, key): a transform decides a session's or a query's fate from its id, so
// the decision is the same whatever the order or the rest of the trace.
#pragma once

#include <cstdint>

#include "sim/core/random.h"

namespace rsim {

// Uniform on [0, 1).
inline double hash_uniform(std::uint64_t seed, std::uint64_t key, std::uint64_t purpose = 0) {
  return static_cast<double>(mix64(mix64(seed ^ mix64(key)) + purpose) >> 11) * 0x1.0p-53;
}

}  // namespace rsim
