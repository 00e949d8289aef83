// The Pareto front of points whose coordinates are both to be minimised (cost and tail latency).
#pragma once

#include <utility>
#include <vector>

namespace rsim {

// front[i] is true when no other point dominates point i: none is at least as good in both coordinates
// and better in one. Equal points are all on the front or all off it. O(n log n).
std::vector<bool> pareto_front(const std::vector<std::pair<double, double>>& points);

}  // namespace rsim
