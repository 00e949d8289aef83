// The capacities a Redshift Serverless workgroup can have (models/catalog/facts.md 1.1): 4 RPU, then 8 to 512
// in steps of 8, then steps of 32. A base capacity above 512 (up to 1024) exists only in five regions; max
// capacity goes up to 5632. Scaling moves along the same grid.
#pragma once

#include <string>

namespace rsim {

inline constexpr double kServerlessTopRpu = 5632;

// Empty if `rpu` may be a base capacity in `region`, else why not.
std::string check_base_rpu(double rpu, const std::string& region);
// Empty if `rpu` may be a max capacity, else why not.
std::string check_max_rpu(double rpu);
// The smallest grid capacity >= rpu (rpu <= kServerlessTopRpu).
double round_up_to_grid(double rpu);
// The largest grid capacity <= rpu (rpu >= 4).
double round_down_to_grid(double rpu);

}  // namespace rsim
