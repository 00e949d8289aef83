#include "sim/io/json_input.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/io/input_error.h"

namespace rsim {

namespace {

const char* type_name(const nlohmann::json& j) { return j.type_name(); }

std::string child_path(const std::string& parent, std::string_view key) {
  return fmt::format("{}.{}", parent, key);
}

}  // namespace

void JsonValue::fail(std::string_view what) const {
  throw InputError(fmt::format("{}: {}: {}", *file_, path_, what));
}

double JsonValue::number() const {
  if (!j_->is_number()) fail(fmt::format("expected a number, got {} {}", type_name(*j_), j_->dump()));
  return j_->get<double>();
}

std::int64_t JsonValue::integer() const {
  if (j_->is_number_integer()) return j_->get<std::int64_t>();
  if (j_->is_number_float()) {
    const double d = j_->get<double>();
    if (std::floor(d) == d && std::abs(d) < 9e15) return static_cast<std::int64_t>(d);
  }
  fail(fmt::format("expected an integer, got {} {}", type_name(*j_), j_->dump()));
}

std::string JsonValue::string() const {
  if (!j_->is_string()) fail(fmt::format("expected a string, got {} {}", type_name(*j_), j_->dump()));
  return j_->get<std::string>();
}

bool JsonValue::boolean() const {
  if (!j_->is_boolean()) fail(fmt::format("expected true or false, got {} {}", type_name(*j_), j_->dump()));
  return j_->get<bool>();
}

std::vector<JsonValue> JsonValue::array() const {
  if (!j_->is_array()) fail(fmt::format("expected an array, got {}", type_name(*j_)));
  std::vector<JsonValue> out;
  out.reserve(j_->size());
  for (std::size_t i = 0; i < j_->size(); ++i)
    out.emplace_back((*j_)[i], file_, fmt::format("{}[{}]", path_, i));
  return out;
}

JsonObject JsonValue::object() const { return JsonObject(*this); }

JsonObject::JsonObject(JsonValue v) : v_(std::move(v)) {
  if (!v_.is_object()) v_.fail(fmt::format("expected an object, got {}", type_name(v_.raw())));
}

std::optional<JsonValue> JsonObject::get(std::string_view key) {
  known_.emplace_back(key);
  const auto it = v_.raw().find(key);
  if (it == v_.raw().end()) return std::nullopt;
  return JsonValue(*it, v_.file_handle(), child_path(v_.path(), key));
}

void JsonObject::missing(std::string_view key, std::string_view expected) const {
  std::string hint;
  for (const auto& [present, unused] : v_.raw().items()) {
    if (edit_distance(present, key) <= 2) hint = fmt::format("; found \"{}\": a typo?", present);
  }
  v_.fail(fmt::format("missing required key \"{}\"{}{}", key,
                      expected.empty() ? "" : fmt::format(" ({})", expected), hint));
}

JsonValue JsonObject::require(std::string_view key) {
  auto v = get(key);
  if (!v) missing(key, "");
  return *v;
}

double JsonObject::number(std::string_view key, std::optional<double> fallback, double min, double max) {
  auto v = get(key);
  if (!v) {
    if (!fallback) missing(key, fmt::format("a number from {} to {}", min, max));
    return *fallback;
  }
  const double d = v->number();
  if (!(d >= min && d <= max)) v->fail(fmt::format("{} is out of range: expected {} to {}", d, min, max));
  return d;
}

std::int64_t JsonObject::integer(std::string_view key, std::optional<std::int64_t> fallback, std::int64_t min,
                                 std::int64_t max) {
  auto v = get(key);
  if (!v) {
    if (!fallback) missing(key, fmt::format("an integer from {} to {}", min, max));
    return *fallback;
  }
  const std::int64_t i = v->integer();
  if (i < min || i > max) v->fail(fmt::format("{} is out of range: expected {} to {}", i, min, max));
  return i;
}

std::string JsonObject::string(std::string_view key, std::optional<std::string> fallback) {
  auto v = get(key);
  if (!v) {
    if (!fallback) missing(key, "a string");
    return *fallback;
  }
  return v->string();
}

std::string JsonObject::choice(std::string_view key, std::optional<std::string> fallback,
                               const std::vector<std::string>& allowed) {
  auto v = get(key);
  if (!v) {
    if (!fallback) missing(key, fmt::format("one of {}", fmt::join(allowed, ", ")));
    return *fallback;
  }
  std::string s = v->string();
  if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
    v->fail(fmt::format("\"{}\" is not allowed: expected one of {}", s, fmt::join(allowed, ", ")));
  }
  return s;
}

