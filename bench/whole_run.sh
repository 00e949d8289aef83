#!/usr/bin/env bash
# Whole-run benchmark: generates airline traces of about 10^6 and 10^7 queries, then times `rsim run` on
# each from the CSV file (parsing included) and reports queries/s and peak memory.
# Usage: bench/whole_run.sh [BUILD_DIR]   (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
rsim=$build/sim/cli/rsim
work=${RSIM_BENCH_DIR:-/tmp/rsim-bench}
mkdir -p "$work"

# ~4,370 queries per day at scale 1: scale 229 gives ~10^6 in one day; 10 days of the same gives ~10^7.
cat > "$work/w6.json" <<JSON
{"generator": "airline_day", "start": "2026-03-03", "days": 1, "scale": 229}
JSON
cat > "$work/w7.json" <<JSON
{"generator": "airline_day", "start": "2026-03-03", "days": 10, "scale": 229}
JSON
# A deployment sized for that load: the example's shape with room for 229x the queries.
cat > "$work/scenario.json" <<JSON
{"name": "bench", "endpoints": [
  {"name": "producer", "capacity_rpu": 8192, "slots": 2000},
  {"name": "sales", "capacity_rpu": 16384, "slots": 5000},
  {"name": "operations", "capacity_rpu": 8192, "slots": 2000}],
 "routing": [{"match": {"query_type": ["copy", "insert", "update", "delete"]}, "to": "producer"},
             {"match": {"domain": "operations"}, "to": "operations"}, {"to": "sales"}]}
JSON
for n in 6 7; do
  [[ -f $work/t$n.csv ]] || "$rsim" gen "$work/w$n.json" --out "$work/t$n.csv" --seed 1
  /usr/bin/time -f "%e %M" -o "$work/time$n" "$rsim" run "$work/scenario.json" --trace "$work/t$n.csv" \
    --out "$work/out$n" --quiet
  read -r wall rss_kb < "$work/time$n"
  queries=$(python3 -c "import json;print(json.load(open('$work/out$n/report.json'))['trace']['queries'])")
  python3 -c "q=$queries; w=$wall; print(f'1e$n trace: {q} queries in {w:.2f} s = {q/w/1e6:.2f} M queries/s end to end, peak RSS {$rss_kb/1024:.1f} MiB')"
done
