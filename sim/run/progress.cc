#include "sim/run/progress.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "workloads/csv/byte_stream.h"
#include "workloads/trace/timestamp.h"

namespace rsim {

RunProgress::RunProgress(std::FILE* out, bool terminal, Now now) : out_(out), terminal_(terminal), now_(now) {
  began_ = now_();
}

void RunProgress::start(std::string label, std::optional<std::pair<SimTime, SimTime>> span) {
  label_ = std::move(label);
  span_ = span && span->second > span->first ? span : std::nullopt;
  began_ = now_();
  shown_ = false;
}

std::string RunProgress::describe(SimTime now, std::uint64_t queries, double elapsed_s) const {
  std::string text = label_.empty() ? std::string() : label_ + ": ";
  const double rate = elapsed_s > 0 ? static_cast<double>(queries) / elapsed_s : 0.0;
  const std::string simulated = format_timestamp(now).substr(0, 16) + "Z";
  if (span_) {
    const auto [first, last] = *span_;
    const double done =
        std::clamp(static_cast<double>(now - first) / static_cast<double>(last - first), 0.0, 1.0);
    constexpr int kWidth = 24;
    const int filled = static_cast<int>(done * kWidth);
    if (terminal_) text += "[" + std::string(filled, '#') + std::string(kWidth - filled, '-') + "] ";
    text += fmt::format("{:3.0f}%  simulated {}  {:.2f} M queries/s", 100 * done, simulated, rate / 1e6);
    if (done > 0.01) text += fmt::format("  ETA {:.0f} s", elapsed_s * (1 - done) / done);
  } else {
    text += fmt::format("simulated {}  {} queries  {:.2f} M queries/s", simulated, queries, rate / 1e6);
  }
  return text;
}

void RunProgress::update(SimTime now, std::uint64_t queries) {
  const Clock::time_point t = now_();
  if (t - began_ < kQuietFor) return;
  if (shown_ && t - last_shown_ < (terminal_ ? kBarEvery : kLineEvery)) return;
  const std::string text = describe(now, queries, std::chrono::duration<double>(t - began_).count());
  if (terminal_) {
    fmt::print(out_, "\r{}\x1b[K", text);  // carriage return, text, clear to the end of the line
  } else {
    fmt::print(out_, "progress: {}\n", text);
  }
  std::fflush(out_);
  shown_ = true;
  last_shown_ = t;
}

void RunProgress::finish() {
  if (terminal_ && shown_) {
    fmt::print(out_, "\r\x1b[K");
    std::fflush(out_);
  }
  shown_ = false;
}

namespace {

// Field `column` of a CSV line without quotes, or nullopt.
std::optional<SimTime> arrival_in(const std::string& line, std::ptrdiff_t column) {
  if (line.find('"') != std::string::npos) return std::nullopt;
  std::stringstream fields(line);
  std::string field;
  for (std::ptrdiff_t i = 0; i <= column; ++i) {
    if (!std::getline(fields, field, ',')) return std::nullopt;
  }
  if (!field.empty() && field.back() == '\r') field.pop_back();
  return parse_timestamp(field, nullptr);
}

}  // namespace

std::optional<std::pair<SimTime, SimTime>> arrival_span_of(const std::string& path) {
  // Only a regular file can be read twice: a pipe (--trace <(zcat ...)) would lose what is read here.
  std::error_code ec;
  if (compression_for(path) != Compression::kNone || !std::filesystem::is_regular_file(path, ec))
    return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::string header, first_line;
  if (!in || !std::getline(in, header) || !std::getline(in, first_line)) return std::nullopt;
  if (!header.empty() && header.back() == '\r') header.pop_back();
  std::vector<std::string> names;
  std::stringstream h(header);
  for (std::string n; std::getline(h, n, ',');) names.push_back(n);
  const auto column = std::find(names.begin(), names.end(), "arrival") - names.begin();
  if (column == static_cast<std::ptrdiff_t>(names.size())) return std::nullopt;
  // The last line: read the file's tail.
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size <= 0) return std::nullopt;
  const std::streamoff tail = std::min<std::streamoff>(size, 64 * 1024);
  in.seekg(size - tail);
  std::string chunk(static_cast<std::size_t>(tail), '\0');
  in.read(chunk.data(), tail);
  while (!chunk.empty() && (chunk.back() == '\n' || chunk.back() == '\r')) chunk.pop_back();
  const auto start = chunk.rfind('\n');
  if (start == std::string::npos) return std::nullopt;
  const auto first = arrival_in(first_line, column), last = arrival_in(chunk.substr(start + 1), column);
  if (!first || !last) return std::nullopt;
  return std::pair{*first, *last};
}

}  // namespace rsim
