#include "calibration/calibrate.h"

#include "calibration/fit/observed_traces.h"
#include "models/compute/work_model.h"
#include "models/serverless/serverless_config.h"

namespace rsim {

Profile calibrate(const CalibrateRequest& request, const NodeCatalog& catalog) {
  CalibrationData data = load_calibration_data(request.traces, request.holdout_fraction, catalog);
  std::vector<std::vector<std::pair<SimTime, double>>> capacity;
  std::vector<double> base;
  for (const auto& e : data.endpoints) {
    capacity.push_back(e.capacity);
    base.push_back(e.base_rpu);
  }
  const ExecutionTimeline timeline(data.executions, capacity);
  ServiceTimeFitOptions options;
  options.reference_rpu = catalog.reference_rpu_equivalent();
  options.default_overhead_ms = kDefaultOverheadMs;
  options.default_scan_mb_per_s_per_rpu = catalog.scan_mb_per_s_per_rpu();

  Profile profile;
  for (const auto& t : request.traces) profile.traces.push_back(t.string());
  profile.fit_queries = data.fit.size();
  profile.excluded = data.excluded;
  profile.service = fit_service_time(data.fit, timeline, base, options);
  for (std::size_t e = 0; e < data.endpoints.size(); ++e) {
    if (!data.endpoints[e].serverless) continue;
    std::vector<ExecutionInterval> runs, waits;
    for (const auto& x : data.executions) {
      if (x.endpoint == e) runs.push_back(x);
    }
    for (const auto& w : data.waits) {
      if (w.endpoint == e) waits.push_back(w);
    }
    profile.scaling = fit_scaling(data.endpoints[e].capacity, data.endpoints[e].base_rpu, runs, waits,
                                  profile.service.exponent, ServerlessScalingConfig{}.slow_speed_fraction);
    break;  // one workgroup's scaling per profile
  }
  profile.validation = validate_on_holdout(data, profile.service, profile.scaling);
  return profile;
}

}  // namespace rsim
