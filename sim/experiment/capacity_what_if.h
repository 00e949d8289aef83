// A capacity what-if on work that does not scale is refused. Observed work is scaled from the capacity its
// trace was captured on; queries without observed_capacity, under a scenario without
// work.default_observed_capacity, are replayed as measured whatever the capacity (warnings.h, unscaled_work).
// A sweep or an optimisation over nodes, node type or RPU would then compare variants that all replay the
// same work, find a flat response and pick the smallest: so it stops with InputError (exit 2) instead, naming
// the dimension and the setting that is missing.
#pragma once

#include <string>
#include <vector>

#include "sim/experiment/dimension.h"
#include "sim/experiment/variant_runs.h"

namespace rsim {

// Whether a PATH=VALUE override changes an endpoint's capacity (nodes, node_type, base_rpu, max_rpu,
// capacity_rpu).
bool changes_capacity(const std::string& override_text);

// Throws InputError naming `file` and the first capacity dimension when any outcome replayed unscaled work.
void refuse_unscaled_capacity_what_ifs(const std::vector<Dimension>& dimensions,
                                       const std::vector<VariantOutcome>& outcomes, const std::string& file);

}  // namespace rsim
