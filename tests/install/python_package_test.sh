#!/usr/bin/env bash
# The Python binding as a package: `pip install bindings/python --target DIR` (what an AWS
# Lambda deployment package is built with) installs the `logscrub` package alone, and in the
# Lambda layout -- the package in DIR, liblogscrub.so.0 in DIR/lib on LD_LIBRARY_PATH, no
# LOGSCRUB_LIBRARY, away from the checkout -- it loads the library and scrubs.
# Usage: python_package_test.sh PYTHON SOURCE_DIR LIBRARY   (LIBRARY: build/liblogscrub.so)
# Runs with PYTHON, or with /usr/bin/python3 when PYTHON lacks pip, setuptools or wheel (a
# pyenv interpreter, say); exits 77 (skipped) when neither has them.
set -euo pipefail
py=$1 src=$2 library=$3
for candidate in "$py" /usr/bin/python3; do
  if "$candidate" -c 'import setuptools, pip, wheel' 2> /dev/null; then
    py=$candidate
    break
  fi
  candidate=""
done
if [ -z "$candidate" ]; then
  echo "skipped: no python3 with pip, setuptools and wheel (apt install python3-pip)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# setuptools writes build/ and *.egg-info beside pyproject.toml: build from a copy.
cp -r "$src/bindings/python" "$tmp/src"
"$py" -m pip install --no-deps --no-build-isolation --no-index --quiet --root-user-action=ignore \
  --target "$tmp/package" "$tmp/src" || fail "pip install"
[ -f "$tmp/package/logscrub/__init__.py" ] || fail "package not installed"
[ ! -e "$tmp/package/tests" ] || fail "the tests were installed too"

mkdir "$tmp/package/lib"
cp -L "$library" "$tmp/package/lib/liblogscrub.so.0"
out=$(cd "$tmp" && env -u LOGSCRUB_LIBRARY PYTHONPATH="$tmp/package" \
  LD_LIBRARY_PATH="$tmp/package/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$py" -c '
import logscrub, os, sys
assert logscrub.__file__.startswith(sys.argv[1]), logscrub.__file__
print(logscrub.Engine().scrub("key AKIAZ5B3Q2XJ7N4PLW6R"))' "$tmp/package/") || fail "import or scrub"
[ "$out" = "key [REDACTED:aws.access_key_id]" ] || fail "scrubbed: $out"
echo "ok: pip-installed package, library from LD_LIBRARY_PATH"
