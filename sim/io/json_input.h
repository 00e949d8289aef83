// Strict reading of JSON input files (scenarios, workloads, sweeps). Every error names the file and the JSON
// path of the offending value, says what was expected, and exits through InputError. Unknown keys are errors
// (with the nearest known key suggested), so a typo never passes silently; so are duplicate keys.
//
// Usage:
//   JsonDocument doc = JsonDocument::load("scenario.json");
//   JsonObject root = doc.root().object();
//   int slots = root.integer("slots", 5, 1, 50);   // optional, default 5, range-checked
//   ...
//   root.finish();                                 // throws on any key that was not asked for
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/enum_names.h"

namespace rsim {

class JsonObject;

// A value inside a document, with its location.
class JsonValue {
 public:
  JsonValue(const nlohmann::json& j, std::shared_ptr<const std::string> file, std::string path)
      : j_(&j), file_(std::move(file)), path_(std::move(path)) {}

  const nlohmann::json& raw() const { return *j_; }
  const std::string& path() const { return path_; }
  const std::string& file() const { return *file_; }
  const std::shared_ptr<const std::string>& file_handle() const { return file_; }

  // Throws InputError "FILE: PATH: WHAT".
  [[noreturn]] void fail(std::string_view what) const;

  bool is_object() const { return j_->is_object(); }
  bool is_array() const { return j_->is_array(); }
  bool is_string() const { return j_->is_string(); }
  bool is_number() const { return j_->is_number(); }

  double number() const;
  std::int64_t integer() const;
  std::string string() const;
  bool boolean() const;
  std::vector<JsonValue> array() const;
  JsonObject object() const;

 private:
  const nlohmann::json* j_;
  std::shared_ptr<const std::string> file_;
  std::string path_;
};

// An object whose keys are read through typed accessors; finish() rejects the keys nobody asked for.
class JsonObject {
 public:
  explicit JsonObject(JsonValue v);

  const JsonValue& value() const { return v_; }
  bool has(std::string_view key) const { return v_.raw().contains(key); }

  // The value at `key`, or nullopt. Marks the key as known either way.
  std::optional<JsonValue> get(std::string_view key);
  // The value at `key`; missing is an error.
  JsonValue require(std::string_view key);

  // Typed accessors. A missing key without a default is an error; present values are type- and range-checked.
  double number(std::string_view key, std::optional<double> fallback, double min, double max);
  std::int64_t integer(std::string_view key, std::optional<std::int64_t> fallback, std::int64_t min,
                       std::int64_t max);
  std::string string(std::string_view key, std::optional<std::string> fallback);
  // A string that must be one of `allowed`.
  std::string choice(std::string_view key, std::optional<std::string> fallback,
                     const std::vector<std::string>& allowed);
  bool boolean(std::string_view key, std::optional<bool> fallback);
  // A choice among an enum's spellings (REQUIRES: names[i] spells static_cast<E>(i)); `fallback` is a
  // spelling.
  template <typename E, std::size_t N>
  E enum_choice(std::string_view key, std::optional<std::string> fallback,
                const std::array<std::string_view, N>& names) {
    return *enum_from_name<E>(
        names, choice(key, std::move(fallback), std::vector<std::string>(names.begin(), names.end())));
  }
  // The object's keys, in document order; none is marked as known (read each with an accessor).
  std::vector<std::string> keys() const;

  // Throws on the first key that no accessor asked for.
  void finish() const;

 private:
  [[noreturn]] void missing(std::string_view key, std::string_view expected) const;

  JsonValue v_;
  std::vector<std::string> known_;
};

// A parsed file that owns its JSON tree; JsonValues point into it.
class JsonDocument {
 public:
  // Throws InputError naming the file, line and column on a syntax error or a duplicate key.
  static JsonDocument load(const std::filesystem::path& file);
  static JsonDocument parse(std::string_view text, std::string name);

  JsonValue root() const { return JsonValue(*json_, name_, "$"); }
  const std::string& name() const { return *name_; }

 private:
  std::shared_ptr<const nlohmann::json> json_;
  std::shared_ptr<const std::string> name_;
};

// The whole file as text. Throws InputError naming the file if it cannot be read.
std::string read_text_file(const std::filesystem::path& file);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace rsim
