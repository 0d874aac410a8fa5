#!/usr/bin/env python3
"""Python end-to-end segmentation throughput: Galley against its peers.

    GALLEY_LIBRARY=build/libgalley.so PYTHONPATH=bindings/python \\
        Benchmarks/.venv/bin/python Benchmarks/bench_python.py [--runs 5]

Every candidate takes the whole corpus as one ``str`` and returns a Python
list; the timing covers exactly that call (and, for blingfire, splitting its
newline- or space-joined output string into a list). MB/s is over the UTF-8
byte size of the text that was segmented, 10^6 bytes per MB. Best of N runs,
the candidates taking turns within each round (so all see the same machine
noise), with the garbage collector left on during each call, as in real use
(gc.collect() runs between calls, untimed). Segmenters are warmed up once
(library load, per-language caches) before timing.

  galley     galley.sentences(text, lang="en") / galley.words(text, lang="en"):
             lists of Span(start, end, text, kind); whitespace trimmed from
             sentences, whitespace-only words dropped. Sentences with
             Galley's rules (the default) and, as "galley raw" (unit
             sentence_raw), galley.sentences(text, "en", raw=True): ICU's
             sentences without the rules.
  sentencex  list(sentencex.segment("en", text))
  blingfire  text_to_sentences(text).split("\\n"), text_to_words(text).split(" ")
  pysbd      pysbd.Segmenter(language="en", clean=False).segment, only on a
             1 MB prefix of the corpus (cut at a paragraph), with fewer runs:
             it is far too slow for the whole corpus. Measured two ways:
             called once per paragraph (its best case, ~0.2 MB/s) and called
             once on the whole prefix (pysbd slows down superlinearly with
             the length of its input: ~0.04 MB/s at 1 MB). Galley is timed
             on the same prefix for a like-for-like ratio.

Peers that cannot be imported are reported as missing, not silently
skipped. Prints one JSON object per measurement, one per line.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def version_of(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def prefix(text: str, nbytes: int) -> str:
    """The longest run of whole paragraphs of `text` within `nbytes` UTF-8 bytes."""
    raw = text.encode("utf-8")
    if len(raw) <= nbytes:
        return text
    cut = raw.rfind(b"\n\n", 0, nbytes)
    return raw[: cut if cut > 0 else nbytes].decode("utf-8", errors="ignore")


def measure_all(cands: list[tuple], runs: int) -> list[tuple[list[float], int]]:
    """Times every candidate (fn, text) `runs` times, taking turns within
    each round so that all of them see the same machine noise."""
    for fn, text in cands:
        fn(text[:10000])  # warm-up
    times: list[list[float]] = [[] for _ in cands]
    counts = [0] * len(cands)
    for _ in range(runs):
        for i, (fn, text) in enumerate(cands):
            t0 = time.perf_counter()
            out = fn(text)
            t1 = time.perf_counter()
            times[i].append(t1 - t0)
            counts[i] = len(out)
            del out
            gc.collect()  # do not charge the next run for this one's garbage
    return list(zip(times, counts))


def emit(impl: str, unit: str, text: str, times: list[float], count: int,
         version: str | None, note: str | None = None) -> dict:
    nbytes = len(text.encode("utf-8"))
    best = min(times)
    median = sorted(times)[len(times) // 2]
    rec = {
        "impl": impl, "bench": "python", "unit": unit, "version": version,
        "bytes": nbytes, "runs": len(times), "best_s": round(best, 6),
        "median_s": round(median, 6), "mb_per_s": round(nbytes / best / 1e6, 3),
        "median_mb_per_s": round(nbytes / median / 1e6, 3), "segments": count,
        "times_s": [round(t, 6) for t in times],
    }
    if note:
        rec["note"] = note
    print(json.dumps(rec), flush=True)
    return rec


def main() -> int:
    ap = argparse.ArgumentParser(description="Python segmentation throughput")
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus" / "en.txt")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pysbd-bytes", type=int, default=1_000_000)
    ap.add_argument("--pysbd-runs", type=int, default=2)
    ap.add_argument("--pysbd-whole-runs", type=int, default=1,
                    help="runs of one segment() call on the whole prefix (0: skip)")
    ap.add_argument("--only", default=None,
                    help="comma-separated subset of galley,sentencex,blingfire,pysbd")
    args = ap.parse_args()
    only = set(args.only.split(",")) if args.only else None

    text = args.corpus.read_text(encoding="utf-8")
    print(json.dumps({
        "impl": "python", "bench": "info", "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "executable": sys.executable, "corpus": str(args.corpus),
        "bytes": len(text.encode("utf-8")), "chars": len(text),
    }), flush=True)

    def wanted(name: str) -> bool:
        return only is None or name in only

    def missing(name: str, error: Exception) -> None:
        print(json.dumps({"impl": name, "bench": "python", "missing": True,
                          "error": f"{type(error).__name__}: {error}"}), flush=True)

    # name, unit, version, note, fn, text
    cands: list[tuple] = []

    if wanted("galley"):
        try:
            import galley
        except Exception as error:  # noqa: BLE001 - reported, not hidden
            missing("galley", error)
        else:
            v = galley.__version__
            cands.append(("galley", "sentence", v, "galley.sentences(text, lang='en')",
                          lambda s: galley.sentences(s, lang="en"), text))
            cands.append(("galley", "sentence_raw", v,
                          "galley.sentences(text, 'en', raw=True): ICU's sentences, no rules",
                          lambda s: galley.sentences(s, "en", raw=True), text))
            cands.append(("galley", "word", v,
                          "galley.words(text, lang='en'); whitespace-only words dropped",
                          lambda s: galley.words(s, lang="en"), text))

    if wanted("sentencex"):
        try:
            import sentencex
        except Exception as error:  # noqa: BLE001
            missing("sentencex", error)
        else:
            cands.append(("sentencex", "sentence", version_of("sentencex"),
                          "list(sentencex.segment('en', text))",
                          lambda s: list(sentencex.segment("en", s)), text))

    if wanted("blingfire"):
        try:
            import blingfire
        except Exception as error:  # noqa: BLE001
            missing("blingfire", error)
        else:
            v = version_of("blingfire")
            cands.append(("blingfire", "sentence", v, "text_to_sentences(text).split('\\n')",
                          lambda s: blingfire.text_to_sentences(s).split("\n"), text))
            cands.append(("blingfire", "word", v, "text_to_words(text).split(' ')",
                          lambda s: blingfire.text_to_words(s).split(" "), text))

    for (name, unit, v, note, _, t), (times, n) in zip(
            cands, measure_all([(c[4], c[5]) for c in cands], args.runs)):
        emit(name, unit, t, times, n, v, note)

    if wanted("pysbd"):
        try:
            import pysbd
        except Exception as error:  # noqa: BLE001
            missing("pysbd", error)
        else:
            v = version_of("pysbd")
            seg = pysbd.Segmenter(language="en", clean=False)
            part = prefix(text, args.pysbd_bytes)
            mb = len(part.encode()) / 1e6
            paragraphs = part.split("\n\n")

            def per_paragraph(s: str) -> list:
                if s is not part:  # warm-up call
                    return seg.segment(s)
                out: list = []
                for p in paragraphs:
                    out.extend(seg.segment(p))
                return out

            pcands = [("pysbd", "sentence_per_paragraph",
                       f"segment() called once per paragraph of a {mb:.2f} MB prefix "
                       f"(its best case: pysbd slows down superlinearly with input length)",
                       per_paragraph)]
            if "galley" in sys.modules:
                galley = sys.modules["galley"]
                pcands.append(("galley", "sentence_pysbd_prefix",
                               f"galley.sentences on the same {mb:.2f} MB prefix, whole",
                               lambda s: galley.sentences(s, lang="en")))
            for (name, unit, note, _), (times, n) in zip(
                    pcands, measure_all([(c[3], part) for c in pcands], args.pysbd_runs)):
                emit(name, unit, part, times, n,
                     v if name == "pysbd" else galley.__version__, note)
            if args.pysbd_whole_runs > 0:
                (times, n), = measure_all([(seg.segment, part)], args.pysbd_whole_runs)
                emit("pysbd", "sentence_whole_prefix", part, times, n, v,
                     f"one segment() call on the whole {mb:.2f} MB prefix")
    return 0


if __name__ == "__main__":
    sys.exit(main())
