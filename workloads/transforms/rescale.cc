#include "workloads/transforms/rescale.h"

#include <algorithm>
#include <cmath>

namespace rsim {

Rescale::Rescale(QuerySource& source, RescaleConfig config) : source_(source), config_(config) {
  any_type_ = std::none_of(config_.data_scale_types.begin(), config_.data_scale_types.end(),
                           [](bool b) { return b; });
}

bool Rescale::next(Query& q) {
  if (!source_.next(q)) return false;
  if (!origin_) origin_ = q.arrival;
  if (config_.time_scale != 1.0) {
    q.arrival = *origin_ + static_cast<SimTime>(
                               std::llround(static_cast<double>(q.arrival - *origin_) * config_.time_scale));
  }
  if (config_.data_scale != 1.0 && present(q.mbytes_scanned) &&
      (any_type_ || config_.data_scale_types[static_cast<std::size_t>(q.type)])) {
    q.mbytes_scanned *= config_.data_scale;
  }
  return true;
}

}  // namespace rsim
