#!/usr/bin/env python3
"""Sentences of article-sized documents from Python: Galley against sentencex, side by side.

    GALLEY_LIBRARY=build/libgalley.so PYTHONPATH=bindings/python \\
        Benchmarks/.venv/bin/python Benchmarks/bench_docs.py [--docs 300] [--runs 5] [--json FILE]

Documents: 20 consecutive paragraphs of Benchmarks/corpus/en.txt (made by make_corpus.py;
run.sh makes it) whose UTF-8 size is 4,000-6,500 bytes, taken in corpus order, `--docs`
of them. Each round times, in turn over all documents:

  galley          [galley.sentences(d, lang="en") for d in docs]        (rules on)
  galley raw      [galley.sentences(d, lang="en", raw=True) for d in docs]
  galley_many     galley.sentences_many(docs, lang="en")                (worker threads)
  sentencex       [list(sentencex.segment("en", d)) for d in docs]

The figure is the best of `--runs` rounds; ratios are against sentencex's best. The
garbage collector stays on, as in real use.
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
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", default=None)
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                    help="cpu: process CPU time (all threads), steadier on a shared machine; "
                         "it cannot show the batch's use of two cores")
    args = ap.parse_args()
    import galley
    import sentencex

    docs = load_docs(args.docs)
    size = sum(len(d.encode()) for d in docs)
    cases = {
        "galley": lambda: [galley.sentences(d, lang="en") for d in docs],
        "galley raw": lambda: [galley.sentences(d, lang="en", raw=True) for d in docs],
        "galley_many": lambda: galley.sentences_many(docs, lang="en"),
        "sentencex": lambda: [list(sentencex.segment("en", d)) for d in docs],
    }
    for f in cases.values():   # warm up: segmenters, pool, imports
        f()
    clock = time.perf_counter if args.clock == "wall" else time.process_time
    best = {k: float("inf") for k in cases}
    for _ in range(args.runs):
        for name, f in cases.items():
            t = clock()
            f()
            best[name] = min(best[name], clock() - t)
    print(f"{len(docs)} documents, {size / len(docs):.0f} bytes each on average, "
          f"{size / 1e6:.2f} MB; best of {args.runs}; {os.cpu_count()} CPUs; {args.clock} clock; "
          f"load average {os.getloadavg()[0]:.1f}")
    print("| splitter | ms | µs/doc | MB/s | / sentencex |")
    print("|---|---:|---:|---:|---:|")
    for name, t in best.items():
        print(f"| {name} | {t * 1e3:.1f} | {t / len(docs) * 1e6:.0f} | {size / t / 1e6:.1f} "
              f"| {best['sentencex'] / t:.2f}x |")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "docs": len(docs), "bytes": size, "runs": args.runs, "best_seconds": best,
            "ratio_to_sentencex": {k: best["sentencex"] / v for k, v in best.items()},
            "python": platform.python_version(), "cpus": os.cpu_count(), "clock": args.clock,
            "loadavg": os.getloadavg()[0],
            "command": " ".join(sys.argv)}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
