#!/usr/bin/env python3
"""Baseline: the "line loop" scrubber a Python user would write with the standard `re` module.

Reads stdin as bytes, and for each line applies every pattern of patterns.txt in turn with a
compiled bytes regex's .sub(), writing the line to stdout (buffered). Bytes regexes keep the data
byte-for-byte (no decoding, invalid UTF-8 passes through).

Usage: python3 python_scrubber.py [PATTERNS_TXT] < in.log > out.log
"""
import os
import re
import sys


def load(path):
    rules = []
    with open(path, "rb") as f:
        for raw in f:
            pattern = raw.rstrip(b"\r\n")
            if not pattern or pattern.startswith(b"#"):
                continue
            rx = re.compile(pattern)
            if rx.groups >= 2:
                repl = rb"\1[REDACTED]\2"
            elif rx.groups == 1:
                repl = rb"\1[REDACTED]"
            else:
                repl = b"[REDACTED]"
            rules.append((rx.sub, repl))
    return rules


def main():
    default = os.path.join(os.path.dirname(os.path.abspath(__file__)), "patterns.txt")
    rules = load(sys.argv[1] if len(sys.argv) > 1 else default)
    write = sys.stdout.buffer.write
    for line in sys.stdin.buffer:
        for sub, repl in rules:
            line = sub(repl, line)
        write(line)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
