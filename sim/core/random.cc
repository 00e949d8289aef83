#include "sim/core/random.h"

namespace rsim {

std::uint64_t derive_seed(std::uint64_t seed, std::string_view component, std::string_view purpose) {
  return mix64(mix64(mix64(seed) ^ stable_hash(component)) ^ stable_hash(purpose));
}

double RandomStream::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u, v, s;
  do {
    u = 2.0 * uniform() - 1.0;
    v = 2.0 * uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double f = std::sqrt(-2.0 * std::log(s) / s);
  spare_ = v * f;
  has_spare_ = true;
  return u * f;
}

}  // namespace rsim
