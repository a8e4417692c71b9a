#!/usr/bin/env bash
# Times build/logscrub against `cat` and the "line loop" scrubbers users would otherwise write
# (bench/baselines/: RE2, Python re, Node RegExp, all with the same patterns.txt) on the same
# files, and prints one table. A `copy` row (dd bs=64K: read 64 KB, write it, nothing else)
# is the floor of any filter that reads and writes every byte, which `cat` is not: it copies
# file to file inside the kernel (copy_file_range) without the bytes entering its memory.
# Before every timed run, untimed: the last run's output is deleted (every run writes a new
# file), `sync` (no writeback of the corpora or of earlier outputs runs during the timing,
# competing for the CPUs) and a read of the input (it is in the page cache, whatever the VM
# dropped since). Every tool starts from the same state.
# Builds nothing: build the targets first (see bench/README.md).
#
# Usage: bench/compare.sh [--quick]
#   --quick          smaller corpora and baseline prefixes, for a smoke run (~20 seconds)
# Environment:
#   LOGSCRUB_ARGS    extra arguments for build/logscrub (word-split), e.g. "--format text", or
#                    "--threads 2" to compare thread counts
#   LOGSCRUB_LOGHUB  directory of loghub *.log files (default ../shared/corpus/loghub, from the
#                    repo root); skipped when it has none
#   BASELINE_MB      size of the prefix the Python and Node baselines run on (default 10, quick 2)
#   RE2_MB           size of the prefix the RE2 baseline runs on (default: the whole corpus)
#   RUNS             timed runs per measurement, the best is kept (default 3)
#   OUTPUT=null      write every tool's output to /dev/null instead of a file: no page-cache
#                    writes, and no "% lines changed" (cat then splices, so "% of cat" is moot)
#   KEEP_TMP=1       keep the temporary directory (corpora and outputs) and print its path
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

quick=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    -h | --help)
      awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
      exit 0
      ;;
    *)
      echo "compare.sh: unknown argument '$arg' (try --help)" >&2
      exit 2
      ;;
  esac
done

if [ "$quick" = 1 ]; then
  plain_mb=10 json_mb=10 dense_mb=5 loghub_mb=10
  : "${BASELINE_MB:=2}"
else
  plain_mb=100 json_mb=100 dense_mb=50 loghub_mb=100
  : "${BASELINE_MB:=10}"
fi
: "${RE2_MB:=0}"
: "${RUNS:=3}"
: "${LOGSCRUB_ARGS:=}"
: "${OUTPUT:=file}"
case "$OUTPUT" in
  file | null) ;;
  *)
    echo "compare.sh: OUTPUT must be file or null, not '$OUTPUT'" >&2
    exit 2
    ;;
esac
read -r -a logscrub_args <<< "$LOGSCRUB_ARGS"  # word-split, e.g. "--threads 2"
loghub_dir=${LOGSCRUB_LOGHUB:-../shared/corpus/loghub}
patterns=bench/baselines/patterns.txt
logscrub=build/logscrub
corpus_tool=build/logscrub_corpus
re2_tool=build/logscrub_baseline_re2

for bin in "$logscrub" "$corpus_tool"; do
  if [ ! -x "$bin" ]; then
    cat >&2 <<EOF
compare.sh: $bin not found. Configure and build first, e.g.
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
  cmake --build build -j2 --target logscrub_cli logscrub_corpus logscrub_baseline_re2
EOF
    exit 2
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/logscrub-compare.XXXXXX")
if [ "${KEEP_TMP:-0}" = 1 ]; then
  trap 'echo "kept $tmp" >&2' EXIT
else
  trap 'rm -rf "$tmp"' EXIT
fi

# --- machine facts --------------------------------------------------------------------------
cpu=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
mem=$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
echo "machine: ${cpu:-unknown CPU}, $(nproc) CPUs, ${mem:-? GB} RAM, $(uname -sr)"
py_version=$(python3 --version 2>/dev/null || echo "python3 missing")
node_version=$(node --version 2>/dev/null || echo "missing")
echo "tools:   $py_version, node $node_version"
echo "logscrub: $logscrub ${LOGSCRUB_ARGS:-(no extra args)}"
echo "runs: best of $RUNS wall-clock (each after sync and a read of its input), output to $([ "$OUTPUT" = null ] && echo /dev/null || echo a file); python/node on the first ${BASELINE_MB} MB" \
  "of each corpus$([ "$RE2_MB" != 0 ] && echo ", re2 on the first $RE2_MB MB")"
echo

