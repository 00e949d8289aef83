// libFuzzer target: the scenario loader.
#include <string_view>

#include "models/scenario/scenario.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  rsim::fuzz::expect_only_input_errors([&] {
    rsim::parse_scenario(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
  });
  return 0;
}
