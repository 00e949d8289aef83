#include "workloads/synthetic/class_workload.h"

#include <fmt/format.h>

#include <set>

#include "workloads/trace/timestamp.h"

namespace rsim {

ClassWorkloadSpec parse_class_workload(JsonObject& root, const std::filesystem::path& base_dir) {
  ClassWorkloadSpec w;
  const JsonValue start = root.require("start");
  std::string why;
  const auto t = parse_timestamp(start.string(), &why);
  if (!t) start.fail(why);
  w.start = *t;
  w.days = static_cast<int>(root.integer("days", 1, 1, 3650));
  const JsonValue classes = root.require("classes");
  std::set<std::string> names;
  for (const auto& c : classes.array()) {
    w.classes.push_back(parse_class(c, base_dir));
    if (!names.insert(w.classes.back().name).second) {
      c.fail(fmt::format("class name \"{}\" is used twice (query ids and random streams follow it)",
                         w.classes.back().name));
    }
  }
  if (w.classes.empty()) classes.fail("expected at least one class");
  return w;
}

ClassWorkloadSource::ClassWorkloadSource(const ClassWorkloadSpec& spec, std::uint64_t seed,
                                         SymbolTable& symbols) {
  const SimTime end = spec.start + spec.days * 86400 * kMicrosPerSecond;
  for (const ClassSpec& c : spec.classes) {
    classes_.push_back(std::make_unique<QueryClassSource>(c, spec.start, end, seed, symbols));
  }
  heads_.resize(classes_.size());
  for (std::size_t i = 0; i < classes_.size(); ++i) {
    if (classes_[i]->next(heads_[i])) order_.push(Head{heads_[i].arrival, i});
  }
}

bool ClassWorkloadSource::next(Query& q) {
  if (order_.empty()) return false;
  const std::size_t i = order_.top().cls;
  order_.pop();
  q = std::move(heads_[i]);
  q.ordinal = ordinal_++;
  if (classes_[i]->next(heads_[i])) order_.push(Head{heads_[i].arrival, i});
  return true;
}

}  // namespace rsim
