#!/usr/bin/env bash
# Behaviour tests of the logscrub command line: exit codes, help, errors, line framing and
# streaming latency. Usage: cli_behaviour.sh BIN   (BIN = path to build/logscrub)
set -u
BIN=${1:?usage: cli_behaviour.sh BIN}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
[ -x "$BIN" ] || { echo "not executable: $BIN" >&2; exit 2; }

# shellcheck source=tests/cli/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"

# A private rule file, so these tests do not depend on the built-in rules.
write_test_rule rules.yaml
cat > bad_rules.yaml <<'YAML'
rules:
  - id: test.broken
    category: secret
    pattern: 'tok_[A-Za-z0-9]{16}'
    examples: ["nothing to see here"]
YAML
R=(--no-builtin -r rules.yaml)
SECRET=tok_abcdefghij123456

# --- help --------------------------------------------------------------------------------
for cmd in "" "scan" "rules" "rules list" "rules check"; do
  # shellcheck disable=SC2086
  out=$("$BIN" $cmd --help 2>&1); rc=$?
  expect_rc "logscrub $cmd --help" 0 "$rc"
  case "$out" in *Example*) pass "logscrub $cmd --help has examples" ;;
                 *) fail "logscrub $cmd --help has no examples" ;; esac
done
out=$("$BIN" --version); expect_rc "logscrub --version" 0 $?
case "$out" in "logscrub "[0-9]*.[0-9]*.[0-9]*$'\n'"Hyperscan "*) pass "--version output" ;;
               *) fail "--version output: '$out'" ;; esac
[ "$("$BIN" -V)" = "$out" ] && pass "-V is --version" || fail "-V differs from --version"
"$BIN" --no-such-option </dev/null >/dev/null 2>&1; expect_rc "unknown option" 2 $?
"$BIN" rules >/dev/null 2>&1; expect_rc "rules without subcommand" 2 $?

# --- scan exit codes -----------------------------------------------------------------------
printf 'nothing here\n' > clean.log
printf 'line one\nkey=%s\n' "$SECRET" > dirty.log
"$BIN" scan "${R[@]}" clean.log >/dev/null; expect_rc "scan clean file" 0 $?
out=$("$BIN" scan "${R[@]}" dirty.log); expect_rc "scan file with a secret" 1 $?
[ "$out" = "dirty.log:2:5: test.token (secret)" ] && pass "scan text output" || fail "scan text output: '$out'"
case "$out" in *"$SECRET"*) fail "scan printed the secret" ;; *) pass "scan does not print the secret" ;; esac
out=$("$BIN" scan "${R[@]}" --format json dirty.log)
want='{"path":"dirty.log","line":2,"column":5,"end_line":2,"end_column":25,"rule":"test.token","category":"secret"}'
[ "$out" = "$want" ] && pass "scan json output" || fail "scan json output: '$out'"
"$BIN" scan "${R[@]}" - < dirty.log >/dev/null; expect_rc "scan stdin with a secret" 1 $?
err=$("$BIN" scan "${R[@]}" missing.log 2>&1 >/dev/null); expect_rc "scan missing file" 2 $?
case "$err" in *missing.log*) pass "scan error names the file" ;; *) fail "scan error: '$err'" ;; esac
mkdir -p tree/.git tree/sub
cp dirty.log tree/.git/config; cp dirty.log tree/sub/app.log
printf '%s\0\n' "$SECRET" > tree/blob.bin
out=$("$BIN" scan "${R[@]}" tree); expect_rc "scan directory" 1 $?
[ "$out" = "tree/sub/app.log:2:5: test.token (secret)" ] && pass "scan skips .git and binary files" \
  || fail "scan directory output: '$out'"

# --- filter: errors ------------------------------------------------------------------------
err=$("$BIN" "${R[@]}" clean.log does-not-exist.log 2>&1 >/dev/null); expect_rc "missing input file" 2 $?
case "$err" in *does-not-exist.log*) pass "error names the missing file" ;;
               *) fail "missing file message: '$err'" ;; esac
