# shellcheck shell=bash
# Shared by the CLI test scripts (sourced, not run): a private temporary directory as the
# working directory, removed on exit, and the pass/fail bookkeeping.
# tests/data, found before the cd below (BASH_SOURCE may be a relative path).
HARNESS_DATA=$(cd "$(dirname "${BASH_SOURCE[0]}")/../data" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 2

failures=0
pass() { printf 'ok   %s\n' "$1"; }
fail() { printf 'FAIL %s\n' "$1"; failures=$((failures + 1)); }
# expect_rc NAME WANT GOT
expect_rc() { if [ "$3" -eq "$2" ]; then pass "$1 (exit $3)"; else fail "$1: exit $3, want $2"; fi; }
# Writes to $1 a rule file of one private rule, test.token (tok_ and 16 alphanumerics), so a
# test does not depend on the built-in rules.
write_test_rule() {
  cp "$HARNESS_DATA/test_token_rule.yaml" "$1"
}
# Exits with the verdict of the script named $1.
finish() {
  if [ "$failures" -ne 0 ]; then echo "$1: $failures failure(s)"; exit 1; fi
  echo "$1: all passed"
}
