#include "sim/experiment/dimension.h"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "sim/experiment/run_target.h"

namespace rsim {

namespace {

Level plain_level(const std::vector<std::string>& paths, const nlohmann::json& value) {
  Level l{label_of_value(value), {}};
  for (const std::string& p : paths) l.overrides.push_back(override_of(p, value));
  return l;
}

Dimension read_dimension(const JsonValue& v, DimensionRules rules) {
  JsonObject o = v.object();
  Dimension d;
  d.name = o.string("name", std::nullopt);
  if (d.name.empty()) o.require("name").fail("a dimension needs a non-empty name");
  if (o.has("path") && o.has("paths")) o.require("paths").fail("give \"path\" or \"paths\", not both");
  if (auto p = o.get("path")) d.paths.push_back(p->string());
  if (auto ps = o.get("paths")) {
    for (const JsonValue& p : ps->array()) d.paths.push_back(p.string());
    if (d.paths.empty()) ps->fail("expected at least one path");
  }
  const auto values = o.get("values");
  const auto range = o.get("range");
  if (rules.monotonicity) {
    d.more_is_faster = o.boolean("more_is_faster", false);
    d.more_is_costlier = o.boolean("more_is_costlier", false);
  }
  o.finish();  // a misspelt key is the likelier mistake: name it first
  if (values.has_value() == range.has_value()) o.value().fail("a dimension needs \"values\" or a \"range\"");
  if (values) {
    std::set<std::string> labels;
    for (const JsonValue& item : values->array()) {
      Level level;
      if (!d.paths.empty()) {
        level = plain_level(d.paths, item.raw());
      } else {
        if (!item.is_object())
          item.fail("without \"path\", each value is {\"label\": ..., \"set\": {PATH: VALUE, ...}}");
        JsonObject lo = item.object();
        level.label = lo.string("label", std::nullopt);
        JsonObject set = lo.require("set").object();
        for (const std::string& path : set.keys())
          level.overrides.push_back(override_of(path, set.require(path).raw()));
        if (level.overrides.empty()) lo.require("set").fail("expected at least one PATH: VALUE");
        set.finish();
        lo.finish();
      }
      if (!labels.insert(level.label).second)
        item.fail(fmt::format("the level \"{}\" is listed twice", level.label));
      d.levels.push_back(std::move(level));
    }
    if (d.levels.empty()) values->fail("expected at least one value");
  } else {
    if (!rules.ranges)
      range->fail("a range can only be sampled: use \"design\": {\"random\": ...} or list values");
    if (d.paths.empty()) range->fail("a range needs \"path\" or \"paths\"");
    JsonObject r = range->object();
    Range rg;
    rg.integer = r.boolean("integer", false);
    // Integers stay within 2^53, where doubles hold them exactly and their difference fits in 64 bits.
    const double limit = rg.integer ? 9007199254740992.0 : 1e300;
    rg.min = r.number("min", std::nullopt, -limit, limit);
    rg.max = r.number("max", std::nullopt, rg.min, limit);
    if (rg.integer && std::ceil(rg.min) > std::floor(rg.max)) range->fail("no integer lies in the range");
    r.finish();
    d.range = rg;
  }
  return d;
}

}  // namespace

Level Dimension::level_of(double value) const {
  const nlohmann::json v =
      range && range->integer ? nlohmann::json(static_cast<std::int64_t>(value)) : nlohmann::json(value);
  return plain_level(paths, v);
}

std::vector<Dimension> read_dimensions(const JsonValue& array, DimensionRules rules) {
  std::vector<Dimension> out;
  std::set<std::string> names;
  for (const JsonValue& v : array.array()) {
    out.push_back(read_dimension(v, rules));
    if (!names.insert(out.back().name).second)
      v.fail(fmt::format("the dimension name \"{}\" is used twice", out.back().name));
  }
  if (out.empty()) array.fail("expected at least one dimension");
  return out;
}

}  // namespace rsim