"$BIN" -r no-such-rules.yaml </dev/null >/dev/null 2>&1; expect_rc "missing rule file" 2 $?
"$BIN" "${R[@]}" --style hmac </dev/null >/dev/null 2>&1; expect_rc "hmac style without a key" 2 $?
"$BIN" "${R[@]}" --style-for test=hmac </dev/null >/dev/null 2>&1; expect_rc "hmac style-for without a key" 2 $?
unset LOGSCRUB_TEST_NO_KEY
"$BIN" "${R[@]}" --style hmac --hmac-key-env LOGSCRUB_TEST_NO_KEY </dev/null >/dev/null 2>&1
expect_rc "hmac key variable not set" 2 $?
out=$(printf 'k=%s\n' "$SECRET" | LOGSCRUB_TEST_KEY=0123456789abcdef0123 "$BIN" "${R[@]}" --style hmac --hmac-key-env LOGSCRUB_TEST_KEY); rc=$?
expect_rc "hmac style with a key" 0 "$rc"
# A keyed pseudonym: the rule id plus hex digits, never the secret itself.
if [[ $out =~ ^k=\[REDACTED:test\.token[:#][0-9a-f]{8,64}\]$ ]]; then pass "hmac output"; else fail "hmac output: '$out'"; fi
"$BIN" --hmac-key 0123456789abcdef0123 </dev/null >/dev/null 2>&1; expect_rc "no option takes the key itself" 2 $?

# --- filter: framing -----------------------------------------------------------------------
out=$(printf 'a\nb' | "$BIN" "${R[@]}" | od -An -c | tr -d ' \n')
[ "$out" = 'a\nb' ] && pass "no trailing newline added" || fail "missing newline: got '$out'"
printf 'a\nb' | "$BIN" "${R[@]}" > nonl.out; printf 'a\nb' | cmp -s - nonl.out && pass "a\\nb unchanged" || fail "a\\nb changed"
: | "$BIN" "${R[@]}" > empty.out; [ ! -s empty.out ] && pass "empty input -> empty output" || fail "empty input"
printf 'x=%s\r\n' "$SECRET" | "$BIN" "${R[@]}" > crlf.out
printf 'x=[REDACTED:test.token]\r\n' | cmp -s - crlf.out && pass "CRLF kept" || fail "CRLF"

# Random-ish input: binary noise with NULs, CRs and newlines; line count must be preserved.
head -c 300000 /dev/urandom > noise.bin
for i in 1 2 3 4 5; do printf 'key %s end\n' "$SECRET" >> noise.bin; head -c 5000 /dev/urandom >> noise.bin; done
"$BIN" "${R[@]}" noise.bin > noise.out; rc=$?
expect_rc "scrub random bytes" 0 "$rc"
in_lines=$(tr -cd '\n' < noise.bin | wc -c); out_lines=$(tr -cd '\n' < noise.out | wc -c)
[ "$in_lines" -eq "$out_lines" ] && pass "line count preserved ($in_lines)" || fail "line count $in_lines -> $out_lines"
grep -aq "$SECRET" noise.out && fail "secret survived in random input" || pass "secrets in random input redacted"
"$BIN" "${R[@]}" < noise.bin | cmp -s - noise.out && pass "stdin and file give the same output" || fail "stdin vs file"

# Oversized records are masked whole, their bytes never echoed, and counted.
{ printf 'short\n'; head -c 5000 /dev/zero | tr '\0' 'x'; printf '%s\nafter\n' "$SECRET"; } > long.log
err=$("$BIN" "${R[@]}" --max-line-bytes 1000 --stats long.log 2>&1 >long.out); rc=$?
expect_rc "oversized record" 0 "$rc"
printf 'short\n[REDACTED:oversized-record]\nafter\n' | cmp -s - long.out && pass "oversized record masked" \
  || fail "oversized output: $(head -c 200 long.out)"
case "$err" in *"1 record(s) masked whole (longer than the limit"*"3 lines, 0 redactions, 1 records masked whole"*) pass "oversized warning and stats" ;;
               *) fail "oversized warning/stats: '$err'" ;; esac
case "$err" in *xxxx*) fail "input echoed in a message" ;; *) pass "no input in messages" ;; esac
# The same with jobs: over-long records anywhere (some across job boundaries, one ending in
# "\r\n", the unterminated last one too) give the stream's output and count.
awk -v s="$SECRET" 'BEGIN { x = sprintf("%3000s", ""); gsub(/ /, "x", x)
  for (i = 0; i < 4000; i++) {
    if (i % 97 == 0) { for (k = 0; k < 1 + i % 400; k++) printf "%s", x; printf (i % 2 ? "\r\n" : "\n") }
    else printf "line %d key=%s\n", i, s }
  printf "%s%s", x, x }' > longs.log
