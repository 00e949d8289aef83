#include "workloads/formats/json_object_stream.h"

#include <fmt/format.h>

#include "sim/io/input_error.h"

namespace rsim {

namespace {
bool blank(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
}  // namespace

JsonObjectStream::JsonObjectStream(std::unique_ptr<ByteSource> source, std::string name, std::string key)
    : source_(std::move(source)), name_(std::move(name)), key_(std::move(key)) {}

int JsonObjectStream::get() {
  if (pos_ == buf_.size()) {
    buf_.resize(1 << 16);
    buf_.resize(source_->read(buf_.data(), buf_.size()));
    pos_ = 0;
    if (buf_.empty()) return -1;
  }
  const int c = static_cast<unsigned char>(buf_[pos_++]);
  if (c == '\n') ++line_;
  return c;
}

void JsonObjectStream::fail(const std::string& what) const {
  throw InputError(fmt::format("{}: line {}: {}", name_, line_, what));
}

// Reads a string's remaining characters after its opening quote (escapes kept raw: keys compared plainly).
std::string JsonObjectStream::top_key() {
  std::string s;
  for (;;) {
    const int c = get();
    if (c < 0) fail("unterminated string");
    if (c == '"') return s;
    if (c == '\\') {
      const int e = get();
      if (e < 0) fail("unterminated string");
      s += '\\';
      s += static_cast<char>(e);
      continue;
    }
    s += static_cast<char>(c);
  }
}

bool JsonObjectStream::next(std::string& object) {
  if (done_) return false;
  int c;
  if (!started_) {
    started_ = true;
    do c = get();
    while (blank(c));
    if (c == 0xEF) {  // UTF-8 byte-order mark
      get();
      get();
      do c = get();
      while (blank(c));
    }
    if (c != '{') fail(fmt::format("expected a JSON object with the key \"{}\"", key_));
    do c = get();
    while (blank(c));
    if (c != '"') fail(fmt::format("expected the key \"{}\"", key_));
    const std::string k = top_key();
    if (k != key_) fail(fmt::format("unexpected key \"{}\": expected \"{}\"", k, key_));
    do c = get();
    while (blank(c));
    if (c != ':') fail("expected ':'");
    do c = get();
    while (blank(c));
    if (c != '{') fail(fmt::format("the value of \"{}\" must be an object", key_));
  } else {
    // After an object: ',' and the next member, or '}' closing the key's object.
    do c = get();
    while (blank(c));
    if (c == '}') {
      do c = get();
      while (blank(c));
      if (c == ',') fail(fmt::format("unexpected key after \"{}\": only \"{}\" is expected", key_, key_));
      if (c != '}') fail("expected '}' closing the document");
      do c = get();
      while (blank(c));
      if (c >= 0) fail("unexpected text after the document");
      done_ = true;
      return false;
    }
    if (c != ',') fail("expected ',' or '}' between members");
  }
  // A member: "name": { ... }, or the end of an empty object.
  do c = get();
  while (blank(c));
  if (c == '}' && object_line_ == 0) {
    do c = get();
    while (blank(c));
    if (c != '}') fail("expected '}' closing the document");
    done_ = true;
    return false;
  }
  if (c != '"') fail("expected a member name");
  top_key();
  do c = get();
  while (blank(c));
  if (c != ':') fail("expected ':'");
  do c = get();
  while (blank(c));
  if (c != '{') fail(fmt::format("each member of \"{}\" must be an object", key_));
  object_line_ = line_;
  object.assign("{");
  // Scanned a buffer at a time: only quotes, escapes, brackets and line breaks matter here.
  int depth = 1;
  bool in_string = false, escaped = false;
  while (depth > 0) {
    if (pos_ == buf_.size()) {
      buf_.resize(1 << 16);
      buf_.resize(source_->read(buf_.data(), buf_.size()));
      pos_ = 0;
      if (buf_.empty()) fail("the document ends inside an object (truncated file?)");
    }
    const char* const from = buf_.data() + pos_;
    const char* const end = buf_.data() + buf_.size();
    const char* p = from;
    for (; p < end && depth > 0; ++p) {
      const char ch = *p;
      if (ch == '\n') ++line_;
      if (in_string) {
        if (escaped) {
          escaped = false;
        } else if (ch == '\\') {
          escaped = true;
        } else if (ch == '"') {
          in_string = false;
        }
      } else if (ch == '"') {
        in_string = true;
      } else if (ch == '{' || ch == '[') {
        ++depth;
      } else if (ch == '}' || ch == ']') {
        --depth;
      }
    }
    object.append(from, static_cast<std::size_t>(p - from));
    pos_ = static_cast<std::size_t>(p - buf_.data());
  }
  return true;
}

}  // namespace rsim
