// Enumerations spelled in input files: the enum value whose index names `s` in a table of names.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace rsim {

// REQUIRES: names[i] is the spelling of static_cast<E>(i).
template <typename E, std::size_t N>
std::optional<E> enum_from_name(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<E>(i);
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view enum_name(const std::array<std::string_view, N>& names, E e) {
  return names[static_cast<std::size_t>(e)];
}

}  // namespace rsim
