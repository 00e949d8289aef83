// Reading a foreign trace whole, and the error a bad one gives, for the format tests.
#pragma once

#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "sim/io/input_error.h"
#include "tests/support/build_paths.h"
#include "tests/support/temp_dir.h"
#include "workloads/formats/foreign_trace.h"

namespace rsim::testing {

inline std::filesystem::path format_fixture(const std::string& name) {
  return std::filesystem::path(testing::test_data_dir()) / "formats" / name;
}

struct Converted {
  std::vector<Query> queries;
  ConversionTally tally;
};

inline Converted convert_all(TraceFormat f, const std::filesystem::path& p, SymbolTable& symbols,
                             const ForeignTraceOptions& o = {}) {
  auto reader = open_foreign_trace(f, p, symbols, o);
  Converted out;
  Query q;
  while (reader->next(q)) out.queries.push_back(q);
  out.tally = reader->tally();
  return out;
}

// The message of the InputError that converting `content` (written to a file named `name`) raises; "" if
// none.
inline std::string conversion_error(TraceFormat f, const std::string& name, const std::string& content,
                                    const ForeignTraceOptions& o = {}) {
  TempDir dir;
  const auto p = dir.write(name, content);
  SymbolTable symbols;
  try {
    convert_all(f, p, symbols, o);
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_THAT(msg, ::testing::HasSubstr(p.string())) << "the message must name the file";
    return msg;
  }
  return "";
}

}  // namespace rsim::testing
