#!/usr/bin/env bash
# The sanitizer builds of issue 6, each in its own build directory:
#   asan: AddressSanitizer + UndefinedBehaviorSanitizer, the whole test suite;
#   tsan: ThreadSanitizer, the tests that use threads (shared engine, per-thread scratch,
#         scratch misuse, the CLI's --threads and its job cutter reading a pipe).
# Usage: scripts/sanitizers.sh [asan|tsan]...   (default: both). Exit status non-zero when a
# build or a test fails; sanitizer reports fail the test that triggered them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)
kinds=("$@")
[ "${#kinds[@]}" -eq 0 ] && kinds=(asan tsan)

configure() {  # DIR FLAGS
  cmake -S . -B "$1" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOGSCRUB_WERROR=ON \
    -DLOGSCRUB_BUILD_BENCH=OFF \
    -DCMAKE_C_FLAGS="$2" -DCMAKE_CXX_FLAGS="$2" \
    -DCMAKE_EXE_LINKER_FLAGS="$2" -DCMAKE_SHARED_LINKER_FLAGS="$2" >/dev/null
}

for kind in "${kinds[@]}"; do
  case "$kind" in
    asan)
      echo "== AddressSanitizer + UndefinedBehaviorSanitizer: every test"
      configure build-asan "-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
      cmake --build build-asan -j"$jobs"
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-asan --output-on-failure -j"$jobs"
      ;;
    tsan)
      echo "== ThreadSanitizer: the multi-thread tests"
      configure build-tsan "-fsanitize=thread -fno-omit-frame-pointer"
      cmake --build build-tsan -j"$jobs" --target logscrub_tests logscrub_cli record_cutter_test
      TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
        ctest --test-dir build-tsan --output-on-failure -j"$jobs" \
        -R 'Thread|Shared|Scratch|cli_behaviour|record_cutter'
      ;;
    *) echo "usage: $0 [asan|tsan]..." >&2; exit 2 ;;
  esac
done
