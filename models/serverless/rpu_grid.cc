#include "models/serverless/rpu_grid.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace rsim {

namespace {
// Regions offering a base above 512 RPU (models/catalog/facts.md 1.1, S1).
constexpr std::array<std::string_view, 5> kExpandedRegions = {"us-east-1", "us-east-2", "us-west-2",
                                                              "eu-west-1", "eu-central-1"};

bool on_grid(double rpu) {
  if (rpu == 4) return true;
  if (rpu >= 8 && rpu <= 512) return std::fmod(rpu, 8) == 0;
  if (rpu > 512 && rpu <= kServerlessTopRpu) return std::fmod(rpu - 512, 32) == 0;
  return false;
}
}  // namespace

double round_up_to_grid(double rpu) {
  if (rpu <= 4) return 4;
  if (rpu <= 512) return std::ceil(rpu / 8) * 8;
  return std::min(kServerlessTopRpu, 512 + std::ceil((rpu - 512) / 32) * 32);
}

double round_down_to_grid(double rpu) {
  if (rpu < 8) return 4;
  if (rpu <= 512) return std::floor(rpu / 8) * 8;
  return std::min(kServerlessTopRpu, 512 + std::floor((rpu - 512) / 32) * 32);
}

std::string check_base_rpu(double rpu, const std::string& region) {
  if (!on_grid(rpu) || rpu > 1024) {
    return fmt::format(
        "{} RPU is not a base capacity: expected 4, a multiple of 8 from 8 to 512, or (in {}) "
        "a multiple of 32 from 544 to 1024",
        rpu, fmt::join(kExpandedRegions, ", "));
  }
  if (rpu > 512 &&
      std::find(kExpandedRegions.begin(), kExpandedRegions.end(), region) == kExpandedRegions.end()) {
    return fmt::format("{} RPU: a base above 512 RPU is offered only in {}, not in {}", rpu,
                       fmt::join(kExpandedRegions, ", "), region);
  }
  return {};
}

std::string check_max_rpu(double rpu) {
  if (!on_grid(rpu)) {
    return fmt::format(
        "{} RPU is not a capacity: expected 4, a multiple of 8 from 8 to 512, or 512 plus a "
        "multiple of 32 up to {}",
        rpu, kServerlessTopRpu);
  }
  return {};
}

}  // namespace rsim
