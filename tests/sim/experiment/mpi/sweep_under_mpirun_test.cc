// `rsim sweep` under `mpirun -np 2` (Open MPI's launcher, which rsim is built against) spreads the variants
// over two ranks and writes exactly what the threaded run writes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/build_paths.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"

namespace rsim {
namespace {

TEST(SweepUnderMpirun, TwoRanksMatchTheThreadedRunExactly) {
  testing::TempDir dir;
  const std::string sweep = testing::kSourceDir + "/models/experiments/golden_capacity_sweep.json";
  const std::string mpi_out = (dir.path() / "mpi").string();
  // Root may start MPI jobs only when told to; --oversubscribe lets two ranks run on a one-core runner.
  const std::string command = std::string(testing::mpirun()) + " --allow-run-as-root --oversubscribe -np 2 " +
                              testing::rsim_binary() + " sweep " + sweep + " --jobs 1 --out " + mpi_out +
                              " 2>&1";
  FILE* p = popen(command.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string output;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, p)) output.append(buf, n);
  ASSERT_EQ(pclose(p), 0) << output;
  // Rank 0 alone prints the table.
  ASSERT_NE(output.find("16 variants"), std::string::npos) << output;
  EXPECT_EQ(output.find("16 variants"), output.rfind("16 variants")) << output;

  const auto threaded =
      testing::run_rsim("sweep " + sweep + " --jobs 2 -q --out " + (dir.path() / "tbb").string());
  ASSERT_EQ(threaded.code, 0) << threaded.output;
  const std::string csv = testing::read_file(dir.path() / "mpi" / "sweep.csv");
  EXPECT_FALSE(csv.empty());
  EXPECT_TRUE(csv == testing::read_file(dir.path() / "tbb" / "sweep.csv"));
  auto a = nlohmann::json::parse(testing::read_file(dir.path() / "mpi" / "sweep.json"));
  auto b = nlohmann::json::parse(testing::read_file(dir.path() / "tbb" / "sweep.json"));
  EXPECT_EQ(a["run"]["ranks"], 2);
  EXPECT_EQ(b["run"]["ranks"], 1);
  a.erase("run");
  b.erase("run");
  EXPECT_TRUE(a == b);
}

}  // namespace
}  // namespace rsim
