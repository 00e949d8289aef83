// Streams the objects that are the values of one top-level key's object, e.g. each transaction of
// {"transactions": {"17": {...}, "18": {...}}}, without holding the whole document: bytes are scanned for
// string and nesting state, and each object at depth 2 is handed out as its own text, to be parsed alone.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "workloads/csv/byte_stream.h"

namespace rsim {

class JsonObjectStream {
 public:
  // `name` is used in messages; `key` is the one top-level key expected.
  JsonObjectStream(std::unique_ptr<ByteSource> source, std::string name, std::string key);

  // The text of the next object under `key`; false at the end of the document. Throws InputError (with the
  // line) on a document of another shape: not an object, another top-level key, a value that is not an
  // object, truncation.
  bool next(std::string& object);
  // Line on which the last object returned starts (1-based).
  std::uint64_t line() const { return object_line_; }

 private:
  int get();  // next byte or -1
  [[noreturn]] void fail(const std::string& what) const;
  std::string top_key();

  std::unique_ptr<ByteSource> source_;
  std::string name_;
  std::string key_;
  std::string buf_;
  std::size_t pos_ = 0;
  std::uint64_t line_ = 1;
  std::uint64_t object_line_ = 0;
  bool started_ = false;
  bool done_ = false;
};

}  // namespace rsim
