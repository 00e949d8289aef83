#include "sim/experiment/design.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "sim/core/random.h"
#include "sim/io/input_error.h"

namespace rsim {

std::string Variant::label(const std::vector<Dimension>& dims) const {
  std::string out;
  for (std::size_t d = 0; d < levels.size(); ++d)
    out += fmt::format("{}{}={}", d ? "," : "", dims[d].name, levels[d].label);
  return out;
}

std::vector<std::string> Variant::overrides() const {
  std::vector<std::string> out;
  for (const Level& l : levels) out.insert(out.end(), l.overrides.begin(), l.overrides.end());
  return out;
}

Design read_design(const std::optional<JsonValue>& value) {
  Design d;
  if (!value) return d;
  if (value->is_string()) {
    const std::string kind = value->string();
    if (kind == "grid") return d;
    if (kind == "list") {
      d.kind = Design::Kind::kList;
      return d;
    }
    value->fail(fmt::format(
        "expected \"grid\", \"list\" or {{\"random\": {{\"samples\": N, \"seed\": S}}}}, got \"{}\"", kind));
  }
  JsonObject o = value->object();
  JsonObject r = o.require("random").object();
  d.kind = Design::Kind::kRandom;
  d.samples = static_cast<std::uint64_t>(r.integer("samples", std::nullopt, 1, 1000000));
  d.seed = static_cast<std::uint64_t>(r.integer("seed", 1, 0, INT64_MAX));
  r.finish();
  o.finish();
  return d;
}

namespace {

// Variant `index` of the grid (mixed radix, the last dimension fastest).
Variant grid_point(const std::vector<Dimension>& dims, std::uint64_t index) {
  Variant v;
  v.levels.resize(dims.size());
  for (std::size_t d = dims.size(); d-- > 0;) {
    const std::uint64_t n = dims[d].levels.size();
    v.levels[d] = dims[d].levels[index % n];
    index /= n;
  }
  return v;
}

// The grid's size, or nullopt when it does not fit in 63 bits.
std::optional<std::uint64_t> grid_size(const std::vector<Dimension>& dims) {
  std::uint64_t n = 1;
  for (const Dimension& d : dims) {
    if (d.levels.size() > static_cast<std::uint64_t>(INT64_MAX) / n) return std::nullopt;
    n *= d.levels.size();
  }
  return n;
}

std::vector<Variant> random_design(const Design& design, const std::vector<Dimension>& dims) {
  RandomStream rng(design.seed, "sweep", "design");
  std::vector<Variant> out;
  const bool all_listed = std::none_of(dims.begin(), dims.end(), [](const Dimension& d) { return d.range; });
  const auto size = all_listed ? grid_size(dims) : std::nullopt;
  if (size) {
    // Distinct grid points (Floyd's sampling), run in grid order.
    const std::uint64_t n = *size, k = std::min<std::uint64_t>(design.samples, n);
    std::set<std::uint64_t> chosen;
    for (std::uint64_t j = n - k; j < n; ++j) {
      const std::uint64_t t = rng.below(j + 1);
      if (!chosen.insert(t).second) chosen.insert(j);
    }
    for (const std::uint64_t i : chosen) out.push_back(grid_point(dims, i));
    return out;
  }
  for (std::uint64_t s = 0; s < design.samples; ++s) {
    Variant v;
    for (const Dimension& d : dims) {
      if (!d.range) {
        v.levels.push_back(d.levels[rng.below(d.levels.size())]);
      } else if (d.range->integer) {
        const auto lo = static_cast<std::int64_t>(std::ceil(d.range->min));
        const auto hi = static_cast<std::int64_t>(std::floor(d.range->max));
        v.levels.push_back(d.level_of(static_cast<double>(
            lo + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(hi - lo) + 1)))));
      } else {
        v.levels.push_back(d.level_of(d.range->min + (d.range->max - d.range->min) * rng.uniform()));
      }
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace

VariantRequests requests_for(const RunRequest& base, const std::vector<const Variant*>& variants,
                             const std::vector<Dimension>& dims) {
  VariantRequests out;
  for (const Variant* v : variants) {
    RunRequest r = base;
    for (std::string& o : v->overrides()) r.overrides.push_back(std::move(o));
    out.runs.push_back(std::move(r));
    out.labels.push_back(v->label(dims));
  }
  return out;
}

std::vector<Variant> expand_design(const Design& design, const std::vector<Dimension>& dims,
                                   const std::string& where, std::size_t max_variants) {
  std::vector<Variant> out;
  if (design.kind != Design::Kind::kRandom) {
    for (const Dimension& d : dims) {
      if (d.range)
        throw InputError(fmt::format(
            "{}: dimension \"{}\" has a range, which only a random design can sample", where, d.name));
    }
  }
  switch (design.kind) {
    case Design::Kind::kGrid: {
      const auto size = grid_size(dims);
      if (!size || *size > max_variants)
        throw InputError(
            fmt::format("{}: the grid has more than {} variants (a sweep can sample a larger one with a "
                        "random design)",
                        where, max_variants));
      for (std::uint64_t i = 0; i < *size; ++i) out.push_back(grid_point(dims, i));
      break;
    }
    case Design::Kind::kList: {
      for (const Dimension& d : dims) {
        if (d.levels.size() != dims.front().levels.size())
          throw InputError(
              fmt::format("{}: a \"list\" design takes the i-th value of every dimension together, but "
                          "\"{}\" has {} values "
                          "and \"{}\" has {}",
                          where, dims.front().name, dims.front().levels.size(), d.name, d.levels.size()));
      }
      for (std::size_t i = 0; i < dims.front().levels.size(); ++i) {
        Variant v;
        for (const Dimension& d : dims) v.levels.push_back(d.levels[i]);
        out.push_back(std::move(v));
      }
      break;
    }
    case Design::Kind::kRandom:
      out = random_design(design, dims);
      break;
  }
  for (std::size_t i = 0; i < out.size(); ++i) out[i].index = i;
  return out;
}

}  // namespace rsim
