#include "workloads/transforms/load_scale.h"

#include <cmath>
#include <string>

#include "workloads/transforms/hash_draw.h"

namespace rsim {

LoadScale::LoadScale(QuerySource& source, LoadScaleConfig config) : source_(source), config_(config) {}

int LoadScale::copies(std::uint64_t session) const {
  const double whole = std::floor(config_.factor);
  const bool extra = hash_uniform(config_.seed, session) < config_.factor - whole;
  return static_cast<int>(whole) + (extra ? 1 : 0);
}

bool LoadScale::next(Query& q) {
  for (;;) {
    // Later inputs arrive no earlier than the current one, and their copies no earlier than they do.
    if (!pending_.empty() && (ended_ || pending_.earliest() <= input_arrival_)) {
      pending_.pop(q);
      return true;
    }
    if (ended_) return false;
    Query in;
    if (!source_.next(in)) {
      ended_ = true;
      continue;
    }
    input_arrival_ = in.arrival;
    const int n = copies(in.session);
    for (int c = 0; c < n; ++c) {
      Query copy = in;
      if (c > 0) {
        copy.session = mix64(in.session ^ mix64(config_.seed + static_cast<std::uint64_t>(c)));
        copy.id += '~';
        copy.id += std::to_string(c);
        copy.arrival += static_cast<SimTime>(std::floor(
            hash_uniform(config_.seed, in.session, static_cast<std::uint64_t>(c)) * config_.jitter_s * 1e6));
      }
      pending_.push(std::move(copy));
    }
  }
}

}  // namespace rsim
