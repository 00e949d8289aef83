#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite: the optimised build, the
# AddressSanitizer + UndefinedBehaviorSanitizer build, and the libFuzzer targets (clang) over their corpora.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc)

cmake --preset release -DRSIM_BUILD_TESTS=ON -DRSIM_BUILD_BENCH=ON >/dev/null
cmake --build --preset release -j "$jobs"
ctest --preset release -j "$jobs"

cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
ctest --preset asan -j "$jobs"

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"
ctest --preset fuzz -j "$jobs"
