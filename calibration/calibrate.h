// `rsim calibrate`: from pulled traces to a validated profile. Loads the traces and their sidecars, splits
// each by time into fit and hold-out windows, fits the service-time model (and a workgroup's scaling),
// replays the hold-out windows through the fitted model, and returns the profile with that validation.
#pragma once

#include <filesystem>
#include <vector>

#include "calibration/profile.h"
#include "models/catalog/node_catalog.h"

namespace rsim {

struct CalibrateRequest {
  std::vector<std::filesystem::path> traces;  // one per cluster or workgroup
  double holdout_fraction = 0.3;              // of each trace's span, at its end
};

// Throws InputError.
Profile calibrate(const CalibrateRequest& request, const NodeCatalog& catalog = NodeCatalog::builtin());

}  // namespace rsim
