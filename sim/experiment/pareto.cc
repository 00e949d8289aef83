#include "sim/experiment/pareto.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace rsim {

std::vector<bool> pareto_front(const std::vector<std::pair<double, double>>& points) {
  std::vector<std::size_t> order(points.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return points[a] < points[b]; });
  std::vector<bool> front(points.size(), false);
  double best_y = std::numeric_limits<double>::infinity();  // least y among strictly smaller x
  for (std::size_t i = 0; i < order.size();) {
    // A group of equal x: only its least y can be undominated, and only if it beats every smaller x.
    std::size_t j = i;
    const double x = points[order[i]].first;
    const double group_y = points[order[i]].second;  // the group's least y: sorted first
    while (j < order.size() && points[order[j]].first == x) {
      front[order[j]] = points[order[j]].second == group_y && group_y < best_y;
      ++j;
    }
    best_y = std::min(best_y, group_y);
    i = j;
  }
  return front;
}

}  // namespace rsim
