#include "calibration/fit/execution_timeline.h"

#include <algorithm>
#include <map>

namespace rsim {

ExecutionTimeline::ExecutionTimeline(
    const std::vector<ExecutionInterval>& executions,
    const std::vector<std::vector<std::pair<SimTime, double>>>& capacity_changes) {
  std::map<double, std::uint32_t> capacity_index;
  auto index_of = [&](double rpu) {
    const auto [it, added] = capacity_index.emplace(rpu, static_cast<std::uint32_t>(capacities_.size()));
    if (added) capacities_.push_back(rpu);
    return it->second;
  };
  std::vector<std::vector<ExecutionSegment>> per_query(executions.size());

  // Events per endpoint: 0 = an execution ends, 1 = the capacity changes, 2 = an execution starts; at one
  // instant ends come first, so back-to-back executions never count as overlapping.
  struct Mark {
    SimTime t;
    int kind;
    std::size_t what;  // execution index, or capacity step index
  };
  std::vector<std::vector<Mark>> marks(capacity_changes.size());
  for (std::size_t i = 0; i < executions.size(); ++i) {
    const auto& x = executions[i];
    marks[x.endpoint].push_back({x.start, 2, i});
    marks[x.endpoint].push_back({x.end, 0, i});
  }
  for (std::size_t e = 0; e < capacity_changes.size(); ++e) {
    for (std::size_t k = 0; k < capacity_changes[e].size(); ++k)
      marks[e].push_back({capacity_changes[e][k].first, 1, k});
    std::sort(marks[e].begin(), marks[e].end(), [](const Mark& a, const Mark& b) {
      return a.t != b.t ? a.t < b.t : (a.kind != b.kind ? a.kind < b.kind : a.what < b.what);
    });
    std::vector<std::size_t> active;
    std::vector<std::size_t> position(executions.size(), 0);
    std::uint32_t capacity =
        capacity_changes[e].empty() ? index_of(1.0) : index_of(capacity_changes[e][0].second);
    SimTime last = marks[e].empty() ? 0 : marks[e].front().t;
    for (const Mark& m : marks[e]) {
      if (m.t > last && !active.empty()) {
        const double dt = to_seconds(m.t - last);
        const auto n = static_cast<std::uint32_t>(active.size());
        max_running_ = std::max(max_running_, n);
        for (const std::size_t i : active) per_query[i].push_back({n, capacity, dt});
      }
      last = m.t;
      if (m.kind == 1) {
        capacity = index_of(capacity_changes[e][m.what].second);
      } else if (m.kind == 2) {
        position[m.what] = active.size();
        active.push_back(m.what);
      } else {
        const std::size_t at = position[m.what];
        active[at] = active.back();
        position[active[at]] = at;
        active.pop_back();
      }
    }
  }
  offsets_.reserve(executions.size() + 1);
  offsets_.push_back(0);
  for (auto& segments : per_query) {
    segments_.insert(segments_.end(), segments.begin(), segments.end());
    offsets_.push_back(segments_.size());
  }
}

}  // namespace rsim
