#!/usr/bin/python3
"""Check that two evaluation summaries agree (bench/run.sh: thrive's and the
pandas peer's), on every figure both have, to a relative 1e-9.

    python3 bench/compare.py THRIVE.json PEER.json

Exit 0 and "figures agree (N compared)" when they do; else the differences.
Keys only one side has (file names, versions, ...) are skipped.
"""
import json
import math
import sys

SKIP = {"file", "thrive_version", "plugin_abi", "plugin", "sha256_model", "title"}


def walk(a, b, path, diffs, count):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a.keys() & b.keys():
            if k not in SKIP:
                walk(a[k], b[k], f"{path}.{k}", diffs, count)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            diffs.append(f"{path}: {len(a)} items vs {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{i}]", diffs, count)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) \
            and not isinstance(a, bool) and not isinstance(b, bool):
        count[0] += 1
        if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
            diffs.append(f"{path}: {a!r} vs {b!r}")
    else:
        count[0] += 1
        if a != b:
            diffs.append(f"{path}: {a!r} vs {b!r}")


def main():
    with open(sys.argv[1]) as f1, open(sys.argv[2]) as f2:
        a, b = json.load(f1), json.load(f2)
    diffs, count = [], [0]
    walk(a, b, "", diffs, count)
    if diffs:
        print(f"figures DIFFER ({len(diffs)} of {count[0]}):")
        for d in diffs[:40]:
            print("  " + d)
        return 1
    print(f"figures agree ({count[0]} compared)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
