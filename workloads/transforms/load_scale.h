// k times the load, by whole sessions: each session is kept floor(k) times, plus once more with probability
// frac(k) (so k < 1 thins sessions). Copies get new session and query ids ("<id>~<copy>") and, when
// `jitter_s` > 0, a shift of their own, uniform in [0, jitter_s), so that copies do not arrive in lockstep;
// the spacing of queries within a session is kept. Output stays in arrival order (a buffer holds what is
// within the jitter of the input's current arrival).
#pragma once

#include <cstdint>
#include <vector>

#include "workloads/arrival_order.h"
#include "workloads/query.h"

namespace rsim {

struct LoadScaleConfig {
  double factor = 1.0;  // REQUIRES: > 0
  double jitter_s = 0.0;
  std::uint64_t seed = 1;
};

class LoadScale final : public QuerySource {
 public:
  LoadScale(QuerySource& source, LoadScaleConfig config);
  bool next(Query& q) override;

  // Copies of the session `session` (0 drops it).
  int copies(std::uint64_t session) const;

 private:
  QuerySource& source_;
  LoadScaleConfig config_;
  ArrivalOrderBuffer pending_;
  SimTime input_arrival_ = INT64_MIN;
  bool ended_ = false;
};

}  // namespace rsim
