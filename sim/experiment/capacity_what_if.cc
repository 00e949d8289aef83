#include "sim/experiment/capacity_what_if.h"

#include <fmt/format.h>

#include <array>
#include <string_view>

#include "sim/io/input_error.h"

namespace rsim {

bool changes_capacity(const std::string& override_text) {
  const std::string_view path = std::string_view(override_text).substr(0, override_text.find('='));
  if (path.rfind("endpoints", 0) != 0) return false;
  static constexpr std::array<std::string_view, 5> kKeys = {".nodes", ".node_type", ".base_rpu", ".max_rpu",
                                                            ".capacity_rpu"};
  for (const std::string_view key : kKeys) {
    if (path.size() >= key.size() && path.substr(path.size() - key.size()) == key) return true;
  }
  return false;
}

void refuse_unscaled_capacity_what_ifs(const std::vector<Dimension>& dimensions,
                                       const std::vector<VariantOutcome>& outcomes, const std::string& file) {
  const Dimension* capacity = nullptr;
  for (const Dimension& d : dimensions) {
    for (const Level& l : d.levels) {
      for (const std::string& o : l.overrides) {
        if (!capacity && changes_capacity(o)) capacity = &d;
      }
    }
  }
  if (!capacity) return;
  for (const VariantOutcome& o : outcomes) {
    const double unscaled = o.report["work"]["unscaled_queries"].get<double>();
    if (unscaled <= 0) continue;
    throw InputError(fmt::format(
        "{}: dimension \"{}\" changes endpoint capacity, but {:.0f} of the trace's {} queries carry no "
        "observed_capacity and the scenario sets no work.default_observed_capacity: their work would not "
        "scale, and every variant would replay the same work. Set work.default_observed_capacity to the "
        "capacity the trace was captured on (in the scenario, or in the base's \"set\"), or give the trace "
        "an "
        "observed_capacity column",
        file, capacity->name, unscaled, o.report["trace"]["queries"].dump()));
  }
}

}  // namespace rsim
