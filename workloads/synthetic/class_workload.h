// A workload file of query classes (`"generator": "classes"`, workloads/synthetic/README.md): the classes'
// queries merged in arrival order, lazily. Ids are "<class>-<n>"; each class draws from its own random
// streams (seed, class name), so adding a class leaves the others' queries unchanged.
#pragma once

#include <filesystem>
#include <memory>
#include <queue>
#include <vector>

#include "sim/io/json_input.h"
#include "workloads/synthetic/query_class.h"

namespace rsim {

struct ClassWorkloadSpec {
  SimTime start = 0;
  int days = 1;
  std::vector<ClassSpec> classes;
};

// Reads the keys of a "classes" workload from `root` (generator, description and the rest already taken by
// the caller). Throws InputError naming the JSON path.
ClassWorkloadSpec parse_class_workload(JsonObject& root, const std::filesystem::path& base_dir);

class ClassWorkloadSource final : public QuerySource {
 public:
  ClassWorkloadSource(const ClassWorkloadSpec& spec, std::uint64_t seed, SymbolTable& symbols);
  bool next(Query& q) override;

 private:
  struct Head {
    SimTime arrival;
    std::size_t cls;
    bool operator>(const Head& o) const { return arrival != o.arrival ? arrival > o.arrival : cls > o.cls; }
  };
  std::vector<std::unique_ptr<QueryClassSource>> classes_;
  std::vector<Query> heads_;
  std::priority_queue<Head, std::vector<Head>, std::greater<>> order_;
  std::uint64_t ordinal_ = 0;
};

}  // namespace rsim
