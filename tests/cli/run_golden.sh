#!/usr/bin/env bash
# Golden tests of the logscrub CLI. Usage: run_golden.sh BIN GOLDEN_DIR
#
# For each GOLDEN_DIR/NAME.in:
#   NAME not starting with "scan":  `BIN NAME.in` and `BIN < NAME.in` (default options) must
#                                   both write exactly NAME.expected (byte for byte), exit 0.
#   NAME starting with "scan":      `BIN scan NAME.in` (run inside GOLDEN_DIR, so paths are
#                                   "NAME.in") must print exactly NAME.expected; exit status
#                                   1 if NAME.expected is non-empty, else 0.
# Set GOLDEN_UPDATE=1 to (re)write the .expected files instead; review them before committing.
set -u
BIN=${1:?usage: run_golden.sh BIN GOLDEN_DIR}
DIR=${2:?usage: run_golden.sh BIN GOLDEN_DIR}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
cd "$DIR" || { echo "cannot enter $DIR" >&2; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

failures=0
cases=0
shopt -s nullglob
for in in *.in; do
  name=${in%.in}
  expected=$name.expected
  cases=$((cases + 1))
  if [ "${name#scan}" != "$name" ]; then
    "$BIN" scan "$in" > "$OUT/$name.out" 2> "$OUT/$name.err"; rc=$?
    if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then cp "$OUT/$name.out" "$expected"; echo "updated $expected"; continue; fi
    want_rc=0; [ -s "$expected" ] && want_rc=1
    if [ "$rc" -ne "$want_rc" ]; then
      echo "FAIL $name: scan exit $rc, want $want_rc"; cat "$OUT/$name.err"; failures=$((failures + 1)); continue
    fi
    if ! cmp -s "$expected" "$OUT/$name.out"; then
      echo "FAIL $name: scan output differs"; diff -a "$expected" "$OUT/$name.out" | head -40
      failures=$((failures + 1)); continue
    fi
    echo "ok   $name"
    continue
  fi
  "$BIN" "$in" > "$OUT/$name.out" 2> "$OUT/$name.err"; rc=$?
  if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then cp "$OUT/$name.out" "$expected"; echo "updated $expected"; continue; fi
  if [ "$rc" -ne 0 ]; then
    echo "FAIL $name: exit $rc"; cat "$OUT/$name.err"; failures=$((failures + 1)); continue
  fi
  if [ ! -f "$expected" ]; then echo "FAIL $name: $expected missing"; failures=$((failures + 1)); continue; fi
  if ! cmp -s "$expected" "$OUT/$name.out"; then
    echo "FAIL $name: output differs (file input)"
    diff -a "$expected" "$OUT/$name.out" | head -40
    failures=$((failures + 1)); continue
  fi
  "$BIN" < "$in" > "$OUT/$name.stdin.out" 2>/dev/null; rc=$?
  if [ "$rc" -ne 0 ] || ! cmp -s "$expected" "$OUT/$name.stdin.out"; then
    echo "FAIL $name: stdin output differs (exit $rc)"; failures=$((failures + 1)); continue
  fi
  echo "ok   $name"
done

if [ "$cases" -eq 0 ]; then echo "no *.in files in $DIR"; exit 1; fi
if [ "$failures" -ne 0 ]; then echo "golden: $failures of $cases case(s) failed"; exit 1; fi
echo "golden: $cases case(s) passed"
