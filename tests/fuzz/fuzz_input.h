// Shared by the fuzz targets: the input written to a file (the readers take paths, as users give them), and
// the rule every target checks: bad input may only ever end in InputError. Anything else (a crash, a
// sanitizer report, another exception) is a bug that libFuzzer reports.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/io/input_error.h"

namespace rsim::fuzz {

// A file holding `data`, rewritten for each input; named with `name` so extensions (.csv, .json) apply.
inline std::filesystem::path input_file(const std::uint8_t* data, std::size_t size, const std::string& name) {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("rsim-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  const auto p = dir / name;
  std::ofstream(p, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return p;
}

template <typename F>
void expect_only_input_errors(F&& f) {
  try {
    f();
  } catch (const InputError&) {
    // The expected outcome of bad input: a message, exit status 2.
  }
}

}  // namespace rsim::fuzz
