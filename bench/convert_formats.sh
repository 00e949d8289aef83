#!/usr/bin/env bash
# Reading-speed benchmark of `rsim trace convert`: 10^6 and 10^7 rows of each foreign format (written by
# make_foreign_traces.py), converted to a canonical trace (writing included); rows/s and peak memory.
# Usage: bench/convert_formats.sh [BUILD_DIR]   (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
rsim=$build/sim/cli/rsim
work=${RSIM_BENCH_DIR:-/tmp/rsim-bench}/formats
for n in 6 7; do
  dir=$work/1e$n
  mkdir -p "$dir/test_drive"
  if [[ ! -f $dir/redset.csv ]]; then
    python3 bench/make_foreign_traces.py "$((10 ** n))" "$dir"
    mv "$dir/SQLs.json" "$dir/test_drive/SQLs.json"
  fi
  for format in sys_query_history stl redset test_drive; do
    case $format in
      test_drive) input=$dir/test_drive ;;
      *) input=$dir/$format.csv ;;
    esac
    /usr/bin/time -f "%e %M" -o "$dir/time" "$rsim" trace convert --from "$format" "$input" --out "$dir/out.csv" \
      2> "$dir/log"
    read -r wall rss_kb < "$dir/time"
    queries=$(sed -n 's/^converted \([0-9]*\) queries.*/\1/p' "$dir/log")
    size=$(du -sm "$input" | cut -f1)
    python3 -c "q=$queries; w=$wall; print(f'1e$n $format ({$size} MB): {q} queries in {w:.2f} s = {q/w/1e6:.2f} M rows/s, peak RSS {$rss_kb/1024:.1f} MiB')"
  done
  "$rsim" trace stats "$dir/out.csv" > /dev/null  # the last output is a valid canonical trace
done
