#!/usr/bin/env python3
"""Every match of a rule's pattern must hold a match of its prefilter (what Hyperscan looks for)
that starts at most prefilter_offset bytes into it; otherwise that text is never scanned and its
secret never redacted. The C++ soundness test (tests/unit/prefilter_soundness_test.cpp) tries each
rule's examples and mutated copies; this one draws random whole matches from the pattern itself
(every alternative, repeat counts at their bounds and between, letter cases flipped under (?i)),
which is how two prefilters that required a separator the pattern makes optional were found
(GCACCESS_TOKEN=..., CDPAPI_KEY_SECRET=...).

Python's re stands in for RE2 here: the patterns use the syntax both share, and classes are
drawn from printable ASCII plus tab, with RE2's \\s (no \\v). Deterministic (fixed seed).

Usage: prefilter_sampling.py [--samples N] [--seed S] RULE_FILE...
Exit status: 0 every sampled match holds its prefilter; 1 some do not (listed); 2 usage error.
"""
import argparse
import random
import re
import sys

try:
    import yaml
except ImportError:
    sys.exit("prefilter_sampling.py: needs PyYAML (Debian: python3-yaml, see scripts/install-deps.sh)")
try:
    import re._constants as sc
    import re._parser as sp
except ImportError:  # Python < 3.11
    import sre_constants as sc
    import sre_parse as sp

PRINTABLE = [chr(c) for c in range(32, 127)] + ["\t"]
SPACE = [" ", "\t", "\r", "\f"]  # RE2's \s without '\n' (never in a record)
WIDEST_UNBOUNDED = 40  # an unbounded repeat draws at most this many more than its minimum


def category_chars(category):
    name = str(category)
    if "DIGIT" in name:
        chars = [chr(c) for c in range(48, 58)]
    elif "SPACE" in name:
        chars = SPACE
    elif "WORD" in name:
        chars = [c for c in PRINTABLE if c.isalnum() or c == "_"]
    else:
        raise ValueError("category %s" % name)
    return [c for c in PRINTABLE if c not in chars] if "NOT" in name else chars


def class_chars(items):
    negated, chars = False, set()
    for op, arg in items:
        if op == sc.NEGATE:
            negated = True
        elif op == sc.LITERAL:
            chars.add(chr(arg))
        elif op == sc.RANGE:
            chars.update(chr(c) for c in range(arg[0], min(arg[1], 127) + 1))
        elif op == sc.CATEGORY:
            chars.update(category_chars(arg))
        else:
            raise ValueError("class item %s" % op)
    return [c for c in PRINTABLE if c not in chars] if negated else sorted(chars)


def flip(c, caseless, rng):
    return c.swapcase() if caseless and rng.random() < 0.3 else c


def draw(tree, caseless, rng, out):
    """Appends a random string matched by the parsed pattern `tree` to `out`."""
    for op, arg in tree:
        if op == sc.LITERAL:
            out.append(flip(chr(arg), caseless, rng))
        elif op == sc.NOT_LITERAL:
            out.append(rng.choice([c for c in PRINTABLE if c != chr(arg)]))
        elif op == sc.ANY:
            out.append(rng.choice(PRINTABLE))
        elif op == sc.IN:
            chars = class_chars(arg)
            if not chars:
                raise ValueError("empty class")
            out.append(flip(rng.choice(chars), caseless, rng))
        elif op == sc.CATEGORY:
            out.append(rng.choice(category_chars(arg)))
        elif op == sc.BRANCH:
            draw(rng.choice(arg[1]), caseless, rng, out)
        elif op == sc.SUBPATTERN:
            draw(arg[-1], caseless or bool(arg[1] & re.I), rng, out)
        elif op in (sc.MAX_REPEAT, sc.MIN_REPEAT):
            low, high, sub = arg
            if high == sc.MAXREPEAT:
                high = low + WIDEST_UNBOUNDED
            pick = rng.random()
            count = low if pick < 0.3 else high if pick < 0.4 else rng.randint(low, min(high, low + 6))
            for _ in range(count):
                draw(sub, caseless, rng, out)
        elif op == sc.AT:
            pass  # \b, ^, $: the whole-match check below drops draws that break them
        else:
            raise ValueError("pattern element %s" % op)


def holds_prefilter(text, prefilter, offset):
    last_start = len(text) if offset < 0 else min(len(text), offset)
    return any(prefilter.match(text, i) for i in range(last_start + 1))


def check_rule(rule, samples, rng):
    """(matches drawn, [matches outside the prefilter]) for one rule."""
    pattern = re.compile(rule["pattern"])
    prefilter = re.compile(rule["prefilter"])
    tree = sp.parse(rule["pattern"])
    caseless = bool(tree.state.flags & re.I)
    group = rule.get("redact", 1 if pattern.groups else 0)
    offset = rule.get("prefilter_offset", -1)
    drawn, missed = 0, []
    for _ in range(samples):
        out = []
        draw(tree, caseless, rng, out)
        text = "".join(out)
        match = pattern.fullmatch(text)
        if not match or (group and match.group(group) is None):
            continue  # a broken \b, or a guard alternative (it redacts nothing)
        drawn += 1
        if not holds_prefilter(text, prefilter, offset):
            missed.append(text)
    return drawn, missed


def self_test(rng):
    """The check finds a prefilter that requires a separator the pattern makes optional."""
    unsound = {"id": "self.test", "pattern": r"(?i)\bgc[_.-]?(token|key)=([a-z0-9]{8})",
               "prefilter": r"(?i)\bgc[_.-]", "prefilter_offset": 0, "redact": 2}
    drawn, missed = check_rule(unsound, 200, rng)
    if drawn < 100 or not missed:
        sys.exit("prefilter_sampling.py: self-test failed (%d drawn, %d missed)" % (drawn, len(missed)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=400, help="draws per rule (default 400)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("rule_files", nargs="+")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    self_test(rng)
    failed, checked = 0, 0
    for path in args.rule_files:
        with open(path, encoding="utf-8") as f:
            rules = (yaml.safe_load(f) or {}).get("rules", [])
        for rule in rules:
            if not rule.get("prefilter") or "pattern" not in rule:
                continue
            if rule.get("prefilter_scanner") or rule.get("end_pattern"):
                continue  # a built-in scanner stands for the prefilter; block rules open on it
            drawn, missed = check_rule(rule, args.samples, rng)
            checked += 1
            if drawn < args.samples // 4:
                print("%s: only %d of %d draws were whole matches" % (rule["id"], drawn, args.samples))
                failed += 1
            if missed:
                failed += 1
                print("%s: %d of %d matches hold no prefilter match within prefilter_offset, e.g.:"
                      % (rule["id"], len(missed), drawn))
                for text in sorted(missed, key=len)[:3]:
                    print("    %r" % text)
    print("prefilter_sampling.py: %d rules, %d failed" % (checked, failed))
    return 1 if failed or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
