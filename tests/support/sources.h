// Query sources for tests: a fixed list, a source whose queries get a user and type, and the merge of two
// sources in arrival order.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "workloads/query.h"

namespace rsim::testing {

class ListSource final : public QuerySource {
 public:
  explicit ListSource(std::vector<Query> qs) : qs_(std::move(qs)) {}
  bool next(Query& q) override {
    if (i_ >= qs_.size()) return false;
    q = qs_[i_++];
    return true;
  }

 private:
  std::vector<Query> qs_;
  std::size_t i_ = 0;
};

// Applies `tag` to every query of `inner` and prefixes its id (so merged streams keep ids unique).
class TaggedSource final : public QuerySource {
 public:
  TaggedSource(QuerySource& inner, std::string prefix, std::function<void(Query&)> tag)
      : inner_(inner), prefix_(std::move(prefix)), tag_(std::move(tag)) {}
  bool next(Query& q) override {
    if (!inner_.next(q)) return false;
    q.id.insert(0, prefix_);
    tag_(q);
    return true;
  }

 private:
  QuerySource& inner_;
  std::string prefix_;
  std::function<void(Query&)> tag_;
};

// Two sources interleaved by arrival (ties: `a` first).
class MergedSource final : public QuerySource {
 public:
  MergedSource(QuerySource& a, QuerySource& b) : a_(a), b_(b) {
    has_a_ = a_.next(next_a_);
    has_b_ = b_.next(next_b_);
  }
  bool next(Query& q) override {
    if (!has_a_ && !has_b_) return false;
    if (has_a_ && (!has_b_ || next_a_.arrival <= next_b_.arrival)) {
      q = next_a_;
      has_a_ = a_.next(next_a_);
    } else {
      q = next_b_;
      has_b_ = b_.next(next_b_);
    }
    q.ordinal = n_++;
    return true;
  }

 private:
  QuerySource& a_;
  QuerySource& b_;
  Query next_a_, next_b_;
  bool has_a_ = false, has_b_ = false;
  std::uint64_t n_ = 0;
};

inline Query make_query(const std::string& id, SimTime at_us, double exec_ms,
                        QueryType type = QueryType::kSelect) {
  Query q;
  q.id = id;
  q.arrival = at_us;
  q.exec_ms = exec_ms;
  q.type = type;
  return q;
}

}  // namespace rsim::testing
