#!/usr/bin/env python3
"""Where galley.sentences' time goes in Python, against sentencex's total.

    GALLEY_LIBRARY=build/libgalley.so PYTHONPATH=bindings/python \\
        Benchmarks/.venv/bin/python Benchmarks/python_cost.py [--runs 7]

Over the whole corpus (one str), in one interpreter, best of N with every
step taking its turn in each round (garbage collector on, gc.collect()
between steps, untimed), for sentences with Galley's rules (flags 0) and
with raw=True:

  c_call     the C call alone through ctypes, as galley.sentences makes it:
             galley_segmenter_split_offsets on the str's own UTF-8 into the
             segmenter's offsets buffer (galley._segment._segmenter(...));
             no Python objects made.
  split      galley._segment._segmenter(...).bounds(...): the C call plus
             making the start and end offset lists (memoryview.tolist).
  build      from those offset lists (made once, untimed): slicing the str
             into one str per span and making the Span NamedTuples, exactly
             as galley.sentences does (galley._segment._spans).
  slices     only the str slices (what sentencex returns), no Span tuples.
  sentences  galley.sentences(text, "en"[, raw=True]), end to end.
  sentencex  list(sentencex.segment("en", text)), end to end.

The floor: with a free C call, galley.sentences still has to make the
offset lists and the Spans, so it cannot run faster than
bytes / (split - c_call + build). Prints one JSON object per measurement,
then a summary.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from array import array
from ctypes import byref, c_size_t
from itertools import repeat
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus" / "en.txt")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()

    import galley
    import sentencex
    from galley import _native, _segment

    text = args.corpus.read_text(encoding="utf-8")
    nbytes = len(text.encode("utf-8"))
    lib = _native.lib
    data, size = _native.str_utf8(text)
    assert size == nbytes

    steps: list[tuple[str, object]] = []
    counts: dict[str, int] = {}
    for mode, flags, raw in (("rules", 0, False), ("raw", _native.SEGMENT_RAW, True)):
        seg = _segment._segmenter(_native.UNIT_SENTENCE, "en", flags, _native.OFFSETS_CODEPOINTS)
        starts, ends = seg.bounds(data, size)
        counts[mode] = len(starts)
        # Room for every span (bounds() makes one call into a buffer of about this size).
        out = array(_native.SIZE_T_CODE, [0]) * (2 * len(starts))
        count = c_size_t()

        def c_call(seg=seg, out=out, count=count):
            lib.galley_segmenter_split_offsets(seg._handle_address, data, size, out.buffer_info()[0],
                                               len(out) // 2, byref(count))
            return count.value

        def split(seg=seg):
            return seg.bounds(data, size)

        def build(starts=starts, ends=ends):
            texts = map(text.__getitem__, map(slice, starts, ends))
            return _segment._spans(starts, ends, texts, repeat(None))

        def slices(starts=starts, ends=ends):
            return list(map(text.__getitem__, map(slice, starts, ends)))

        def sentences(raw=raw):
            return galley.sentences(text, "en", raw=raw)

        steps += [(f"{mode}/c_call", c_call), (f"{mode}/split", split),
                  (f"{mode}/build", build), (f"{mode}/slices", slices),
                  (f"{mode}/sentences", sentences)]
    steps.append(("sentencex", lambda: list(sentencex.segment("en", text))))

    for _, fn in steps:  # warm-up
        fn()
    times: dict[str, list[float]] = {name: [] for name, _ in steps}
    for _ in range(args.runs):
        for name, fn in steps:
            t0 = time.perf_counter()
            out = fn()
            times[name].append(time.perf_counter() - t0)
            del out
            gc.collect()

    best = {name: min(t) for name, t in times.items()}
    for name, t in times.items():
        print(json.dumps({"step": name, "best_s": round(best[name], 6),
                          "mb_per_s": round(nbytes / best[name] / 1e6, 2),
                          "times_s": [round(x, 6) for x in t]}))

    sx = best["sentencex"]
    summary = {"bytes": nbytes, "runs": args.runs, "spans": counts,
               "python": sys.version.split()[0], "sentencex_ms": round(sx * 1e3, 1),
               "sentencex_mb_per_s": round(nbytes / sx / 1e6, 1)}
    for mode in ("rules", "raw"):
        b = {k: best[f"{mode}/{k}"] for k in ("c_call", "split", "build", "slices", "sentences")}
        lists = b["split"] - b["c_call"]
        floor_spans = b["build"]
        floor_all = lists + b["build"]
        summary[mode] = {
            **{f"{k}_ms": round(v * 1e3, 1) for k, v in b.items()},
            "offset_lists_ms": round(lists * 1e3, 1),
            "rest_ms": round((b["sentences"] - b["split"] - b["build"]) * 1e3, 1),
            "sentences_mb_per_s": round(nbytes / b["sentences"] / 1e6, 1),
            "sentences_vs_sentencex": round(sx / b["sentences"], 3),
            # With a free C call: the Spans alone, then offset lists + Spans.
            "floor_spans_mb_per_s": round(nbytes / floor_spans / 1e6, 1),
            "floor_spans_vs_sentencex": round(sx / floor_spans, 3),
            "floor_lists_and_spans_mb_per_s": round(nbytes / floor_all / 1e6, 1),
            "floor_lists_and_spans_vs_sentencex": round(sx / floor_all, 3),
            "c_call_plus_spans_vs_sentencex": round(sx / (b["c_call"] + b["build"]), 3),
        }
    print(json.dumps({"summary": summary}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
