#include "sim/experiment/measure.h"

#include "sim/run/report_metric.h"
#include "sim/stats/confidence.h"

namespace rsim {

namespace {

std::string_view first_key(std::string_view path) { return path.substr(0, path.find_first_of(".[")); }

}  // namespace

Measured measure(const VariantOutcome& outcome, std::string_view path, const std::string& what) {
  Measured m;
  m.value = report_metric(outcome.report, path, what);
  // Values outside the replications' metrics (the trace's span, say) are the same in every replication.
  if (outcome.replications.size() >= 2 &&
      outcome.replications.front().contains(std::string(first_key(path)))) {
    std::vector<double> values;
    for (const nlohmann::json& r : outcome.replications) values.push_back(report_metric(r, path, what));
    m.ci95 = t_half_width(values, 0.95);
  }
  return m;
}

}  // namespace rsim
