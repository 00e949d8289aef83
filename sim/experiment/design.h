// Which combinations of the dimensions' levels an experiment runs:
//   "grid"                                    every combination (the last dimension varies fastest)
//   "list"                                    the i-th level of every dimension together (equal counts)
//   {"random": {"samples": N, "seed": S}}     N combinations drawn with their own seed: distinct grid points
//                                             when every dimension lists values, else independent draws
//                                             (ranges uniform, integers inclusive)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/experiment/dimension.h"
#include "sim/io/json_input.h"
#include "sim/run/run_command.h"

namespace rsim {

struct Design {
  enum class Kind { kGrid, kList, kRandom } kind = Kind::kGrid;
  std::uint64_t samples = 0;  // kRandom
  std::uint64_t seed = 1;     // kRandom
};

// One point of the design: a level per dimension.
struct Variant {
  std::size_t index = 0;
  std::vector<Level> levels;  // by dimension
  // "name=label" pairs joined by commas.
  std::string label(const std::vector<Dimension>& dims) const;
  // Every level's PATH=VALUE changes, in dimension order.
  std::vector<std::string> overrides() const;
};

// Reads "design" (default "grid"); `value` may be absent.
Design read_design(const std::optional<JsonValue>& value);

// The variants, numbered from 0. Throws InputError (naming `where`) when "list" dimensions differ in length,
// when a grid or list meets a range, or when the design has no variant.
std::vector<Variant> expand_design(const Design& design, const std::vector<Dimension>& dims,
                                   const std::string& where, std::size_t max_variants = 1000000);

// The runs of some variants: `base` with each variant's changes, and their labels.
struct VariantRequests {
  std::vector<RunRequest> runs;
  std::vector<std::string> labels;
};
VariantRequests requests_for(const RunRequest& base, const std::vector<const Variant*>& variants,
                             const std::vector<Dimension>& dims);

}  // namespace rsim
