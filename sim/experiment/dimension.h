// A dimension of an experiment: one knob and the levels it takes. In a spec file:
//   {"name": "base_rpu", "paths": ["endpoints[1].base_rpu", "endpoints[2].base_rpu"], "values": [8, 16, 32]}
//   {"name": "policy", "path": "load_balancers[0].policy", "values": ["flow_hash", "round_robin"]}
//   {"name": "consumers", "values": [{"label": "2", "set": {"load_balancers[0].targets": ["c-1", "c-2"]}},
//                                    {"label": "3", "set": {"load_balancers[0].targets": ["c-1", "c-2",
//                                    "c-3"]}}]}
//   {"name": "slots", "path": "endpoints[0].wlm.queues[0].slots", "range": {"min": 2, "max": 15, "integer":
//   true}}
// With "path"/"paths", each value is written to every path (any JSON value); without, each value is an object
// with a "label" and the "set" of PATH: VALUE changes it makes. A "range" (random designs only) is drawn from
// instead of listing values.
//
// For `rsim optimize`, a dimension may declare how its levels are ordered (levels listed weakest first):
//   "more_is_faster": true    a later level never makes any service level worse (more RPU, more nodes)
//   "more_is_costlier": true  a later level never costs less
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/io/json_input.h"

namespace rsim {

struct Level {
  std::string label;
  std::vector<std::string> overrides;  // PATH=VALUE
};

struct Range {
  double min = 0;
  double max = 0;
  bool integer = false;
};

struct Dimension {
  std::string name;
  std::vector<std::string> paths;  // where a value goes (empty for "set" levels)
  std::vector<Level> levels;       // in the file's order
  std::optional<Range> range;      // instead of levels
  bool more_is_faster = false;
  bool more_is_costlier = false;

  // The level of a value drawn from `range`.
  Level level_of(double value) const;
};

struct DimensionRules {
  bool ranges = false;        // "range" allowed (random designs)
  bool monotonicity = false;  // "more_is_faster" / "more_is_costlier" allowed (the optimiser)
};

// Reads a non-empty array of dimensions with distinct names. Throws InputError naming the file and key.
std::vector<Dimension> read_dimensions(const JsonValue& array, DimensionRules rules);

}  // namespace rsim
