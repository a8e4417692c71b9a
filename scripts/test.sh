#!/usr/bin/env bash
# README command 2: install what is missing, then build and run every test.
#   1. Release build, warnings are errors, the whole ctest suite (unit, C API, CLI golden and
#      behaviour, adversarial, fuzz seed replay);
#   2. AddressSanitizer + UndefinedBehaviorSanitizer build running the whole suite, and a
#      ThreadSanitizer build running the multi-thread tests (scripts/sanitizers.sh);
#   3. every libFuzzer target under ASan + UBSan for a fixed number of inputs from a fixed seed
#      (scripts/fuzz.sh with FUZZ_RUNS=ci).
# Usage: scripts/test.sh [--quick]    (--quick: step 1 only, a few minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
  esac
done
scripts/install-deps.sh </dev/null
start=$(date +%s)
step() { echo "== [$(( $(date +%s) - start ))s] $*"; }

step "release build and the test suite"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DLOGSCRUB_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
[ "$quick" -eq 1 ] && { step "done (--quick)"; exit 0; }

step "sanitizer builds"
scripts/sanitizers.sh asan tsan
step "fuzz targets"
FUZZ_RUNS=ci scripts/fuzz.sh
step "all passed"