# --- corpora ----------------------------------------------------------------------------------
corpora=()
gen() {  # gen NAME KIND MB
  "$corpus_tool" "$2" "$3" > "$tmp/$1.log"
  corpora+=("$1")
}
gen plain plain "$plain_mb"
gen json json "$json_mb"
gen dense dense "$dense_mb"
shopt -s nullglob
loghub_files=("$loghub_dir"/*.log)
shopt -u nullglob
if [ "${#loghub_files[@]}" -gt 0 ]; then
  cat "${loghub_files[@]}" > "$tmp/loghub.once"
  target=$((loghub_mb * 1000000))
  once=$(stat -c %s "$tmp/loghub.once")
  reps=$(((target + once - 1) / once))
  for _ in $(seq "$reps"); do cat "$tmp/loghub.once"; done > "$tmp/loghub.log"
  rm -f "$tmp/loghub.once"
  corpora+=(loghub)
else
  echo "note: no *.log in $loghub_dir, skipping the loghub corpus (set LOGSCRUB_LOGHUB)"
fi

# prefix FILE MB -> path of the first MB megabytes of FILE, cut back to a whole line (FILE itself
# when it is not longer than that)
prefix() {
  local file=$1 mb=$2 bytes limit
  bytes=$(stat -c %s "$file")
  limit=$(awk -v m="$mb" 'BEGIN { printf "%d", m * 1e6 }')  # MB may be fractional
  if [ "$limit" -le 0 ] || [ "$bytes" -le "$limit" ]; then
    echo "$file"
    return
  fi
  head -c "$limit" "$file" | head -n -1 > "$file.$mb.prefix"
  echo "$file.$mb.prefix"
}

# --- tools ------------------------------------------------------------------------------------
tools=(cat copy logscrub)
declare -A tool_mb=([cat]=0 [copy]=0 [logscrub]=0)
if [ -x "$re2_tool" ]; then
  tools+=(re2)
  tool_mb[re2]=$RE2_MB
else
  echo "note: $re2_tool not built, skipping the RE2 baseline"
fi
if command -v python3 > /dev/null; then
  tools+=(python)
  tool_mb[python]=$BASELINE_MB
else
  echo "note: python3 not found, skipping the Python baseline (scripts/install-deps.sh --bench)"
fi
if command -v node > /dev/null; then
  tools+=(node)
  tool_mb[node]=$BASELINE_MB
else
  echo "note: node not found, skipping the Node.js baseline (scripts/install-deps.sh --bench)"
fi

run_tool() {  # run_tool TOOL INPUT: scrub INPUT to $tmp/out.TOOL (or /dev/null, OUTPUT=null)
  local tool=$1 input=$2 out=$tmp/out.$1
  [ "$OUTPUT" = null ] && out=/dev/null
  case "$tool" in
    cat) cat "$input" ;;
    copy) dd if="$input" bs=64K status=none ;;
    logscrub) "$logscrub" "${logscrub_args[@]}" "$input" ;;
    re2) "$re2_tool" "$patterns" < "$input" ;;
    python) python3 bench/baselines/python_scrubber.py "$patterns" < "$input" ;;
    node) node bench/baselines/node_scrubber.js "$patterns" < "$input" ;;
  esac > "$out"
}

# changed_pct INPUT OUTPUT: percentage of INPUT's lines that differ in OUTPUT (line by line,
# over INPUT's lines only: logscrub runs on the whole corpus, the others maybe on a prefix).
changed_pct() {
  awk -v out="$2" '{ n++; if ((getline o < out) <= 0 || o != $0) c++ }
                   END { if (n) printf "%.2f", 100 * c / n; else print "-" }' "$1"
}

# --- measure ----------------------------------------------------------------------------------
declare -A mbps changed processed
for corpus in "${corpora[@]}"; do
  file="$tmp/$corpus.log"
  check=$(prefix "$file" "$BASELINE_MB")  # the lines "% lines changed" is computed over
  for tool in "${tools[@]}"; do
    input=$(prefix "$file" "${tool_mb[$tool]}")
    bytes=$(stat -c %s "$input")
    best=""
    for _ in $(seq "$RUNS"); do
      rm -f "$tmp/out.$tool"  # each run writes a new file: no tool pays for truncating the last
      sync
      cat "$input" > /dev/null
      t0=$EPOCHREALTIME
      if ! run_tool "$tool" "$input"; then
        best=FAIL
        break
      fi
      t1=$EPOCHREALTIME
      best=$(awk -v a="$t0" -v b="$t1" -v best="$best" \
        'BEGIN { t = b - a; if (best == "" || t < best) best = t; printf "%.6f", best }')
    done
    key="$corpus/$tool"
    processed[$key]=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
    if [ "$best" = FAIL ]; then
      mbps[$key]=FAIL
      changed[$key]=-
    else
      mbps[$key]=$(awk -v b="$bytes" -v t="$best" 'BEGIN { printf "%.2f", b / 1e6 / t }')
      if [ "$OUTPUT" = null ]; then
        changed[$key]=-
      else
        changed[$key]=$(changed_pct "$check" "$tmp/out.$tool")
      fi
    fi
    rm -f "$tmp/out.$tool"
  done
  rm -f "$file".*.prefix
done

# --- report -----------------------------------------------------------------------------------
# logscrub/tool: how many times faster logscrub is than the tool (below 1: slower, as against
# cat). % of cat: the tool's throughput as a share of cat's on the same corpus.
row() { printf '%-7s %-9s %9s %10s %14s %9s %16s\n' "$@"; }
row corpus tool "input MB" "MB/s" "logscrub/tool" "% of cat" "% lines changed"
row ------- --------- -------- ---------- ------------- -------- ---------------
for corpus in "${corpora[@]}"; do
  ls_rate=${mbps[$corpus/logscrub]}
  cat_rate=${mbps[$corpus/cat]}
  for tool in "${tools[@]}"; do
    key="$corpus/$tool"
    rate=${mbps[$key]}
    read -r ratio pct < <(awk -v r="$rate" -v l="$ls_rate" -v c="$cat_rate" 'BEGIN {
      ratio = (r + 0 > 0 && l + 0 > 0) ? sprintf("%.2fx", l / r) : "-"
      pct = (r + 0 > 0 && c + 0 > 0) ? sprintf("%.1f", 100 * r / c) : "-"
      print ratio, pct }')
    row "$corpus" "$tool" "${processed[$key]}" "$rate" "$ratio" "$pct" "${changed[$key]}"
  done
done
echo
if [ "$OUTPUT" = null ]; then
  echo "% lines changed: not computed (OUTPUT=null discards the output)."
else
  echo "% lines changed is over the first ${BASELINE_MB} MB of each corpus (the lines every tool saw)."
fi
