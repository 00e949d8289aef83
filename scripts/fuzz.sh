#!/usr/bin/env bash
# Fuzzes every input reader with libFuzzer (clang, ASan + UBSan) for a while each, by hand: CI does not run
# this (it replays the corpora in the sanitizer build instead, see tests/fuzz/CMakeLists.txt).
#
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default: 300 s each, every target
#
# New coverage is kept in build/fuzz/corpus-work/TARGET; a crash is written to tests/fuzz/corpus/TARGET/ as
# crash-<hash>, to be fixed and committed as a regression input.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(trace_reader sys_query_history stl redset test_drive scenario workload)
fi
bash scripts/install-deps.sh --fuzz
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"
status=0
for t in "${targets[@]}"; do
  work=build/fuzz/corpus-work/$t
  mkdir -p "$work"
  echo "fuzz.sh: $t for $seconds s"
  if ! "build/fuzz/tests/fuzz/${t}_fuzz" -max_total_time="$seconds" -print_final_stats=1 \
       -artifact_prefix="tests/fuzz/corpus/$t/" "$work" "tests/fuzz/corpus/$t"; then
    echo "fuzz.sh: $t found a crash: see tests/fuzz/corpus/$t/crash-*" >&2
    status=1
  fi
done
exit $status
