#include "sim/experiment/run_target.h"

namespace rsim {

namespace {

std::filesystem::path relative_to_spec(const JsonValue& v) {
  const std::filesystem::path p = v.string();
  return p.is_absolute() ? p : std::filesystem::path(v.file()).parent_path() / p;
}

}  // namespace

std::string override_of(const std::string& path, const nlohmann::json& value) {
  return path + "=" + value.dump();
}

std::string label_of_value(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

RunRequest read_run_target(JsonObject& spec) {
  RunRequest r;
  r.scenario = relative_to_spec(spec.require("scenario"));
  if (auto t = spec.get("trace")) r.trace = relative_to_spec(*t);
  if (auto set = spec.get("set")) {
    JsonObject changes = set->object();
    for (const std::string& path : changes.keys()) {
      r.overrides.push_back(override_of(path, changes.require(path).raw()));
    }
  }
  r.seed = static_cast<std::uint64_t>(spec.integer("seed", 1, 0, INT64_MAX));
  r.replications = static_cast<int>(spec.integer("replications", 1, 1, 100000));
  return r;
}

}  // namespace rsim
