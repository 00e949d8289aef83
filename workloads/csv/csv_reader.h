// A streaming RFC 4180 CSV reader: comma-separated, double-quote quoting with "" as an escaped quote,
// quoted fields may hold commas and line breaks, records end in LF or CRLF, the last may lack one.
//
// Strict: an unterminated quote, a character after a closing quote, a bare quote inside an unquoted field,
// invalid UTF-8, a NUL byte, or a UTF-16 byte-order mark are errors (InputError) naming the file, line and
// column. A UTF-8 byte-order mark is skipped. Memory: one buffer that holds the longest record (1 MiB to
// start), whatever the file's length.
//
// Written here rather than taken from a library because the Debian-packaged parsers either reject line
// breaks inside quotes (fast-cpp-csv-parser) or cannot report where an error is (libcsv).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "workloads/csv/byte_stream.h"

namespace rsim {

class CsvReader {
 public:
  // `name` is used in error messages (normally the file path).
  CsvReader(std::unique_ptr<ByteSource> source, std::string name);

  // Reads the next record. Returns false at the end of the input. An empty line is a record of one empty
  // field; callers decide whether that is an error.
  bool next();

  std::size_t size() const { return fields_.size(); }
  // The i-th field, unquoted and unescaped; valid until the next call to next(). REQUIRES: i < size().
  std::string_view field(std::size_t i) const {
    const Field& f = fields_[i];
    return {(f.in_scratch ? scratch_.data() : buf_.data()) + f.offset, f.length};
  }

  // The physical line (1-based) on which the current record starts.
  std::uint64_t line() const { return line_; }
  const std::string& name() const { return name_; }
  // Records read so far (the header counts).
  std::uint64_t records() const { return records_; }

 private:
  struct Field {
    std::size_t offset;
    std::size_t length;
    bool in_scratch;
  };
  enum class Parse { kDone, kNeedMore };

  Parse parse_record();
  Parse parse_general();
  bool split_line_sse2();
  bool fill();  // reads more bytes behind the current record; false at end of input
  void check_start();
  void validate_utf8() const;
  [[noreturn]] void fail(std::size_t column, std::string_view what) const;

  std::unique_ptr<ByteSource> source_;
  std::string name_;
  std::vector<char> buf_;
  std::size_t begin_ = 0;         // start of the unread part
  std::size_t end_ = 0;           // end of valid bytes
  std::size_t record_begin_ = 0;  // where the current record starts in buf_
  bool record_plain_ = false;     // the current record is known to be ASCII without NUL bytes
  bool eof_ = false;
  bool started_ = false;
  std::vector<Field> fields_;
  std::string scratch_;
  std::uint64_t line_ = 1;       // line of the current record
  std::uint64_t next_line_ = 1;  // line of the next record
  std::uint64_t records_ = 0;
  std::size_t newlines_in_record_ = 0;
};

// Quotes a field for output when it needs it (comma, quote, CR or LF); otherwise returns it as is.
void append_csv_field(std::string& out, std::string_view field);

}  // namespace rsim
