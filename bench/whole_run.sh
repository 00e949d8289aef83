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
# Two deployments for that load. "sized": the example's three endpoints with 229 times the slots at the
# example's per-slot speed and memory (M(n) = n, so the same as 229 copies of the example side by side): it
# carries the load, as a capacity plan would. "backlog": the first version of this benchmark, which cannot
# carry it (concurrency curve n^0.3 on a few thousand slots): queues grow to ~10^5 queries in flight over the
# day, a stress test of the wait queues rather than a plan anyone would run.
cat > "$work/sized.json" <<JSON
{"name": "bench-sized", "work": {"serial_fraction": 0.1}, "endpoints": [
  {"name": "producer", "capacity": "ra3.4xlarge:4", "slots": 1145, "concurrency_exponent": 1, "memory_mb": 68700000},
  {"name": "sales", "capacity": "ra3.4xlarge:2", "slots": 1145, "concurrency_exponent": 1, "memory_mb": 34350000},
  {"name": "operations", "capacity": "ra3.4xlarge:2", "slots": 1145, "concurrency_exponent": 1, "memory_mb": 34350000}],
 "routing": [{"match": {"query_type": ["copy", "insert", "update", "delete", "ctas", "ddl"]}, "to": "producer"},
             {"match": {"domain": "operations"}, "to": "operations"}, {"to": "sales"}]}
JSON
cat > "$work/backlog.json" <<JSON
{"name": "bench-backlog", "endpoints": [
  {"name": "producer", "capacity_rpu": 8192, "slots": 2000},
  {"name": "sales", "capacity_rpu": 16384, "slots": 5000},
  {"name": "operations", "capacity_rpu": 8192, "slots": 2000}],
 "routing": [{"match": {"query_type": ["copy", "insert", "update", "delete"]}, "to": "producer"},
             {"match": {"domain": "operations"}, "to": "operations"}, {"to": "sales"}]}
JSON
for n in 6 7; do
  [[ -f $work/t$n.csv ]] || "$rsim" gen "$work/w$n.json" --out "$work/t$n.csv" --seed 1
  for scenario in sized backlog; do
    /usr/bin/time -f "%e %M" -o "$work/time$n" "$rsim" run "$work/$scenario.json" --trace "$work/t$n.csv" \
      --out "$work/out$n-$scenario" --quiet
    read -r wall rss_kb < "$work/time$n"
    queries=$(python3 -c "import json;print(json.load(open('$work/out$n-$scenario/report.json'))['trace']['queries'])")
    python3 -c "q=$queries; w=$wall; print(f'1e$n trace, $scenario: {q} queries in {w:.2f} s = {q/w/1e6:.2f} M queries/s end to end, peak RSS {$rss_kb/1024:.1f} MiB')"
  done
done
