// Distributions of a generated query's numbers (execution time, data scanned), as a workload file states
// them:
//   {"distribution": "constant", "value": V}
//   {"distribution": "lognormal", "median": M, "sigma": S}          median and the log-space spread
//   {"distribution": "pareto", "scale": X, "shape": A}               P(X > x) = (scale / x)^shape, x >= scale
//   {"distribution": "uniform", "min": A, "max": B}
//   {"distribution": "empirical", "trace": FILE, "query_type": T}    resampled from a canonical trace's
//   column
//   {"distribution": "per_mbyte", "overhead": O, "per_mbyte": P}     O + P x the query's data scanned (work
//   only)
// Every kind but per_mbyte and constant takes an optional "max" that caps draws (a 4-hour query is a choice,
// not an accident of a heavy tail).
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "sim/core/random.h"
#include "sim/io/json_input.h"

namespace rsim {

enum class DistributionKind : std::uint8_t {
  kConstant,
  kLognormal,
  kPareto,
  kUniform,
  kEmpirical,
  kPerMbyte
};
inline constexpr std::array<std::string_view, 6> kDistributionNames = {"constant", "lognormal", "pareto",
                                                                       "uniform",  "empirical", "per_mbyte"};

// Every draw is at most this (ms or MB: 10^12 ms is 31 years), whatever the tail.
inline constexpr double kMaxDraw = 1e12;

struct ValueDistribution {
  DistributionKind kind = DistributionKind::kConstant;
  double a = 0, b = 0;  // constant: value; lognormal: median, sigma; pareto: scale, shape; uniform: min, max;
                        // per_mbyte: overhead, per_mbyte
  double cap = 0;       // 0: none
  std::shared_ptr<const std::vector<double>> samples;  // empirical

  // REQUIRES: mbytes is the query's data scanned when kind is per_mbyte.
  double sample(RandomStream& rng, double mbytes = 0.0) const;
  double mean() const;  // exact where known (lognormal, pareto with shape > 1, uniform, constant, empirical)
};

// `column` names what is drawn ("exec_ms" or "mbytes_scanned"): the column an empirical distribution reads.
// A relative trace path is taken from `base_dir`. Throws InputError naming the JSON path.
ValueDistribution parse_distribution(const JsonValue& v, const std::filesystem::path& base_dir,
                                     std::string_view column, bool allow_per_mbyte);

}  // namespace rsim
