#!/usr/bin/env python3
"""Sentences of article-sized documents from Python: Galley against sentencex, side by side.

    GALLEY_LIBRARY=build/libgalley.so PYTHONPATH=bindings/python \\
        Benchmarks/.venv/bin/python Benchmarks/bench_docs.py [--docs 300] [--runs 7] [--json FILE]

Documents: 20 consecutive paragraphs of Benchmarks/corpus/en.txt (made by make_corpus.py;
run.sh makes it) whose UTF-8 size is 4,000-6,500 bytes, taken in corpus order, `--docs`
of them. Each round times, in turn over all documents:

  galley          [galley.sentences(d, lang="en") for d in docs]        (rules on)
  galley raw      [galley.sentences(d, lang="en", raw=True) for d in docs]
  galley_many     galley.sentences_many(docs, lang="en")     (one native call, a thread per CPU)
  galley_many threads=1   the same on the calling thread only
  sentencex       [list(sentencex.segment("en", d)) for d in docs]

Each call is timed on two clocks at once: process CPU time (all threads; steady on a
loaded machine, but it cannot show the batch's use of a second core) and wall time.
The figures are medians of `--runs` rounds; ratios are against sentencex's median on the
same clock. The load average is printed with them. The garbage collector stays on, as
in real use.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_docs(n: int):
    text = (HERE / "corpus" / "en.txt").read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    docs, i = [], 0
    while len(docs) < n and i + 20 <= len(paragraphs):
        doc = "\n\n".join(paragraphs[i:i + 20])
        if 4000 <= len(doc.encode()) <= 6500:
            docs.append(doc)
            i += 20
        else:
            i += 1
    return docs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json", default=None)
    ap.add_argument("--clock", choices=["wall", "cpu"], default=None,
                    help="accepted for old commands; both clocks are always recorded")
    args = ap.parse_args()
    import galley
    import sentencex

    docs = load_docs(args.docs)
    size = sum(len(d.encode()) for d in docs)
    cases = {
        "galley": lambda: [galley.sentences(d, lang="en") for d in docs],
        "galley raw": lambda: [galley.sentences(d, lang="en", raw=True) for d in docs],
        "galley_many": lambda: galley.sentences_many(docs, lang="en"),
        "galley_many threads=1": lambda: galley.sentences_many(docs, lang="en", threads=1),
        "sentencex": lambda: [list(sentencex.segment("en", d)) for d in docs],
    }
    for f in cases.values():   # warm up: segmenters, imports
        f()
    wall = {k: [] for k in cases}
    cpu = {k: [] for k in cases}
    load = [os.getloadavg()[0]]
    for _ in range(args.runs):
        for name, f in cases.items():
            w, c = time.perf_counter(), time.process_time()
            f()
            cpu[name].append(time.process_time() - c)
            wall[name].append(time.perf_counter() - w)
        load.append(os.getloadavg()[0])
    med = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    cpu_med = {k: med(v) for k, v in cpu.items()}
    wall_med = {k: med(v) for k, v in wall.items()}
    print(f"{len(docs)} documents, {size / len(docs):.0f} bytes each on average, "
          f"{size / 1e6:.2f} MB; median of {args.runs} rounds; {os.cpu_count()} CPUs; "
          f"load average {min(load):.1f}-{max(load):.1f}")
    print("| splitter | CPU µs/doc | / sentencex (CPU) | wall µs/doc | / sentencex (wall) |")
    print("|---|---:|---:|---:|---:|")
    for name in cases:
        c, w = cpu_med[name], wall_med[name]
        print(f"| {name} | {c / len(docs) * 1e6:.0f} | {cpu_med['sentencex'] / c:.2f}x "
              f"| {w / len(docs) * 1e6:.0f} | {wall_med['sentencex'] / w:.2f}x |")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "docs": len(docs), "bytes": size, "runs": args.runs,
            "cpu_seconds": cpu, "wall_seconds": wall,
            "cpu_median_ratio_to_sentencex": {k: cpu_med["sentencex"] / v for k, v in cpu_med.items()},
            "wall_median_ratio_to_sentencex": {k: wall_med["sentencex"] / v for k, v in wall_med.items()},
            "python": platform.python_version(), "cpus": os.cpu_count(),
            "loadavg_per_round": load, "galley": galley.__version__,
            "command": " ".join(sys.argv)}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
