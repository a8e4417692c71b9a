#!/usr/bin/env bash
# Measures build/logscrub on the real logs in ../shared/corpus/loghub: how many of the lines it
# changes (each should be a real secret or personal data item), and its throughput end to end
# (start-up, read, scrub, write) on the corpus repeated to ~100 MB, next to `cat` on the same file.
# Usage: scripts/measure-loghub.sh [CORPUS_DIR] [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/loghub}
repeat=${2:-50}
bin=build/logscrub
[ -x "$bin" ] || { echo "build $bin first (scripts/quickstart.sh)" >&2; exit 2; }
ls "$corpus"/*.log >/dev/null 2>&1 || { echo "no *.log in $corpus" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat "$corpus"/*.log > "$tmp/once.log"
lines=$(wc -l < "$tmp/once.log")
"$bin" "$tmp/once.log" > "$tmp/once.out"
changed=$(diff "$tmp/once.log" "$tmp/once.out" | grep -c '^>' || true)
echo "lines: $lines, changed: $changed"
diff "$tmp/once.log" "$tmp/once.out" | grep '^>' | cut -c1-160 || true
for _ in $(seq "$repeat"); do cat "$tmp/once.log"; done > "$tmp/big.log"
bytes=$(stat -c %s "$tmp/big.log")
best() {  # best wall time of 3 runs of "$@" reading big.log, writing to a file
  local t best=999999
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N); "$@" "$tmp/big.log" > "$tmp/out"; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    best=$(echo "if ($t < $best) $t else $best" | bc -l)
  done
  echo "$best"
}
t_scrub=$(best "$bin")
t_cat=$(best cat)
mb=$(echo "$bytes / 1000000" | bc -l)
printf 'input: %.1f MB (loghub x%d)\n' "$mb" "$repeat"
printf 'logscrub: %.3f s  %.0f MB/s\n' "$t_scrub" "$(echo "$mb / $t_scrub" | bc -l)"
printf 'cat:      %.3f s  %.0f MB/s\n' "$t_cat" "$(echo "$mb / $t_cat" | bc -l)"
printf 'logscrub / cat: %.1f%%\n' "$(echo "100 * $t_cat / $t_scrub" | bc -l)"
