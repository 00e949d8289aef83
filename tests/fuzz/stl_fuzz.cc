// libFuzzer target: the stl reader of `rsim trace convert`.
#include "tests/fuzz/fuzz_input.h"
#include "workloads/formats/foreign_trace.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = rsim::fuzz::input_file(data, size, "stl.csv");
  rsim::fuzz::expect_only_input_errors([&] {
    rsim::SymbolTable symbols;
    auto reader = rsim::open_foreign_trace(rsim::TraceFormat::kStl, path, symbols);
    rsim::Query q;
    while (reader->next(q)) {
    }
  });
  return 0;
}
