// Per-query reshaping that keeps the trace's order: time scale (arrivals stretched or compressed about the
// first arrival) and data scale (data scanned multiplied, for a subset-to-full what-if).
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "workloads/query.h"

namespace rsim {

struct RescaleConfig {
  // Gaps between arrivals are multiplied by this (0.5: the same queries in half the time). REQUIRES: > 0.
  double time_scale = 1.0;
  // mbytes_scanned is multiplied by this for the query types selected (all when none is).
  double data_scale = 1.0;
  std::array<bool, kQueryTypeCount> data_scale_types{};  // all false: every type
};

class Rescale final : public QuerySource {
 public:
  Rescale(QuerySource& source, RescaleConfig config);
  bool next(Query& q) override;

 private:
  QuerySource& source_;
  RescaleConfig config_;
  bool any_type_ = true;
  std::optional<SimTime> origin_;
};

}  // namespace rsim
