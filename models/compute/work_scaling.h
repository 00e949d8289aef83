// Amdahl scaling of observed work to a target capacity (models/model.md section 2):
//   t(C) = t_ref * (s + (1 - s) * C_ref / C)
// where capacities are on the common RPU-equivalent scale and s is the serial fraction of the query class.
#pragma once

namespace rsim {

inline constexpr double kDefaultSerialFraction = 0.1;

// REQUIRES: c_ref > 0, c > 0, 0 <= s <= 1.
inline double scale_work(double t_ref, double c_ref, double c, double s) {
  return t_ref * (s + (1.0 - s) * c_ref / c);
}

}  // namespace rsim
