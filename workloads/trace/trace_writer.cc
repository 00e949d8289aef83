#include "workloads/trace/trace_writer.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include "sim/io/atomic_file.h"
#include "workloads/csv/byte_stream.h"
#include "workloads/csv/csv_reader.h"
#include "workloads/trace/timestamp.h"
#include "workloads/trace/trace_columns.h"

namespace rsim {

namespace {

// Compiled format strings: every row has a dozen fields, and parsing "{}" for each was a tenth of a
// conversion's time.
void append_number(std::string& out, double v) {
  if (present(v)) fmt::format_to(std::back_inserter(out), FMT_COMPILE("{}"), v);
}

void append_hex16(std::string& out, std::uint64_t v) {
  char buf[16];
  for (int i = 15; i >= 0; --i, v >>= 4) buf[i] = "0123456789abcdef"[v & 15];
  out.append(buf, 16);
}

}  // namespace

void format_trace_row(std::string& out, const Query& q, const SymbolTable& symbols) {
  auto sym = [&](Symbol s) { append_csv_field(out, symbols.name(s)); };
  append_csv_field(out, q.id);
  out += ',';
  append_timestamp(out, q.arrival);
  out += ',';
  sym(q.user);
  out += ',';
  sym(q.query_group);
  out += ',';
  sym(q.database);
  out += ',';
  sym(q.domain);
  out += ',';
  append_hex16(out, q.session);
  out += ',';
  sym(q.client);
  out += ',';
  out += query_type_name(q.type);
  out += ',';
  append_number(out, q.exec_ms);
  out += ',';
  append_number(out, q.queue_ms);
  out += ',';
  append_number(out, q.compile_ms);
  out += ',';
  append_number(out, q.mbytes_scanned);
  out += ',';
  append_number(out, q.mbytes_spilled);
  out += ',';
  append_number(out, q.peak_mem_mb);
  out += ',';
  if (q.rows_returned >= 0) out += fmt::format_int(q.rows_returned).str();
  out += ',';
  out += q.result_cache_hit ? '1' : '0';
  out += ',';
  if (q.fingerprint) append_hex16(out, q.fingerprint);
  out += ',';
  sym(q.read_tables);
  out += ',';
  sym(q.write_tables);
  out += ',';
  sym(q.observed_endpoint);
  out += ',';
  sym(q.observed_capacity);
  out += ',';
  if (q.slot_count != 1) out += fmt::format_int(q.slot_count).str();
}

TraceWriter::TraceWriter(const std::filesystem::path& path, const SymbolTable& symbols) : symbols_(symbols) {
  file_ = std::make_unique<AtomicFile>(path);
  sink_ = make_byte_sink(file_->stream(), compression_for(path));
  buffer_.reserve(1 << 20);
  for (std::size_t c = 0; c < kTraceColumnNames.size(); ++c) {
    if (c) buffer_ += ',';
    buffer_ += kTraceColumnNames[c];
  }
  buffer_ += '\n';
}

TraceWriter::~TraceWriter() = default;

void TraceWriter::write(const Query& q) {
  format_trace_row(buffer_, q, symbols_);
  buffer_ += '\n';
  ++rows_;
  if (buffer_.size() >= (1 << 20)) flush_buffer();
}

void TraceWriter::flush_buffer() {
  sink_->stream().write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

void TraceWriter::close() {
  flush_buffer();
  sink_->finish();
  file_->commit();
}

}  // namespace rsim
