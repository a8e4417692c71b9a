#!/usr/bin/env bash
# How `--threads N` scales: times build/logscrub with 1 thread and with N threads on the same
# big file, the two interleaved run by run (so a slow phase of a shared machine hits both),
# and prints every time, the medians and the speed-up (median of 1 thread / median of N).
# Builds nothing: build logscrub_cli first (see bench/README.md).
#
# Usage: bench/threads.sh [N]        N: threads to compare with one (default 2)
# Environment:
#   LOGSCRUB_LOGHUB  directory of loghub *.log files (default ../shared/corpus/loghub); the
#                    input is those files concatenated until it reaches MB megabytes
#   INPUT            a file to use instead (then LOGSCRUB_LOGHUB and MB are not used)
#   MB               size of the input built from loghub (default 1000)
#   RUNS             runs of each thread count (default 8)
#   OUTPUT=file      write the output to a file instead of /dev/null (adds the kernel's
#                    page-cache writes, which are serial work the threads share)
#   KEEP_TMP=1       keep the temporary directory and print its path
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

threads=2
for arg in "$@"; do
  case "$arg" in
    -h | --help)
      awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
      exit 0
      ;;
    *[!0-9]* | "" | 0 | 1)
      echo "threads.sh: N must be a whole number of threads above 1, not '$arg' (try --help)" >&2
      exit 2
      ;;
    *) threads=$arg ;;
  esac
done
: "${MB:=1000}"
: "${RUNS:=8}"
: "${OUTPUT:=null}"
case "$OUTPUT" in
  file | null) ;;
  *)
    echo "threads.sh: OUTPUT must be file or null, not '$OUTPUT'" >&2
    exit 2
    ;;
esac
logscrub=build/logscrub
if [ ! -x "$logscrub" ]; then
  echo "threads.sh: $logscrub not found; build it first: cmake --build build --target logscrub_cli" >&2
  exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/logscrub-threads.XXXXXX")
if [ "${KEEP_TMP:-0}" = 1 ]; then
  trap 'echo "kept $tmp" >&2' EXIT
else
  trap 'rm -rf "$tmp"' EXIT
fi

input=${INPUT:-}
if [ -z "$input" ]; then
  loghub_dir=${LOGSCRUB_LOGHUB:-../shared/corpus/loghub}
  shopt -s nullglob
  files=("$loghub_dir"/*.log)
  shopt -u nullglob
  if [ "${#files[@]}" = 0 ]; then
    echo "threads.sh: no *.log in $loghub_dir (set LOGSCRUB_LOGHUB, or INPUT=FILE)" >&2
    exit 2
  fi
  cat "${files[@]}" > "$tmp/once.log"
  once=$(stat -c %s "$tmp/once.log")
  reps=$(((MB * 1000000 + once - 1) / once))
  for _ in $(seq "$reps"); do cat "$tmp/once.log"; done > "$tmp/input.log"
  rm -f "$tmp/once.log"
  input=$tmp/input.log
elif [ ! -r "$input" ]; then
  echo "threads.sh: cannot read INPUT '$input'" >&2
  exit 2
fi
bytes=$(stat -c %s "$input")
out=/dev/null
[ "$OUTPUT" = file ] && out=$tmp/out.log

cpu=$(grep -m1 '^model name' /proc/cpuinfo 2> /dev/null | cut -d: -f2- | sed 's/^ *//')
echo "machine: ${cpu:-unknown CPU}, $(nproc) CPUs, $(uname -sr)"
echo "input:   $input, $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }'); output to $out"
echo "runs:    $RUNS of each, 1 and $threads threads interleaved"
echo

cat "$input" > /dev/null  # into the page cache before the first timed run
times1=() timesn=()
time_run() {  # time_run THREADS: seconds of one run (fails the script when logscrub fails)
  local t0 t1
  rm -f "$tmp/out.log"
  t0=$EPOCHREALTIME
  "$logscrub" --threads "$1" "$input" > "$out"
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }'
}
for run in $(seq "$RUNS"); do
  a=$(time_run 1)
  b=$(time_run "$threads")
  times1+=("$a")
  timesn+=("$b")
  printf 'run %2d: 1 thread %8.4f s   %d threads %8.4f s   (%.2fx)\n' "$run" "$a" "$threads" "$b" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN { print a / b }')"
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
best() { printf '%s\n' "$@" | sort -n | head -1; }
m1=$(median "${times1[@]}")
mn=$(median "${timesn[@]}")
b1=$(best "${times1[@]}")
bn=$(best "${timesn[@]}")
echo
awk -v m1="$m1" -v mn="$mn" -v b1="$b1" -v bn="$bn" -v n="$threads" -v bytes="$bytes" 'BEGIN {
  printf "median: 1 thread %.4f s (%.0f MB/s), %d threads %.4f s (%.0f MB/s): %.2fx\n",
    m1, bytes / 1e6 / m1, n, mn, bytes / 1e6 / mn, m1 / mn
  printf "best:   1 thread %.4f s, %d threads %.4f s: %.2fx\n", b1, n, bn, b1 / bn
}'
