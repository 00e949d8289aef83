// Reading and writing files that may be compressed, chosen by extension: ".gz" (gzip), ".zst" or ".zstd"
// (Zstandard), anything else plain. Compression is Boost.Iostreams' filters over zlib and libzstd.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <ostream>

namespace rsim {

enum class Compression { kNone, kGzip, kZstd };
Compression compression_for(const std::filesystem::path& path);

// A sequential reader of (decompressed) bytes.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes; returns 0 only at the end. Throws InputError naming the file on a read or
  // decompression error.
  virtual std::size_t read(char* buf, std::size_t n) = 0;
};

// Throws InputError if the file cannot be opened.
std::unique_ptr<ByteSource> open_byte_source(const std::filesystem::path& path);

// A compressing writer over an open std::ostream (e.g. an AtomicFile's stream). finish() must be called to
// flush the compressor's last block before the underlying stream is committed.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual std::ostream& stream() = 0;
  virtual void finish() = 0;
};

std::unique_ptr<ByteSink> make_byte_sink(std::ostream& out, Compression compression);

}  // namespace rsim
