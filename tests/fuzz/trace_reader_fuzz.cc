// libFuzzer target: the canonical trace reader.
#include "tests/fuzz/fuzz_input.h"
#include "workloads/trace/trace_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = rsim::fuzz::input_file(data, size, "trace.csv");
  rsim::fuzz::expect_only_input_errors([&] {
    rsim::SymbolTable symbols;
    rsim::TraceReader reader(path, symbols);
    rsim::Query q;
    while (reader.next(q)) {
    }
  });
  return 0;
}
