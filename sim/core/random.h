// Named random streams. Each stream's seed is derived from (run seed, component, purpose), so adding a
// component or a new use of randomness never shifts the draws another component sees.
//
// The generator is std::mt19937_64 (its output sequence is fixed by the C++ standard); the variates below
// are written out here rather than taken from <random>'s distributions, whose algorithms are
// implementation-defined. Together these make a run reproducible across compilers and standard libraries.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <string_view>

namespace rsim {

// FNV-1a, 64-bit: a stable hash of a name (std::hash is not stable across implementations). Inline: the
// trace reader hashes every row's ids.
inline std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// SplitMix64 finaliser: scrambles a 64-bit value; used to combine seeds and to spread hashes.
inline std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The seed of stream (component, purpose) in a run with `seed`.
std::uint64_t derive_seed(std::uint64_t seed, std::string_view component, std::string_view purpose);

class RandomStream {
 public:
  explicit RandomStream(std::uint64_t seed) : engine_(seed) {}
  RandomStream(std::uint64_t seed, std::string_view component, std::string_view purpose)
      : engine_(derive_seed(seed, component, purpose)) {}

  std::uint64_t next_u64() { return engine_(); }

  // Uniform on [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

  // Uniform integer on [0, n). REQUIRES: n > 0. Lemire's multiply-shift (bias below 2^-64 * n).
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(engine_()) * n) >> 64);
  }

  // Exponential with the given mean (inverse transform).
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }

  // Standard normal (Marsaglia's polar method; the spare value is kept).
  double normal();

  // Lognormal with the given parameters of the underlying normal.
  double lognormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }

 private:
  std::mt19937_64 engine_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace rsim
