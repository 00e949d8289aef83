#include "sim/experiment/rank_group.h"

#include <fmt/format.h>

#include <cstdlib>
#include <string_view>

#include "sim/io/input_error.h"

#ifdef RSIM_HAVE_MPI
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#endif

namespace rsim {

namespace {

class SingleProcess final : public RankGroup {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::vector<std::string> gather(const std::string& mine) override { return {mine}; }
  std::string broadcast(const std::string& value) override { return value; }
  void abort_all(int) override {}
};

// The world size announced by the launcher (Open MPI, or a PMI-based one such as MPICH's), or 0.
int launched_size() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}) {
    if (const char* v = std::getenv(name)) return std::atoi(v);
  }
  return 0;
}

#ifdef RSIM_HAVE_MPI
class MpiRanks final : public RankGroup {
 public:
  int rank() const override { return world_.rank(); }
  int size() const override { return world_.size(); }
  std::vector<std::string> gather(const std::string& mine) override {
    std::vector<std::string> all;
    boost::mpi::gather(world_, mine, all, 0);
    return all;
  }
  std::string broadcast(const std::string& value) override {
    std::string v = value;
    boost::mpi::broadcast(world_, v, 0);
    return v;
  }
  void abort_all(int code) override { world_.abort(code); }

 private:
  boost::mpi::communicator world_;
};

// MPI may be initialised once per process and must be finalised before exit: the environment lives until
// then (a process-wide resource by MPI's own rules, not simulator state).
void ensure_mpi_environment() {
  static const boost::mpi::environment environment(boost::mpi::threading::funneled);
}
#endif

}  // namespace

std::unique_ptr<RankGroup> single_process() { return std::make_unique<SingleProcess>(); }

std::unique_ptr<RankGroup> join_ranks() {
  const int launched = launched_size();
  if (launched == 0) return single_process();
#ifdef RSIM_HAVE_MPI
  ensure_mpi_environment();
  auto ranks = std::make_unique<MpiRanks>();
  if (ranks->size() != launched) {
    throw InputError(
        fmt::format("the launcher started {} ranks but MPI sees a world of {}: is mpirun from the MPI rsim "
                    "was built with "
                    "(Open MPI)?",
                    launched, ranks->size()));
  }
  return ranks;
#else
  if (launched > 1) {
    throw InputError(
        "started by mpirun, but this rsim was built without MPI (install libboost-mpi-dev and rebuild): "
        "every "
        "rank would run the whole experiment");
  }
  return single_process();
#endif
}

}  // namespace rsim