bool JsonObject::boolean(std::string_view key, std::optional<bool> fallback) {
  auto v = get(key);
  if (!v) {
    if (!fallback) missing(key, "true or false");
    return *fallback;
  }
  return v->boolean();
}

std::vector<std::string> JsonObject::keys() const {
  std::vector<std::string> out;
  for (const auto& [key, unused] : v_.raw().items()) out.push_back(key);
  return out;
}

void JsonObject::finish() const {
  for (const auto& [key, value] : v_.raw().items()) {
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    std::string hint;
    std::size_t best = SIZE_MAX;
    for (const auto& k : known_) {
      const std::size_t d = edit_distance(key, k);
      if (d < best) {
        best = d;
        hint = k;
      }
    }
    std::vector<std::string> sorted(known_.begin(), known_.end());
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    const std::string suggestion =
        (best <= 3 && !hint.empty()) ? fmt::format(" (did you mean \"{}\"?)", hint) : "";
    throw InputError(fmt::format("{}: {}: unknown key{}; allowed keys here: {}", v_.file(),
                                 child_path(v_.path(), key), suggestion, fmt::join(sorted, ", ")));
  }
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

namespace {

// Line and column (1-based) of byte offset `pos` in `text`.
std::pair<std::size_t, std::size_t> line_col(std::string_view text, std::size_t pos) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

}  // namespace

JsonDocument JsonDocument::parse(std::string_view text, std::string name) {
  // nlohmann keeps the last of duplicate keys silently; a parser callback tracks the keys of each open object
  // so that a duplicate is reported instead.
  std::vector<std::set<std::string>> open;
  std::optional<std::string> duplicate;
  auto callback = [&](int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if (event == E::object_start) open.emplace_back();
    if (event == E::object_end && !open.empty()) open.pop_back();
    if (event == E::key && !open.empty() && !open.back().insert(parsed.get<std::string>()).second &&
        !duplicate) {
      duplicate = parsed.get<std::string>();
    }
    return true;
  };
  auto doc = std::make_shared<nlohmann::json>();
  try {
    *doc = nlohmann::json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true,
                                 /*ignore_comments=*/false);
  } catch (const nlohmann::json::parse_error& e) {
    const auto [line, col] = line_col(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string msg = e.what();
    if (const auto p = msg.find("syntax error"); p != std::string::npos) msg = msg.substr(p);
    throw InputError(fmt::format("{}:{}:{}: invalid JSON: {}", name, line, col, msg));
  } catch (const nlohmann::json::exception& e) {
    // A number too large for a double ("1e999") is out_of_range, not a parse error, and carries no position.
    std::string msg = e.what();
    if (const auto p = msg.find("] "); p != std::string::npos) msg = msg.substr(p + 2);
    throw InputError(fmt::format("{}: invalid JSON: {}", name, msg));
  }
  if (duplicate) throw InputError(fmt::format("{}: duplicate key \"{}\"", name, *duplicate));
  JsonDocument d;
  d.json_ = std::move(doc);
  d.name_ = std::make_shared<const std::string>(std::move(name));
  return d;
}

std::string read_text_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot open file", file.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw InputError(fmt::format("{}: read error", file.string()));
  return ss.str();
}

JsonDocument JsonDocument::load(const std::filesystem::path& file) {
  return parse(read_text_file(file), file.string());
}

}  // namespace rsim
