#!/usr/bin/env bash
# Installs what is missing, builds rsim, and replays the bundled airline day through the example scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release -DRSIM_BUILD_TESTS=OFF -DRSIM_BUILD_BENCH=OFF >/dev/null
cmake --build --preset release --target rsim
./build/release/sim/cli/rsim run models/scenarios/example.json \
  --trace workloads/examples/airline_day.csv --out out/example --plots --html
