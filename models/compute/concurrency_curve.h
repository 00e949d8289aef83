// The concurrency-efficiency curve M(n) of models/model.md section 3: with n queries running, an endpoint
// delivers total speed C * M(n). M(1) = 1; M is concave and non-decreasing. The shipped family is M(n) = n^e
// with 0 <= e <= 1: e = 1 is perfect scaling (each slot an independent server, M/M/c), e = 0 is a single
// shared processor (M/G/1 processor sharing). Default e = 0.3 (an assumption until calibrated).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace rsim {

class ConcurrencyCurve {
 public:
  static constexpr double kDefaultExponent = 0.3;

  // REQUIRES: 0 <= exponent <= 1.
  explicit ConcurrencyCurve(double exponent = kDefaultExponent) : exponent_(exponent) {
    table_.resize(kTable);
    for (std::uint32_t n = 0; n < kTable; ++n) table_[n] = compute(n);
  }

  double exponent() const { return exponent_; }

  // M(n); M(0) = 0.
  double operator()(std::uint32_t n) const { return n < kTable ? table_[n] : compute(n); }

 private:
  static constexpr std::uint32_t kTable = 1024;
  double compute(std::uint32_t n) const {
    if (n == 0) return 0.0;
    if (exponent_ == 1.0) return static_cast<double>(n);
    if (exponent_ == 0.0) return 1.0;
    return std::pow(static_cast<double>(n), exponent_);
  }

  double exponent_;
  std::vector<double> table_;
};

}  // namespace rsim
