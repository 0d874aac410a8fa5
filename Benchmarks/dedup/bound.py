#!/usr/bin/env python3
"""Does the bound on candidates per LSH bucket (DedupOptions.candidatesPerBucket,
issue 12) change any result on the normal benchmarks, and what does it cost?

Adds the same paragraphs to an index built by each configuration, each in its
own process: `main` (a libgalley without the bound, --old), then this build with
candidates_per_bucket 0 (no bound) and each K of --k. Sources: the dedup
benchmark's corpus (corpus/dedup.jsonl, 240,000 paragraphs of real prose, one
paragraph per document, batches of 10,000 as bench_galley.py adds them) and
growth.py's synthetic news paragraphs (5 per call, as same_results.py adds
them), and every rendering of ../shared/realpages (311 real pages rendered
three ways: one document per rendering; skipped when absent; its text is
read where it lies, never committed). Prints, per configuration: CPU seconds, the result digest (kind,
earlier sequence, document, paragraph, similarity bits) and how many results
differ from `main`'s, split into those whose duplicate status changed and
those that only point at another earlier paragraph.

    GALLEY_LIBRARY=build/libgalley.so PYTHONPATH=bindings/python nice .venv/bin/python \\
      Benchmarks/dedup/bound.py --old /tmp/main/libgalley.so --old-binding /tmp/main/bindings/python \\
      --new build/libgalley.so \\
      --k 8 16 32 64 128 --synthetic 200000
"""
import argparse
import hashlib
import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def child(source: str, count: int, k, out: str):
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, os.environ.get("BOUND_BINDING") or str(ROOT / "bindings" / "python"))
    import galley
    options = {} if k is None else {"candidates_per_bucket": k}
    index = galley.DedupIndex(**options)
    if source == "corpus":
        from dedup_common import CORPUS, load_texts
        texts = load_texts(CORPUS)[:count or None]
        calls = [[(str(i), [texts[i]]) for i in range(lo, min(lo + 10_000, len(texts)))]
                 for lo in range(0, len(texts), 10_000)]
    elif source == "realpages":
        # Every rendering of ../shared/realpages (third-party text, read
        # where it lies), one document per rendering, its paragraphs as
        # galley.paragraphs splits them: the three renderings of a page
        # repeat each other, and sites repeat their menus and footers.
        path = os.environ.get("BOUND_REALPAGES") or str(ROOT.parent / "shared" / "realpages" / "pages.jsonl")
        calls = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                page = json.loads(line)
                calls.append([(page["id"] + "/" + page["renderer"], [p.text for p in galley.paragraphs(page["text"])])])
    else:
        import growth
        src = growth.synthetic()
        calls = [[(f"a{c}", [next(src) for _ in range(5)])] for c in range(count // 5)]
    h = hashlib.sha256()
    rows = []
    start = resource.getrusage(resource.RUSAGE_SELF)
    for batch in calls:
        for m in index.add_batch(batch):
            rows.append(None if m is None else (m.kind, m.sequence, m.similarity))
    end = resource.getrusage(resource.RUSAGE_SELF)
    for r in rows:
        if r is None:
            h.update(b"-")
        else:
            h.update(f"{r[0]}|{r[1]}|".encode() + struct.pack("<d", r[2]))
    Path(out).write_text(json.dumps(rows))
    cpu = (end.ru_utime - start.ru_utime) + (end.ru_stime - start.ru_stime)
    print(json.dumps({"paragraphs": len(rows), "digest": h.hexdigest()[:16], "cpu_s": round(cpu, 2),
                      "duplicates": sum(r is not None for r in rows)}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--old", help="libgalley.so without the bound (main)")
    ap.add_argument("--old-binding",
                    help="the Python binding of --old's version (its bindings/python: the options struct grew)")
    ap.add_argument("--new")
    ap.add_argument("--k", type=int, nargs="+", default=[8, 16, 32, 64, 128])
    ap.add_argument("--corpus", type=int, default=0, help="paragraphs of the corpus (0: all)")
    ap.add_argument("--synthetic", type=int, default=200_000)
    ap.add_argument("--child", nargs=4)
    a = ap.parse_args()
    if a.child:
        source, count, k, out = a.child
        child(source, int(count), None if k == "none" else int(k), out)
        return
    if not (a.old and a.old_binding and a.new):
        ap.error("--old, --old-binding and --new are required")
    sources = [("synthetic", a.synthetic)] if a.synthetic else []
    realpages = ROOT.parent / "shared" / "realpages" / "pages.jsonl"
    if realpages.exists():
        sources.insert(0, ("realpages", 0))
    else:
        print(f"{realpages} is missing: no real pages", file=sys.stderr)
    if (HERE / "corpus" / "dedup.jsonl").exists():
        sources.insert(0, ("corpus", a.corpus))
    else:
        print("corpus/dedup.jsonl is missing (Benchmarks/dedup/run.sh makes it): synthetic only", file=sys.stderr)
    new_binding = str(ROOT / "bindings" / "python")
    configs = [("main", a.old, "none", a.old_binding), ("K=0 (no bound)", a.new, "0", new_binding)] + \
        [(f"K={k}", a.new, str(k), new_binding) for k in a.k]
    print("| source | configuration | paragraphs | duplicates | CPU s | digest | results differing from main "
          "| of which duplicate status |")
    print("|---|---|---:|---:|---:|---|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for source, count in sources:
            base = None
            for name, lib, k, binding in configs:
                out = os.path.join(tmp, f"{source}-{k}.json")
                env = dict(os.environ, GALLEY_LIBRARY=str(Path(lib).resolve()), BOUND_BINDING=binding)
                r = subprocess.run([sys.executable, __file__, "--child", source, str(count), k, out],
                                   env=env, capture_output=True, text=True)
                if r.returncode != 0:
                    sys.exit(r.stderr)
                info = json.loads(r.stdout)
                rows = json.loads(Path(out).read_text())
                if base is None:
                    base = rows
                differ = sum(x != y for x, y in zip(rows, base))
                status = sum((x is None) != (y is None) for x, y in zip(rows, base))
                print(f"| {source} | {name} | {info['paragraphs']:,} | {info['duplicates']:,} | {info['cpu_s']} "
                      f"| `{info['digest']}` | {differ:,} | {status:,} |", flush=True)


if __name__ == "__main__":
    main()
