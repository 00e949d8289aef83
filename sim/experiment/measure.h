// Reading a measure off a variant's outcome: its value in the report (the mean over replications) and,
// with two or more replications, the 95% confidence half-width of that mean (for values the replications
// measure; none for those they share, such as the trace's span).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/experiment/variant_runs.h"

namespace rsim {

struct Measured {
  double value = 0;
  std::optional<double> ci95;  // with two or more replications
};

// Throws InputError (see report_metric) when `path` addresses no number.
Measured measure(const VariantOutcome& outcome, std::string_view path, const std::string& what);

}  // namespace rsim
