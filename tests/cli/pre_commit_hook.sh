#!/usr/bin/env bash
# Tests of scripts/git-pre-commit in a throwaway repository: it scans what is staged, not the
# working tree, names file and line but never the secret, and its exit codes.
# Usage: pre_commit_hook.sh BIN HOOK   (BIN = build/logscrub, HOOK = scripts/git-pre-commit)
# Exits 77 (skipped) when git is not installed.
set -u
BIN=${1:?usage: pre_commit_hook.sh BIN HOOK}
HOOK=${2:?usage: pre_commit_hook.sh BIN HOOK}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
HOOK=$(cd "$(dirname "$HOOK")" && pwd)/$(basename "$HOOK")
command -v git > /dev/null 2>&1 || { echo "git not installed: skipped"; exit 77; }

# shellcheck source=tests/cli/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
commits() { git rev-list --count HEAD 2> /dev/null || echo 0; }

git init -q repo && cd repo || exit 2
git config user.email dev@example.net && git config user.name dev
git config commit.gpgsign false
cp "$HOOK" .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
# A private rule (its file untracked, at the repository's top: read through a relative -r).
write_test_rule team-rules.yaml
printf 'team-rules.yaml\n' > .git/info/exclude
export LOGSCRUB="$BIN" LOGSCRUB_SCAN_ARGS="--no-builtin -r team-rules.yaml"
SECRET=tok_abcdefghij123456

printf 'hello\n' > README && git add README
git commit -qm "clean first commit" > out 2> err; expect_rc "clean staged file" 0 $?
[ "$(commits)" = 1 ] && pass "clean commit made" || fail "clean commit not made"

mkdir -p "conf dir" && printf 'name=app\nkey=%s\n' "$SECRET" > "conf dir/app settings.ini"
git add "conf dir/app settings.ini"
git commit -qm "secret" > out 2> err; expect_rc "staged secret" 1 $?
[ "$(commits)" = 1 ] && pass "commit refused" || fail "commit with a secret was made"
# git hands a hook's stdout to stderr.
if grep -qx "conf dir/app settings.ini:2:5: test.token (secret)" err; then
  pass "finding names the staged file and line"
else
  fail "hook output: '$(cat out err)'"
fi
grep -q "$SECRET" out err && fail "hook printed the secret" || pass "hook does not print the secret"
grep -q "no-verify" err && pass "refusal says how to skip" || fail "hook stderr: '$(cat err)'"

# The working tree no longer holds it, the index still does: still refused.
printf 'name=app\n' > "conf dir/app settings.ini"
git commit -qm "secret" > out 2> err; expect_rc "secret staged, working tree clean" 1 $?
git add "conf dir/app settings.ini"
git commit -qm "settings" > out 2> err; expect_rc "secret unstaged again" 0 $?

# Only an unstaged edit holds a secret: the commit goes through.
printf 'name=app\nkey=%s\n' "$SECRET" > "conf dir/app settings.ini"
printf 'more\n' >> README && git add README
git commit -qm "readme" > out 2> err; expect_rc "secret only in unstaged edits" 0 $?
git checkout -q -- "conf dir/app settings.ini"

# A deletion is not scanned (nothing of it is committed).
git rm -q README && git commit -qm "remove readme" > out 2> err
expect_rc "staged deletion" 0 $?

# A symlink is committed as its target's path: a dangling one does not fail the hook, one to a
# file holding a secret does not scan that file (it is not in the commit).
printf 'key=%s\n' "$SECRET" > "$TMP/outside.txt"
ln -s /nonexistent/target dangling && ln -s "$TMP/outside.txt" outside-link && git add dangling outside-link
git commit -qm "links" > out 2> err; expect_rc "staged symlinks" 0 $?

# The hook's own exit codes (git commit exits 1 for any refusal): run it as git would, from the
# repository's top.
printf 'key=%s\n' "$SECRET" > leak.txt && git add leak.txt
.git/hooks/pre-commit > out 2> err; expect_rc "hook: staged secret" 1 $?
LOGSCRUB="$TMP/no-such-logscrub" .git/hooks/pre-commit > out 2> err
expect_rc "hook: logscrub missing" 2 $?
grep -q "LOGSCRUB" err && pass "missing binary message names LOGSCRUB" || fail "stderr: '$(cat err)'"
LOGSCRUB_SCAN_ARGS="--no-builtin -r missing-rules.yaml" .git/hooks/pre-commit > out 2> err
expect_rc "hook: unreadable rule file" 2 $?
grep -q "missing-rules.yaml" err && pass "rule file error names it" || fail "stderr: '$(cat err)'"
git rm -q --cached leak.txt && rm leak.txt
.git/hooks/pre-commit > out 2> err; expect_rc "hook: nothing staged" 0 $?
printf 'notes\n' > NOTES && git add NOTES
git commit -qm "notes" > out 2> err; expect_rc "clean file" 0 $?
[ "$(commits)" = 6 ] && pass "six commits made" || fail "commits: $(commits), want 6"

finish pre_commit_hook
