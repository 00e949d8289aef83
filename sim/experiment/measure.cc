#include "sim/experiment/measure.h"

#include "sim/run/report_metric.h"
#include "sim/stats/confidence.h"

namespace rsim {

Measured measure(const VariantOutcome& outcome, std::string_view path, const std::string& what) {
  Measured m;
  m.value = report_metric(outcome.report, path, what);
  if (outcome.replications.size() >= 2) {
    std::vector<double> values;
    for (const nlohmann::json& r : outcome.replications) values.push_back(report_metric(r, path, what));
    m.ci95 = t_half_width(values, 0.95);
  }
  return m;
}

}  // namespace rsim
