// The processes an experiment is spread over: this process alone, or the ranks of an `mpirun` launch
// (Open MPI through Boost.MPI). Work is split by the callers; this only moves strings between ranks.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace rsim {

class RankGroup {
 public:
  virtual ~RankGroup() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Collective: every rank passes its part; rank 0 gets all parts, in rank order; the others get nothing.
  virtual std::vector<std::string> gather(const std::string& mine) = 0;
  // Collective: every rank gets rank 0's `value`.
  virtual std::string broadcast(const std::string& value) = 0;
  // Ends every rank of the launch with `code` (MPI_Abort): for a failure on one rank, which would otherwise
  // leave the others waiting in a collective call. Returns only for a single process.
  virtual void abort_all(int code) = 0;
};

// This process alone.
std::unique_ptr<RankGroup> single_process();

// The ranks of the launch when this process was started by mpirun (MPI is initialised on first use and
// finalised at exit), else single_process(). Throws InputError when started by a launcher with more than
// one rank but built without MPI, or when MPI's world is not the launcher's (another MPI's launcher): every
// rank would run the whole experiment.
std::unique_ptr<RankGroup> join_ranks();

}  // namespace rsim
