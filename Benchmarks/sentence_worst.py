#!/usr/bin/env python3
"""Worst-case inputs for the sentence rules: time and peak RSS at two sizes.

    GALLEY_LIBRARY=build/libgalley.so PYTHONPATH=bindings/python \\
        .venv/bin/python Benchmarks/sentence_worst.py [--sizes 5,10] [--lib PATH]

Each input is built to make one look-around of the rules long (see SentenceRules.swift:
every look-around is bounded by TextView.tokenLimit, so the cost must grow linearly).
Each (input, size) runs in a fresh child process so that its peak RSS (ru_maxrss of
the child) is its own; the time is one galley.sentences call with lang="en", rules
on, on `bytes` (no str offset conversion). Prints a Markdown table; the ratio column
is time(large)/time(small), which is ~2 for linear growth at sizes 5 and 10 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name -> (unit, description); the unit is repeated to the size.
INPUTS = {
    "glued a.B": ("a.B", "`a.B` repeated: a glued-sentence candidate at every period, one token"),
    "glued words": ("world.But", "`world.But` repeated: candidates that look like prose, one token"),
    "dots no space": ("x.", "`x.` repeated: ICU boundaries? none; one long token of periods"),
    "initials": ("A. ", "`A. ` repeated: an initial at every boundary"),
    "abbrev clause": ("etc. The ", "`etc. The ` repeated: an ambiguous abbreviation before a starter"),
    "list lines": ("1. x\n", "`1. x` lines: a list marker out of sequence on every line"),
    "list in sequence": (None, "`N. x` lines numbered 1, 2, 3, …: one long list"),
    "spaced dots": (". ", "`. ` repeated: one spaced ellipsis run"),
    "line breaks": ("word.\nWord ", "hard-wrapped lines in one paragraph"),
    "title marks": ("《a。b", "`《a。b` repeated: unclosed CJK title marks"),
    "armenian colon": ("բառ: Բառ ", "hy, `:` terminators (language data)"),
}

CHILD = r"""
import json, resource, sys, time
import galley
name, unit, size, lang = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
if name == "list in sequence":
    parts, n, total = [], 1, 0
    while total < size:
        p = f"{n % 1000}. x\n"; parts.append(p); total += len(p); n += 1
    data = "".join(parts).encode()[:size]
else:
    u = unit.encode()
    data = (u * (size // len(u) + 1))[:size]
    while True:
        try: data.decode(); break
        except UnicodeDecodeError: data = data[:-1]
t = time.perf_counter()
out = galley.sentences(data, lang=lang)
t = time.perf_counter() - t
print(json.dumps({"seconds": t, "sentences": len(out),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="5,10", help="MB (10^6 bytes), two sizes")
    ap.add_argument("--lib", default=None)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    env = dict(os.environ)
    env["GALLEY_LIBRARY"] = str(Path(args.lib or env.get("GALLEY_LIBRARY", ROOT / "build/libgalley.so")).resolve())
    env["PYTHONPATH"] = str(ROOT / "bindings" / "python")
    sizes = [int(float(x) * 1_000_000) for x in args.sizes.split(",")]
    rows = []
    print(f"| input | " + " | ".join(f"{s / 1e6:g} MB s | MB RSS" for s in sizes) + " | time ratio |")
    print("|---|" + "---|---|" * len(sizes) + "---|")
    for name, (unit, _desc) in INPUTS.items():
        lang = "hy" if name == "armenian colon" else "en"
        res = []
        for size in sizes:
            out = subprocess.run([sys.executable, "-c", CHILD, name, unit or "", str(size), lang],
                                 env=env, capture_output=True, text=True, check=True)
            res.append(json.loads(out.stdout))
        ratio = res[-1]["seconds"] / max(res[0]["seconds"], 1e-9)
        rows.append({"input": name, "results": res, "sizes": sizes})
        print(f"| {name} | " + " | ".join(f"{r['seconds']:.3f} | {r['rss_mb']:.0f}" for r in res)
              + f" | {ratio:.2f} |", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
