#!/usr/bin/env bash
# Installs the Debian 12 packages rsim needs to build and test. Idempotent: installs only what is missing.
#   bash scripts/install-deps.sh           what the builds and the tests need (scripts/demo.sh, scripts/test.sh)
#   bash scripts/install-deps.sh --fuzz    also clang and its libFuzzer runtime (scripts/fuzz.sh)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-dev libboost-iostreams-dev libeigen3-dev nlohmann-json3-dev libfmt-dev libcli11-dev libtbb-dev
  libpq-dev libzstd-dev zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  ccache  # compiles are cached in ~/.cache/ccache, shared by every clone
  libboost-mpi-dev libboost-serialization-dev openmpi-bin  # rsim sweep under mpirun
  gnuplot-nox libgnuplot-iostream-dev libboost-filesystem-dev  # --plots
  chromium  # the HTML report test renders report.html headless
  jupyter-nbconvert python3-nbconvert python3-ipykernel python3-pandas python3-matplotlib  # notebooks/, run in the tests
  postgresql  # the calibration tests start a real server (initdb into a temporary directory)
)

if [[ ${1:-} == --fuzz ]]; then
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
