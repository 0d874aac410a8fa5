#!/usr/bin/env python3
"""Pass counts on pragmatic_segmenter's suite by failure family, before and after a change.

    Benchmarks/.venv/bin/python Benchmarks/pragmatic_families.py BEFORE.json AFTER.json

BEFORE/AFTER are `Benchmarks/pragmatic.py --json` outputs. A case's families are found from its
text and expected sentences by the patterns below (a case may be in several, or in "other"):

  no-data      the language had no table before this work (da kk el bg hy ar fa hi ur my am)
  quotations   an expected sentence holds a quote mark with a terminator and a space inside
  lists        a line or sentence starts with a marker: 1. 1) 1.) a. a) (a) ii. Q.
  citations    a terminator followed by [x] or by 1-3 digit groups, then a space
  ellipses     ... or … or ". . ."
  numbers      a digit before a period, or a period between digits
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "Tests" / "conformance" / "pragmatic"
NO_DATA = {"da", "kk", "el", "bg", "hy", "ar", "fa", "hi", "ur", "my", "am"}
PATTERNS = {
    "quotations": lambda c: any(re.search(r"[\"“”«»„‘’'].*[.!?…]\s.*[\"“”«»„‘’']", s) for s in c["expected"]),
    "lists": lambda c: bool(re.search(r"(^|\n|\s)(\(?\d{1,3}\.?\)|\d{1,3}\.|\(?[a-zA-Z]\)|[a-zA-Z]\.|[ivx]{1,4}\.)\s", c["text"])),
    "citations": lambda c: bool(re.search(r"[.!?](\[\w{1,4}\]|\d{1,3}(\s\d{1,3})*)\s", c["text"])),
    "ellipses": lambda c: bool(re.search(r"\.\.\.|…|\. \. \.", c["text"])),
    "numbers": lambda c: bool(re.search(r"\d\.(\s|\d)", c["text"])),
}


def families(case):
    out = [name for name, test in PATTERNS.items() if test(case)]
    if case["lang"] in NO_DATA:
        out.append("no-data")
    return out or ["other"]


def main():
    before, after = (json.loads(Path(p).read_text()) for p in sys.argv[1:3])
    counts = {}
    for path in sorted(SUITE.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        lang = data["lang"]
        fb = set(before["languages"][lang]["galley"]["failing"])
        fa = set(after["languages"][lang]["galley"]["failing"])
        for case in data["cases"]:
            if case.get("peer_mark") == "skip":
                continue
            for fam in families(case):
                c = counts.setdefault(fam, [0, 0, 0])
                c[0] += 1
                c[1] += case["id"] not in fb
                c[2] += case["id"] not in fa
    print("| family | cases | Galley before | Galley after |")
    print("|---|---:|---:|---:|")
    for fam in ["no-data", "quotations", "lists", "citations", "ellipses", "numbers", "other"]:
        if fam in counts:
            t, b, a = counts[fam]
            print(f"| {fam} | {t} | {b} | {a} |")


if __name__ == "__main__":
    main()
