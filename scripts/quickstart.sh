#!/usr/bin/env bash
# README command 1: install what is missing, build in Release, scrub the shipped sample log.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target logscrub_cli logscrub_shared
echo "---- build/logscrub samples/app.log ----" >&2
build/logscrub samples/app.log
