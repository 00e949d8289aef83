// Writes Query records as a canonical trace: every canonical column, in the canonical order, with a header;
// arrival as ISO-8601 UTC with microseconds; absent optional values left empty. Compressed by the target's
// extension (.gz, .zst). The file appears only when close() succeeds (AtomicFile).
//
// session_id and fingerprint are stored in Query as 64-bit hashes, so they are written as 16 hex digits:
// the same connections and the same statements, under new names.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "sim/core/symbol_table.h"
#include "workloads/query.h"

namespace rsim {

class AtomicFile;
class ByteSink;

class TraceWriter {
 public:
  TraceWriter(const std::filesystem::path& path, const SymbolTable& symbols);
  ~TraceWriter();

  void write(const Query& q);
  // Finishes compression and renames the file into place. Throws InputError on failure.
  void close();
  std::uint64_t rows() const { return rows_; }

 private:
  void flush_buffer();

  const SymbolTable& symbols_;
  std::unique_ptr<AtomicFile> file_;
  std::unique_ptr<ByteSink> sink_;
  std::string buffer_;
  std::uint64_t rows_ = 0;
};

// Appends one row (no line break) in the writer's format; exposed for tests.
void format_trace_row(std::string& out, const Query& q, const SymbolTable& symbols);

}  // namespace rsim
