#include "workloads/csv/byte_stream.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <boost/iostreams/device/file.hpp>
#include <boost/iostreams/filter/gzip.hpp>
#include <boost/iostreams/filter/zstd.hpp>
#include <boost/iostreams/filtering_stream.hpp>
#include <cerrno>
#include <cstring>

#include "sim/io/input_error.h"

namespace rsim {

namespace io = boost::iostreams;

Compression compression_for(const std::filesystem::path& path) {
  const auto ext = path.extension().string();
  if (ext == ".gz") return Compression::kGzip;
  if (ext == ".zst" || ext == ".zstd") return Compression::kZstd;
  return Compression::kNone;
}

namespace {

class PlainSource final : public ByteSource {
 public:
  explicit PlainSource(const std::filesystem::path& path) : name_(path.string()) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw InputError(fmt::format("{}: cannot open: {}", name_, std::strerror(errno)));
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  ~PlainSource() override { ::close(fd_); }
  std::size_t read(char* buf, std::size_t n) override {
    for (;;) {
      const ssize_t got = ::read(fd_, buf, n);
      if (got >= 0) return static_cast<std::size_t>(got);
      if (errno != EINTR) throw InputError(fmt::format("{}: read error: {}", name_, std::strerror(errno)));
    }
  }

 private:
  std::string name_;
  int fd_ = -1;
};

class FilteredSource final : public ByteSource {
 public:
  FilteredSource(const std::filesystem::path& path, Compression c) : name_(path.string()) {
    if (::access(path.c_str(), R_OK) != 0) {
      throw InputError(fmt::format("{}: cannot open: {}", name_, std::strerror(errno)));
    }
    if (c == Compression::kGzip) in_.push(io::gzip_decompressor());
    if (c == Compression::kZstd) in_.push(io::zstd_decompressor());
    in_.push(io::file_source(path.string(), std::ios::binary));
    format_ = c == Compression::kGzip ? "gzip" : "zstd";
    // Boost turns a decompressor's error into badbit unless asked to rethrow it.
    in_.exceptions(std::ios::badbit);
  }
  std::size_t read(char* buf, std::size_t n) override {
    try {
      in_.read(buf, static_cast<std::streamsize>(n));
      const auto got = static_cast<std::size_t>(in_.gcount());
      return got;
    } catch (const InputError&) {
      throw;
    } catch (const std::exception& e) {
      throw InputError(fmt::format("{}: not a valid {} stream ({})", name_, format_, e.what()));
    }
  }

 private:
  std::string name_;
  std::string format_;
  io::filtering_istream in_;
};

class FilteredSink final : public ByteSink {
 public:
  FilteredSink(std::ostream& out, Compression c) {
    if (c == Compression::kGzip) out_.push(io::gzip_compressor());
    if (c == Compression::kZstd) out_.push(io::zstd_compressor());
    out_.push(out);
  }
  std::ostream& stream() override { return out_; }
  void finish() override { out_.reset(); }  // flushes and closes the compressor chain

 private:
  io::filtering_ostream out_;
};

}  // namespace

std::unique_ptr<ByteSource> open_byte_source(const std::filesystem::path& path) {
  const Compression c = compression_for(path);
  if (c == Compression::kNone) return std::make_unique<PlainSource>(path);
  return std::make_unique<FilteredSource>(path, c);
}

std::unique_ptr<ByteSink> make_byte_sink(std::ostream& out, Compression compression) {
  return std::make_unique<FilteredSink>(out, compression);
}

}  // namespace rsim
