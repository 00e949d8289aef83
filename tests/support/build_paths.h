// Where the tests and benchmarks find the rsim binary and the repository's files.
//
// The values live in one source that the build generates (build_paths.cc.in), not in compile flags: no
// compile command then carries an absolute path, and the compiler cache serves a clone of the repository in
// another folder (CI's fresh clone) from what an earlier build compiled.
#pragma once

namespace rsim::testing {

const char* rsim_binary();    // the rsim executable of this build
const char* source_dir();     // the repository root
const char* test_data_dir();  // tests/fixtures
const char* mpirun();         // the MPI launcher found when configuring; "" in a build without MPI

}  // namespace rsim::testing
