// libFuzzer target: the workload loader of `rsim gen` (query classes), and the first queries it generates.
#include <string_view>

#include "sim/io/json_input.h"
#include "tests/fuzz/fuzz_input.h"
#include "workloads/synthetic/class_workload.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  rsim::fuzz::expect_only_input_errors([&] {
    const auto doc =
        rsim::JsonDocument::parse(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
    rsim::JsonObject root = doc.root().object();
    root.string("generator", "classes");
    root.string("description", "");
    const auto spec = rsim::parse_class_workload(root, ".");
    root.finish();
    rsim::SymbolTable symbols;
    rsim::ClassWorkloadSource source(spec, 1, symbols);
    rsim::Query q;
    for (int i = 0; i < 1000 && source.next(q); ++i) {
    }
  });
  return 0;
}
