// Which WLM queue a query goes to (models/catalog/facts.md 3.2): the first queue whose user groups hold the
// query's user or whose query groups hold its query group; else the default queue (the last). A hop goes to
// the next matching queue after the current one, never to the default queue.
//
// User groups: a name defined in the endpoint's group directory stands for its members (user names, wildcards
// allowed); any other name is matched against the user name itself. Matching is exact, or by wildcard when
// the queue turns wildcards on; case is ignored either way.
//
// Answers are memoised per (user, query group) pair, so the cost per query is one hash lookup and memory
// grows with the number of distinct pairs, not with the number of queries.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/wlm/wlm_config.h"
#include "sim/core/symbol_table.h"
#include "workloads/query.h"

namespace rsim {

using UserGroups = std::map<std::string, std::vector<std::string>, std::less<>>;

class QueueMatcher {
 public:
  // REQUIRES: config.queues is not empty and has at most 32 queues.
  QueueMatcher(const WlmConfig& config, const UserGroups& groups, const SymbolTable& symbols);

  std::uint32_t route(const Query& q);
  // The next matching queue after `current`, if any (the default queue never counts).
  std::optional<std::uint32_t> next_after(const Query& q, std::uint32_t current);

 private:
  std::uint32_t matches(const Query& q);  // bit per matching user queue
  bool user_matches(const WlmQueueConfig& queue, std::string_view user) const;

  const WlmConfig& config_;
  const UserGroups& groups_;
  const SymbolTable& symbols_;
  std::uint32_t default_queue_;
  std::unordered_map<std::uint64_t, std::uint32_t> memo_;
};

}  // namespace rsim
