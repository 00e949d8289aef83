#include "models/wlm/queue_matcher.h"

#include <bit>

#include "models/wlm/wildcard.h"

namespace rsim {

namespace {
bool name_matches(std::string_view pattern, std::string_view text, bool wildcard) {
  return wildcard ? wildcard_match(pattern, text) : iequals(pattern, text);
}
}  // namespace

QueueMatcher::QueueMatcher(const WlmConfig& config, const UserGroups& groups, const SymbolTable& symbols)
    : config_(config),
      groups_(groups),
      symbols_(symbols),
      default_queue_(static_cast<std::uint32_t>(config.queues.size() - 1)) {}

bool QueueMatcher::user_matches(const WlmQueueConfig& queue, std::string_view user) const {
  for (const auto& g : queue.user_groups) {
    if (const auto it = groups_.find(g); it != groups_.end()) {
      for (const auto& member : it->second) {
        if (name_matches(member, user, true)) return true;
      }
    } else if (name_matches(g, user, queue.user_group_wildcard)) {
      return true;
    }
  }
  return false;
}

std::uint32_t QueueMatcher::matches(const Query& q) {
  const std::uint64_t key = (std::uint64_t{q.user} << 32) | q.query_group;
  if (const auto it = memo_.find(key); it != memo_.end()) return it->second;
  std::uint32_t mask = 0;
  const std::string& user = symbols_.name(q.user);
  const std::string& group = symbols_.name(q.query_group);
  for (std::uint32_t i = 0; i < default_queue_; ++i) {
    const WlmQueueConfig& queue = config_.queues[i];
    bool hit = user_matches(queue, user);
    if (!hit && !group.empty()) {
      for (const auto& g : queue.query_groups) {
        if (name_matches(g, group, queue.query_group_wildcard)) {
          hit = true;
          break;
        }
      }
    }
    if (hit) mask |= 1u << i;
  }
  memo_.emplace(key, mask);
  return mask;
}

std::uint32_t QueueMatcher::route(const Query& q) {
  if (default_queue_ == 0) return 0;
  const std::uint32_t m = matches(q);
  return m ? static_cast<std::uint32_t>(std::countr_zero(m)) : default_queue_;
}

std::optional<std::uint32_t> QueueMatcher::next_after(const Query& q, std::uint32_t current) {
  if (current + 1 >= 32) return std::nullopt;
  const std::uint32_t later = matches(q) & ~((2u << current) - 1);
  if (!later) return std::nullopt;
  return static_cast<std::uint32_t>(std::countr_zero(later));
}

}  // namespace rsim