"$BIN" "${R[@]}" --max-line-bytes 2000 --stats < longs.log > longs.pipe.out 2> longs.pipe.err
for t in 1 2 3; do
  "$BIN" "${R[@]}" --max-line-bytes 2000 --stats --threads $t longs.log > longs.$t.out 2> longs.$t.err
  cmp -s longs.pipe.out longs.$t.out && cmp -s longs.pipe.err longs.$t.err \
    && pass "oversized records with --threads $t: stream's output and stats" \
    || fail "oversized records with --threads $t: $(cat longs.$t.err)"
done
grep -q "4001 lines, 3958 redactions, 43 records masked whole" longs.pipe.err && ! grep -q xxxx longs.pipe.out \
  && pass "oversized records masked and counted" || fail "oversized records: $(cat longs.pipe.err)"

# Closed stdout: stops quietly, no crash.
head -c 20000000 /dev/zero | tr '\0' '\n' > many.log
err=$("$BIN" "${R[@]}" many.log 2>&1 | head -1 >/dev/null; echo "rc=${PIPESTATUS[0]}")
case "$err" in "rc=141"|"rc=0") pass "closed stdout handled ($err)" ;; *) fail "closed stdout: '$err'" ;; esac

# --- streaming latency: a line comes out before the input is closed ------------------------
# streams_lines LABEL ARGS...: the filter with ARGS writes each line while its input is open.
streams_lines() {
  local label=$1; shift
  coproc LS { exec "$BIN" "${R[@]}" "$@"; }
  local ls_pid=$LS_PID ls_in=${LS[1]} ls_out=${LS[0]} line
  printf 'first %s\n' "$SECRET" >&"$ls_in"
  if IFS= read -r -t 5 line <&"$ls_out"; then
    [ "$line" = "first [REDACTED:test.token]" ] && pass "$label: line written without waiting for EOF" \
      || fail "$label: streamed line: '$line'"
  else
    fail "$label: no output within 5 s while the input is still open"
  fi
  printf 'second\n' >&"$ls_in"
  if IFS= read -r -t 5 line <&"$ls_out" && [ "$line" = "second" ]; then pass "$label: second streamed line"; else fail "$label: second streamed line"; fi
  exec {ls_in}>&-
  wait "$ls_pid"; expect_rc "$label: filter exit after input closed" 0 $?
}
streams_lines "one thread"
streams_lines "--threads 2" --threads 2

# --- a pipe that delivers a line in pieces behaves like a file -----------------------------
printf 'user=a key=%s end\nnext line\n' "$SECRET" > whole.in
"$BIN" "${R[@]}" whole.in > whole.out
{ printf 'user=a key=tok_abcdef'; sleep 0.3; printf 'ghij123456 e'; sleep 0.3; printf 'nd\nnext line\n'; } \
  | "$BIN" "${R[@]}" > pieces.out
