#include "sim/run/user_breakdown.h"

namespace rsim {

namespace {

std::uint64_t duration(SimDuration us) { return static_cast<std::uint64_t>(us < 0 ? 0 : us); }

}  // namespace

void UserBreakdown::add(Symbol user, const QueryInFlight& q, SimTime now, QueryEnd end) {
  if (user >= index_.size()) index_.resize(std::size_t{user} + 1, 0);
  if (index_[user] == 0) {
    if (records_.size() == kUserLimit) {
      index_[user] = kUntracked;
      ++untracked_users_;
    } else {
      records_.emplace_back();
      seen_.push_back(user);
      index_[user] = static_cast<std::uint32_t>(records_.size());
    }
  }
  if (index_[user] == kUntracked) {
    untracked_.add(q, now, end);
    return;
  }
  Record& r = records_[index_[user] - 1];
  if (r.whole) {
    r.whole->add(q, now, end);
    return;
  }
  if (end == QueryEnd::kAborted) {
    ++r.aborted;
    return;
  }
  const std::uint64_t latency = duration(now - q.query.arrival), queue = duration(q.queue_us),
                      exec = duration(now - q.query.arrival - q.queue_us);
  r.latency.add(static_cast<double>(latency));
  r.queue.add(static_cast<double>(queue));
  r.exec.add(static_cast<double>(exec));
  // Bucket numbers of a CompactHistogram stay below 2,048 for any 64-bit value.
  r.log.push_back(static_cast<std::uint16_t>(CompactHistogram::index_of(latency)));
  r.log.push_back(static_cast<std::uint16_t>(CompactHistogram::index_of(queue)));
  r.log.push_back(static_cast<std::uint16_t>(CompactHistogram::index_of(exec)));
  if (r.log.size() >= kLogEntries) {
    r.whole = std::make_unique<MeasuredQueries>();
    merge_into(index_[user] - 1, *r.whole);
    r.log = {};
    r.latency = r.queue = r.exec = Summary{};
    r.aborted = 0;
  }
}

std::vector<UserBreakdown::User> UserBreakdown::users() const {
  std::vector<User> out;
  out.reserve(records_.size());
  for (std::size_t i = 0; i < records_.size(); ++i) {
    const Record& r = records_[i];
    User u{seen_[i], r.completed() + r.aborted, r.aborted};
    if (r.whole) {
      u.queries += r.whole->queries();
      u.aborted += r.whole->aborted;
    }
    out.push_back(u);
  }
  return out;
}

MeasuredQueries UserBreakdown::measured(std::size_t i) const {
  MeasuredQueries m;
  merge_into(i, m);
  return m;
}

void UserBreakdown::merge_into(std::size_t i, MeasuredQueries& into) const {
  const Record& r = records_[i];
  if (r.whole) into.merge(*r.whole);
  into.completed += r.completed();
  into.aborted += r.aborted;
  if (r.completed() == 0) return;
  CompactDistribution* metrics[3] = {&into.latency, &into.queue, &into.exec};
  const Summary* moments[3] = {&r.latency, &r.queue, &r.exec};
  for (int k = 0; k < 3; ++k) {
    CompactDistribution part;
    for (std::size_t j = static_cast<std::size_t>(k); j < r.log.size(); j += 3)
      part.histogram.record_bucket(r.log[j]);
    part.histogram.set_extremes(static_cast<std::uint64_t>(moments[k]->min()),
                                static_cast<std::uint64_t>(moments[k]->max()));
    part.summary = *moments[k];
    metrics[k]->merge(part);
  }
}

}  // namespace rsim
