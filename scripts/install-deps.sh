#!/usr/bin/env bash
# Installs logscrub's build and test dependencies from Debian 12 packages, when missing.
# Idempotent: does nothing (and needs no network) when everything is already installed.
# --bench: also install the interpreters of the bench/compare.sh baselines (python3, nodejs).
set -euo pipefail

bench=0
for arg in "$@"; do
  if [ "$arg" = "--bench" ]; then bench=1; fi
done

packages=(
  build-essential cmake pkg-config
  libhyperscan-dev   # on arm64 use libvectorscan-dev (same hs.h API)
  libre2-dev libsimdjson-dev libyaml-cpp-dev libcli11-dev libssl-dev
  libgtest-dev libbenchmark-dev
  python3 python3-yaml  # tests/rules/prefilter_sampling.py
  python3-pip        # the python_package test: pip install bindings/python (with setuptools, wheel)
  clang              # scripts/fuzz.sh: libFuzzer and the ASan/UBSan runtimes
  luajit             # bindings/fluent-bit: its test runs the filter as Fluent Bit does
)
# The Node.js binding (bindings/node): node and its headers. A node that came from elsewhere
# (NodeSource's nodejs ships /usr/include/node itself) is left alone.
if [ ! -e /usr/include/node/node_api.h ] && ! command -v node >/dev/null 2>&1; then
  packages+=(nodejs libnode-dev)
elif [ "$bench" -eq 1 ] && ! command -v node >/dev/null 2>&1; then
  packages+=(nodejs)  # python3 is already in the list
fi
if [ "$(dpkg --print-architecture 2>/dev/null)" = "arm64" ]; then
  packages=("${packages[@]/libhyperscan-dev/libvectorscan-dev}")
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
echo "logscrub: installing missing packages: ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