cmp -s whole.out pieces.out && ! grep -q "$SECRET" pieces.out && pass "line in pieces = file" \
  || fail "line in pieces: $(cat pieces.out)"

# --- --threads: byte-identical output, in input order --------------------------------------
# ~5 MB (several 1 MiB jobs) with secrets, CRLF, an over-long line and PEM keys, some of which
# straddle job boundaries (the writer re-scrubs a job that starts inside a block).
awk -v s="$SECRET" 'BEGIN {
  for (i = 0; i < 60000; i++) {
    if (i % 50 == 0) { print "-----BEGIN RSA PRIVATE KEY-----"; for (k = 0; k < 40; k++) print "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo" k; print "-----END RSA PRIVATE KEY-----" }
    else if (i % 13 == 0) printf "line %d key=%s\r\n", i, s
    else printf "line %d nothing to see here, just a plain log line with some words\n", i
  }
  printf "last line without newline key=%s", s }' > big.in
"$BIN" -r rules.yaml --threads 1 big.in > t1.out; expect_rc "threads 1" 0 $?
"$BIN" -r rules.yaml --threads 2 big.in > t2.out; expect_rc "threads 2" 0 $?
"$BIN" -r rules.yaml --threads 3 big.in > t3.out; expect_rc "threads 3" 0 $?
"$BIN" -r rules.yaml < big.in > tpipe.out
cmp -s t1.out t2.out && cmp -s t1.out t3.out && cmp -s t1.out tpipe.out && pass "threads output identical" \
  || fail "threads output differs"
grep -q "$SECRET" t2.out && fail "threads: secret leaked" || pass "threads: no secret"
grep -q "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo" t1.out && fail "threads: PEM body leaked" || pass "threads: PEM bodies redacted"
[ "$(wc -l < t2.out)" = "$(wc -l < big.in)" ] && pass "threads: line count kept" || fail "threads: line count"
# Blocks reserved ahead of the writes (cli/output_reservation.h, on ext4) are given back at
# the end: no more than the file's own blocks stay allocated (and some slack for the extent
# tree). Output after other writers' bytes, or appended, keeps every byte of theirs.
for f in t1.out t2.out; do
  size=$(stat -c %s "$f"); allocated=$(($(stat -c %b "$f") * $(stat -c %B "$f")))
  [ "$allocated" -le $((size + 65536)) ] && pass "$f: no blocks left reserved past its end" \
    || fail "$f: $allocated bytes allocated for $size"
done
{ echo header; "$BIN" -r rules.yaml --threads 1 big.in; echo trailer; } > framed.out
{ echo header; cat t1.out; echo trailer; } | cmp -s - framed.out && pass "output after a header = file" \
  || fail "output after a header differs"
echo header > appended.out; "$BIN" -r rules.yaml --threads 2 big.in >> appended.out
{ echo header; cat t1.out; } | cmp -s - appended.out && pass "output appended (>>) = file" \
  || fail "appended output differs"
err=$("$BIN" "${R[@]}" --threads 2 --stats big.in 2>&1 >/dev/null)
case "$err" in *"$(($(wc -l < big.in) + 1)) lines"*) pass "threads: --stats counts lines" ;; *) fail "threads stats: '$err'" ;; esac

# --- rules ---------------------------------------------------------------------------------
"$BIN" rules list "${R[@]}" > list.out; expect_rc "rules list" 0 $?
grep -q '^test.token  *secret  *on  *yes  *test  *-' list.out && pass "rules list row" || fail "rules list: $(cat list.out)"
"$BIN" rules list "${R[@]}" --format json | grep -q '"id":"test.token"' && pass "rules list json" || fail "rules list json"
out=$("$BIN" rules check --no-builtin rules.yaml); expect_rc "rules check (passing file)" 0 $?
[ "$out" = "rules check: 1 rules, 1 examples, 1 negative examples: OK" ] && pass "rules check summary" || fail "rules check summary: '$out'"
out=$("$BIN" rules check --no-builtin bad_rules.yaml); expect_rc "rules check (failing file)" 1 $?
case "$out" in *"FAIL test.broken: example #1 not redacted"*"1 failures"*) pass "rules check failure report" ;;
               *) fail "rules check failure report: '$out'" ;; esac
