#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then use only what was installed: the CLI scrubs a
# line, the library has its soname links, and tests/c/capi_smoke.c, built with pkg-config's
# flags against the installed header and library, runs.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR LIBDIR CC "C_FLAGS"
set -euo pipefail
build=$1 src=$2 libdir=$3 cc=$4 cflags=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" > "$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install"; }

for f in bin/logscrub include/logscrub/logscrub.h "$libdir/liblogscrub.so" \
         "$libdir/liblogscrub.so.0" "$libdir/pkgconfig/logscrub.pc" \
         share/logscrub/fluent-bit/logscrub.lua; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done
[ -L "$prefix/$libdir/liblogscrub.so" ] || fail "liblogscrub.so is not the development link"

out=$(printf 'key AKIAZ5B3Q2XJ7N4PLW6R\n' | "$prefix/bin/logscrub")
[ "$out" = "key [REDACTED:aws.access_key_id]" ] || fail "installed CLI printed: $out"

command -v pkg-config > /dev/null || fail "pkg-config not found (scripts/install-deps.sh)"
flags=$(PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" pkg-config --cflags --libs logscrub)
case "$flags" in *"$prefix"*) ;; *) fail "pkg-config flags do not point into the prefix: $flags" ;; esac
# shellcheck disable=SC2086  # the flags are words
"$cc" $cflags -std=c99 "$src/tests/c/capi_smoke.c" $flags -o "$tmp/smoke" || fail "compile"
LD_LIBRARY_PATH="$prefix/$libdir" "$tmp/smoke" > "$tmp/smoke.out" || fail "the C program failed"
grep -q 'REDACTED:aws.access_key_id' "$tmp/smoke.out" || fail "the C program printed no redaction"
echo "ok: installed and used from $prefix"
