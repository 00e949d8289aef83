// Parsing of the plain decimals that fill trace files ("1234", "79.542", "-0.5") without the general
// machinery of std::from_chars: Clinger's fast path. A mantissa of at most 15 digits is exact in a double, and
// so is 10^k for k <= 22, so mantissa / 10^k is the correctly rounded value: the same double from_chars gives.
// Anything else (more digits, exponents, "inf", stray characters) is left to the caller.
#pragma once

#include <cstdint>
#include <string_view>

namespace rsim {

// Parses `s` if it is [-]digits[.digits] with 1 to 15 digits in all; returns false (out untouched) otherwise.
inline bool parse_plain_decimal(std::string_view s, double& out) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  std::size_t i = 0;
  const bool negative = !s.empty() && s[0] == '-';
  i += negative;
  std::uint64_t mantissa = 0;
  int digits = 0, fraction = -1;  // fraction: digits after the point; -1 before it
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
      ++digits;
      if (fraction >= 0) ++fraction;
    } else if (c == '.' && fraction < 0) {
      fraction = 0;
    } else {
      return false;
    }
  }
  if (digits == 0 || digits > 15 || fraction == 0) return false;  // "", "-", ".", "5." go the slow way
  double v = static_cast<double>(mantissa);
  if (fraction > 0) v /= kPow10[fraction];
  out = negative ? -v : v;
  return true;
}

}  // namespace rsim