# A prefilter that does not hold every match of its pattern: here (?i) on the pattern only, so an
# upper-case token is never scanned for although the pattern accepts it.
cat > unsound_rules.yaml <<'YAML'
rules:
  - id: test.unsound
    category: secret
    pattern: '(?i)\bzq_[a-z0-9]{12}\b'
    prefilter: 'zq_'
    prefilter_offset: 0
    examples: ['token zq_abcdef123456 ok']
    negative_examples: ['zq_short']
YAML
out=$("$BIN" rules check --no-builtin unsound_rules.yaml); expect_rc "rules check (unsound prefilter)" 1 $?
case "$out" in *"FAIL test.unsound: this match of the pattern holds no prefilter match"*'"ZQ_ABCDEF123456"'*) pass "rules check names the unsound prefilter" ;;
               *) fail "rules check unsound prefilter: '$out'" ;; esac
# A glued rule's examples are also tried with a word glued before the token. The second example
# holds the rule's own prefix three times after word bytes: glued, it is cut at each (a known
# limit; twice is found).
cat > glued_rules.yaml <<'YAML'
rules:
  - id: test.glued
    category: secret
    pattern: '\btk_[a-z0-9_]{20}\b'
    prefilter: '\btk_'
    prefilter_offset: 0
    glued: true
    examples: ['token tk_abcdef1234567890abcd ok']
    negative_examples: ['tk_short']
YAML
out=$("$BIN" rules check --no-builtin glued_rules.yaml); expect_rc "rules check (glued rule)" 0 $?
[ "$out" = "rules check: 1 rules, 1 examples, 1 negative examples: OK" ] && pass "rules check glued rule" || fail "rules check glued: '$out'"
sed -i "s/examples: \['token tk_abcdef1234567890abcd ok'\]/examples: ['token tk_abcdef1234567890abcd ok', 'token tk_aatk_bbtk_cctk_ddddd ok']/" glued_rules.yaml
out=$("$BIN" rules check --no-builtin glued_rules.yaml); expect_rc "rules check (glued rule cut three times)" 1 $?
case "$out" in *'FAIL test.glued: example #2 not found with a word glued before it (glued: true): "token zqtk_aatk_bbtk_cctk_ddddd ok"'*) pass "rules check names the glued example" ;;
               *) fail "rules check glued example: '$out'" ;; esac
# A trailing repeat over RE2's limit of 1,000 loads (the engine compiles only its head), but
# the check names it: the whole pattern must be RE2's syntax.
cat > long_repeat_rules.yaml <<'YAML'
rules:
  - id: test.long_repeat
    category: secret
    pattern: '\blt_[A-Za-z0-9]{8,2000}'
    prefilter: '\blt_'
    prefilter_offset: 0
    examples: ['token lt_Zx81kPq2mnrdT7vB']
    negative_examples: ['lt_ab']
YAML
out=$("$BIN" rules check --no-builtin long_repeat_rules.yaml); expect_rc "rules check (repeat over 1,000)" 1 $?
case "$out" in *'FAIL test.long_repeat: RE2 rejects the whole pattern: invalid repetition size: {8,2000}'*) pass "rules check names the repeat over RE2's limit" ;;
               *) fail "rules check repeat over 1,000: '$out'" ;; esac
printf 'rules:\n  - id: Bad Id\n    category: secret\n    pattern: x\n' > invalid.yaml
err=$("$BIN" rules check invalid.yaml 2>&1); expect_rc "rules check (unloadable file)" 2 $?
case "$err" in *invalid.yaml*) pass "rule error names the file" ;; *) fail "rule error: '$err'" ;; esac

finish cli_behaviour
