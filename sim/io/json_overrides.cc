#include "sim/io/json_overrides.h"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "sim/io/input_error.h"
#include "sim/io/json_input.h"

namespace rsim {

namespace {

using Json = nlohmann::ordered_json;

[[noreturn]] void fail(const std::string& setting, const std::string& what) {
  throw InputError(fmt::format("--set {}: {}", setting, what));
}

void apply(Json& doc, const std::string& setting) {
  const auto eq = setting.find('=');
  if (eq == std::string::npos || eq == 0) fail(setting, "expected PATH=VALUE, e.g. endpoints[0].slots=8");
  const std::string_view path = std::string_view(setting).substr(0, eq);
  const std::string text = setting.substr(eq + 1);
  Json value = Json::parse(text, nullptr, false);
  if (value.is_discarded()) value = text;

  Json* at = &doc;
  std::size_t i = 0;
  std::size_t walked = 0;  // the path up to here, for messages
  while (i < path.size()) {
    if (path[i] == '[') {
      const auto close = path.find(']', i);
      std::size_t index = 0;
      const auto digits = path.substr(i + 1, close == std::string_view::npos ? 0 : close - i - 1);
      const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (close == std::string_view::npos || digits.empty() || ec != std::errc() ||
          ptr != digits.data() + digits.size()) {
        fail(setting, "bad index: expected [N]");
      }
      if (!at->is_array()) fail(setting, fmt::format("{} is not a list", path.substr(0, walked)));
      if (index >= at->size()) {
        fail(setting,
             fmt::format("{} has {} entries; there is no [{}]", path.substr(0, walked), at->size(), index));
      }
      at = &(*at)[index];
      i = walked = close + 1;
      if (i < path.size() && path[i] == '.') ++i;
      continue;
    }
    const auto end = path.find_first_of(".[", i);
    const std::string key(path.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
    if (key.empty()) fail(setting, "empty key in the path");
    if (at->is_null()) *at = Json::object();
    if (!at->is_object()) fail(setting, fmt::format("{} is not an object", path.substr(0, walked)));
    at = &(*at)[key];
    i = walked = end == std::string_view::npos ? path.size() : end;
    if (i < path.size() && path[i] == '.') ++i;
  }
  *at = std::move(value);
}

}  // namespace

std::string apply_json_overrides(std::string_view json, const std::string& name,
                                 const std::vector<std::string>& overrides) {
  if (overrides.empty()) return std::string(json);
  JsonDocument::parse(json, name);  // syntax and duplicate keys, reported against the file
  Json doc = Json::parse(json);
  for (const auto& setting : overrides) apply(doc, setting);
  return doc.dump(2);
}

}  // namespace rsim
