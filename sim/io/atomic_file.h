// Writes a file under a temporary name in the same directory and renames it into place on commit(), so a
// reader never sees half an output file. Without commit() (an error, an exception) the temporary is removed.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace rsim {

class AtomicFile {
 public:
  // Creates missing parent directories. Throws InputError if the file cannot be created.
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ofstream& stream() { return out_; }
  const std::filesystem::path& temp_path() const { return temp_; }

  // Flushes, checks for write errors and renames over the target. Throws InputError on failure.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::ofstream out_;
  bool committed_ = false;
};

// Convenience: writes `content` to `target` atomically.
void write_file_atomically(const std::filesystem::path& target, const std::string& content);

}  // namespace rsim
