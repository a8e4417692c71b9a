#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang, AddressSanitizer and UndefinedBehaviorSanitizer
# (library code instrumented too) in build-fuzz/, then runs each target for FUZZ_SECONDS seconds
# (default 20) on a scratch copy of its seed corpus (fuzz/corpus/<target>/ is never modified).
# Exits non-zero when any target reports a crash, leak, timeout, out-of-memory or oracle
# failure; the failing input is kept under build-fuzz/fuzz-out/<target>/ (see fuzz/README.md).
#
#   scripts/fuzz.sh                        # every target, 20 s each
#   FUZZ_SECONDS=3600 scripts/fuzz.sh      # longer
#   scripts/fuzz.sh fuzz_stream fuzz_json  # some targets only
#
# Environment: FUZZ_SECONDS, FUZZ_BUILD_DIR (default build-fuzz), FUZZ_JOBS (parallel build jobs),
# FUZZ_ARGS (extra libFuzzer flags). Needs no stdin and no terminal (CI=true is fine).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=${FUZZ_SECONDS:-20}
# FUZZ_RUNS=ci: a fixed number of inputs per target from a fixed seed (-seed=1 -runs=N), about
# 20-40 s each on a CI machine, so a CI run is repeatable: the same code gives the same
# verdict. Any other FUZZ_RUNS value N: -runs=N for every target. Unset: FUZZ_SECONDS each.
declare -A ci_runs=([fuzz_scrub]=30000 [fuzz_stream]=20000 [fuzz_json]=30000
                    [fuzz_small_output]=25000 [fuzz_find]=60000 [fuzz_rules]=600)
build=${FUZZ_BUILD_DIR:-build-fuzz}
jobs=${FUZZ_JOBS:-$(nproc)}
all_targets=(fuzz_scrub fuzz_stream fuzz_json fuzz_small_output fuzz_find fuzz_rules)
if [ "$#" -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi

scripts/install-deps.sh </dev/null

sanitize="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer"
# Build-time tools (the Hyperscan database generator) run instrumented too: no leak report there.
export ASAN_OPTIONS=detect_leaks=0
cmake -S . -B "$build" \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS="$sanitize" -DCMAKE_CXX_FLAGS="$sanitize" \
  -DLOGSCRUB_FUZZ=ON -DLOGSCRUB_BUILD_TESTS=OFF -DLOGSCRUB_BUILD_BENCH=OFF \
  >/dev/null </dev/null
cmake --build "$build" -j"$jobs" --target "${targets[@]}" </dev/null

# Runtime sanitizer settings: abort on the first error with a stack, and detect leaks.
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:symbolize=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

out_root="$build/fuzz-out"
failed=()
summary=()
for target in "${targets[@]}"; do
  bin="$build/fuzz/$target"
  seeds="$root/fuzz/corpus/$target"
  work="$out_root/$target"
  rm -rf "$work"
  mkdir -p "$work/corpus" "$work/artifacts"
  if [ -d "$seeds" ]; then cp -R "$seeds/." "$work/corpus/"; fi
  if [ "${FUZZ_RUNS:-}" = "ci" ]; then
    limit=(-seed=1 -runs="${ci_runs[$target]}")
  elif [ -n "${FUZZ_RUNS:-}" ]; then
    limit=(-seed=1 -runs="$FUZZ_RUNS")
  else
    limit=(-max_total_time="$seconds")
  fi
  echo "=== $target: ${limit[*]}"
  set +e
  # shellcheck disable=SC2086  # FUZZ_ARGS is a list of flags
  "$bin" "$work/corpus" "${limit[@]}" -timeout=30 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" ${FUZZ_ARGS:-} \
    </dev/null >"$work/log.txt" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log.txt" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$work/log.txt" | tail -n 1 || true)
  artifacts=$(find "$work/artifacts" -type f | sort)
  if [ "$rc" -ne 0 ] || [ -n "$artifacts" ]; then
    failed+=("$target")
    summary+=("$(printf '%-18s FAILED (exit %s), %s executions' "$target" "$rc" "${execs:-?}")")
    echo "--- $target failed (exit $rc); last lines of $work/log.txt:"
    tail -n 60 "$work/log.txt"
    for a in $artifacts; do echo "--- input saved: $a"; done
  else
    summary+=("$(printf '%-18s ok, %s executions, %s' "$target" "${execs:-?}" "${cov:-cov: ?}")")
  fi
done

echo
if [ -n "${FUZZ_RUNS:-}" ]; then echo "=== fuzz summary (runs: $FUZZ_RUNS, seed 1)"; else echo "=== fuzz summary (${seconds}s per target)"; fi
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -ne 0 ]; then
  echo "failed: ${failed[*]} (reproduce: $build/fuzz/<target> <saved input>)" >&2
  exit 1
fi
