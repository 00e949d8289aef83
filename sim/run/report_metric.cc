#include "sim/run/report_metric.h"

#include <fmt/format.h>

#include <charconv>
#include <optional>
#include <vector>

#include "sim/io/input_error.h"

namespace rsim {

namespace {

using nlohmann::json;

// One step of a path: a key, then any number of [selector]s.
struct Step {
  std::string key;
  std::vector<std::string> selectors;
};

std::vector<Step> parse_path(std::string_view path, const std::string& what) {
  const auto bad = [&](const std::string& why) {
    return InputError(fmt::format("{}: metric \"{}\": {}", what, path, why));
  };
  if (path.empty()) throw bad("empty");
  std::vector<Step> steps;
  std::size_t i = 0;
  while (i <= path.size()) {
    Step step;
    while (i < path.size() && path[i] != '.' && path[i] != '[') {
      if (path[i] == ']') throw bad(fmt::format("']' without '[' at character {}", i + 1));
      step.key += path[i++];
    }
    if (step.key.empty()) throw bad(fmt::format("a key is missing at character {}", i + 1));
    while (i < path.size() && path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string_view::npos) throw bad("'[' without ']'");
      std::string selector(path.substr(i + 1, close - i - 1));
      if (selector.empty()) throw bad("an empty [] selector");
      step.selectors.push_back(std::move(selector));
      i = close + 1;
    }
    steps.push_back(std::move(step));
    if (i == path.size()) break;
    if (path[i] != '.') throw bad(fmt::format("expected '.' or '[' at character {}", i + 1));
    ++i;
    if (i == path.size()) throw bad("ends with '.'");
  }
  return steps;
}

std::optional<std::size_t> as_index(const std::string& s) {
  std::size_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// The label of an array element: its first string field among the naming keys.
std::optional<std::string> label_of(const json& element) {
  if (!element.is_object()) return std::nullopt;
  for (const char* key : {"name", "domain", "query_group", "query_type", "user", "endpoint"}) {
    const auto it = element.find(key);
    if (it != element.end() && it->is_string()) return it->get<std::string>();
  }
  return std::nullopt;
}

std::string known_keys(const json& object) {
  std::string out;
  for (const auto& [k, v] : object.items()) out += (out.empty() ? "" : ", ") + k;
  return out;
}

std::string known_labels(const json& array) {
  std::string out;
  for (const json& e : array) {
    if (const auto l = label_of(e)) out += (out.empty() ? "\"" : ", \"") + *l + "\"";
  }
  return out.empty() ? fmt::format("{} unlabelled elements", array.size()) : out;
}

}  // namespace

void check_metric_path(std::string_view path, const std::string& what) { parse_path(path, what); }

double report_metric(const json& report, std::string_view path, const std::string& what) {
  const std::vector<Step> steps = parse_path(path, what);
  const json* at = &report;
  std::string walked;
  const auto fail = [&](const std::string& why) {
    return InputError(fmt::format("{}: metric \"{}\": {}", what, path, why));
  };
  for (const Step& step : steps) {
    if (!at->is_object() || !at->contains(step.key)) {
      throw fail(fmt::format("no \"{}\" in {}{}", step.key, walked.empty() ? "the report" : walked,
                             at->is_object() ? fmt::format(" (it has: {})", known_keys(*at)) : ""));
    }
    at = &(*at)[step.key];
    walked += (walked.empty() ? "" : ".") + step.key;
    for (const std::string& sel : step.selectors) {
      if (!at->is_array()) throw fail(fmt::format("{} is not a list, so [{}] selects nothing", walked, sel));
      const json* found = nullptr;
      if (const auto index = as_index(sel)) {
        if (*index >= at->size())
          throw fail(fmt::format("{} has {} elements, so [{}] is out of range", walked, at->size(), sel));
        found = &(*at)[*index];
      } else {
        const std::size_t eq = sel.find('=');
        std::size_t matches = 0;
        for (const json& e : *at) {
          const bool match = eq == std::string::npos
                                 ? label_of(e) == sel
                                 : e.is_object() && e.contains(sel.substr(0, eq)) &&
                                       e[sel.substr(0, eq)].is_string() &&
                                       e[sel.substr(0, eq)].get<std::string>() == sel.substr(eq + 1);
          if (match && matches++ == 0) found = &e;
        }
        // Several matches (cost items share their component) would make the first one's value look chosen.
        if (matches > 1)
          throw fail(fmt::format("[{}] matches {} elements of {}: pick one by index", sel, matches, walked));
        if (!found)
          throw fail(fmt::format("no element [{}] in {} (it has: {})", sel, walked, known_labels(*at)));
      }
      at = found;
      walked += "[" + sel + "]";
    }
  }
  if (!at->is_number()) {
    throw fail(fmt::format("{} is {}, not a number{}", walked, at->type_name(),
                           at->is_object() ? fmt::format(" (it has: {})", known_keys(*at)) : ""));
  }
  return at->get<double>();
}

}  // namespace rsim
