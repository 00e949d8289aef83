// The per-user breakdown: exact counts, means, deviations and maxima for every user, and their latency, queue
// and execution percentiles (within CompactHistogram's 1.6%), in little memory and few cache misses.
//
// Why not three histograms a user: for the 4,812 users of an airline day that was 50 MiB, and every query
// touched three of them at random: cache misses alone took half the end-to-end speed. Here a user's completed
// queries are logged as three 2-byte histogram bucket numbers appended to the user's log (a small record and
// the log's tail: a couple of cache lines a query), and histograms are built at report time, equal to
// recording each value. A log full at kLogEntries (16 KiB; the three compact histograms it stands for take
// about 21 KB for values up to an hour) turns into histograms, so a user's memory is bounded however long
// the trace. Users past kUserLimit distinct ones are counted, and their queries measured together.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/measurements.h"
#include "sim/core/symbol_table.h"
#include "sim/run/measured_queries.h"
#include "sim/stats/distribution.h"

namespace rsim {

class UserBreakdown {
 public:
  // Log entries (three a completed query) before a user switches to histograms: a power of two, so the log's
  // growth ends exactly full.
  static constexpr std::size_t kLogEntries = 8192;
  // Users measured one by one; further ones are measured together (see untracked()).
  static constexpr std::size_t kUserLimit = 100'000;

  struct User {
    Symbol label = 0;
    std::uint64_t queries = 0;
    std::uint64_t aborted = 0;
  };

  void add(Symbol user, const QueryInFlight& q, SimTime now, QueryEnd end);

  // Distinct users seen, tracked or not.
  std::size_t distinct() const { return seen_.size() + untracked_users_; }
  // Every tracked user, in order of first appearance.
  std::vector<User> users() const;
  // The queries of users past kUserLimit, and how many such users there were.
  const MeasuredQueries& untracked() const { return untracked_; }
  std::size_t untracked_users() const { return untracked_users_; }
  // The i-th user's (in users() order) queries and distributions.
  MeasuredQueries measured(std::size_t i) const;
  // Adds the i-th user's queries and distributions to `into` (for merging many users without copies).
  void merge_into(std::size_t i, MeasuredQueries& into) const;

 private:
  struct Record {
    std::uint64_t aborted = 0;
    Summary latency, queue, exec;            // exact moments and extremes (µs)
    std::vector<std::uint16_t> log;          // per completed query: latency, queue, exec bucket numbers
    std::unique_ptr<MeasuredQueries> whole;  // once the log was full: everything, as histograms
    std::uint64_t completed() const { return latency.count(); }
  };

  static constexpr std::uint32_t kUntracked = UINT32_MAX;
  std::vector<std::uint32_t> index_;  // by symbol: 1 + index into records_, 0 not seen, or kUntracked
  std::vector<Record> records_;       // in order of first appearance
  std::vector<Symbol> seen_;
  MeasuredQueries untracked_;
  std::size_t untracked_users_ = 0;
};

}  // namespace rsim
