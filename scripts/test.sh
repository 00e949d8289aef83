#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite in two builds:
#   release  the optimised build: every test at full size, the notebooks, headless Chromium, mpirun,
#            the real PostgreSQL servers; the benchmarks are built (not run) so they keep compiling
#   asan     AddressSanitizer + UndefinedBehaviorSanitizer: the same tests (the analytic ones at 1/100 of
#            their size, tests/support/analytic.h) and the fuzz corpora, without the browser test
#            (tests/CMakeLists.txt says why); notebooks and MPI are not built there
# Compiles go through ccache (~/.cache/ccache), so a second run, even from another clone, compiles little.
# At the end it prints each build's ten slowest tests, so a test that has grown slow is seen the day it lands.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc)
log_dir=build/test-logs
mkdir -p "$log_dir"

# The ten slowest tests of a ctest log. (awk, not head, takes the first ten: head would stop reading, and
# under pipefail sort's SIGPIPE would fail the script.)
slowest() {
  sed -nE 's/^ *[0-9]+\/[0-9]+ Test +#[0-9]+: ([^ ]+) .* ([0-9.]+) sec$/\2 \1/p' "$1" | sort -rn |
    awk -v build="$2" 'BEGIN { print "slowest tests (" build "):" } NR <= 10 { printf "  %7.2f s  %s\n", $1, $2 }'
}

run_build() {  # PRESET [extra configure arguments]
  local preset=$1 started=$SECONDS
  shift
  cmake --preset "$preset" "$@" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  local built=$SECONDS
  # Tests wait on servers and child processes as much as they compute: one more than the cores keeps both busy.
  ctest --preset "$preset" -j $((jobs + 1)) 2>&1 | tee "$log_dir/$preset.log"
  echo "test.sh: $preset built in $((built - started)) s, tested in $((SECONDS - built)) s"
}

run_build release -DRSIM_BUILD_TESTS=ON -DRSIM_BUILD_BENCH=ON
run_build asan

slowest "$log_dir/release.log" release
slowest "$log_dir/asan.log" asan
echo "test.sh: all passed in $SECONDS s"
