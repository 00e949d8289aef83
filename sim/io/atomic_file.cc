#include "sim/io/atomic_file.h"

#include <fmt/format.h>
#include <unistd.h>

#include "sim/io/input_error.h"

namespace rsim {

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  std::error_code ec;
  if (target_.has_parent_path()) std::filesystem::create_directories(target_.parent_path(), ec);
  if (ec)
    throw InputError(
        fmt::format("{}: cannot create directory: {}", target_.parent_path().string(), ec.message()));
  temp_ = target_;
  temp_ += fmt::format(".tmp-{}", ::getpid());
  out_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!out_) throw InputError(fmt::format("{}: cannot create file", temp_.string()));
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    out_.close();
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void AtomicFile::commit() {
  out_.flush();
  const bool ok = static_cast<bool>(out_);
  out_.close();
  if (!ok) throw InputError(fmt::format("{}: write failed", target_.string()));
  std::error_code ec;
  std::filesystem::rename(temp_, target_, ec);
  if (ec) throw InputError(fmt::format("{}: cannot rename into place: {}", target_.string(), ec.message()));
  committed_ = true;
}

void write_file_atomically(const std::filesystem::path& target, const std::string& content) {
  AtomicFile f(target);
  f.stream() << content;
  f.commit();
}

}  // namespace rsim
