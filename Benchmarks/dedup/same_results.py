#!/usr/bin/env python3
"""Do two builds of libgalley give the same duplicate results? (issue 11)

A layout change of the index must not change one result. This adds the
same paragraphs (growth.py's synthetic source, or the article corpus) one
article of 5 per call to an index built by each library, each in its own
process, and compares a digest of every result (kind, earlier paragraph's
sequence, document id, paragraph number and the similarity's exact bits)
and of the clusters, and prints the counts of each kind.

    same_results.py --old /tmp/old/libgalley.so --new build/libgalley.so --paragraphs 200000
    same_results.py ... --source articles --articles Benchmarks/process/build/base.jsonl
"""
import argparse
import hashlib
import json
import os
import struct
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def run(paragraph_count: int, source: str, articles, file_path):
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT / "bindings" / "python"))
    import galley
    import growth
    src = growth.synthetic() if source == "synthetic" else growth.paragraphs(Path(articles))
    index = galley.DedupIndex(file_path)
    h = hashlib.sha256()
    kinds = {}
    n = calls = 0
    while n < paragraph_count:
        paras = [next(src) for _ in range(5)]
        for m in index.add(f"a{calls}", paras):
            if m is None:
                h.update(b"-")
                kinds["kept"] = kinds.get("kept", 0) + 1
            else:
                h.update(f"{m.kind}|{m.sequence}|{m.id}|{m.paragraph}|".encode())
                h.update(struct.pack("<d", m.similarity))
                kinds[m.kind] = kinds.get(m.kind, 0) + 1
        calls += 1
        n += 5
    clusters = index.clusters()
    h.update(json.dumps(clusters).encode())
    index.close()
    return {"paragraphs": n, "digest": h.hexdigest(), "kinds": kinds, "clusters": len(clusters)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--old")
    ap.add_argument("--new")
    ap.add_argument("--paragraphs", type=int, default=100_000)
    ap.add_argument("--source", choices=["synthetic", "articles"], default="synthetic")
    ap.add_argument("--articles")
    ap.add_argument("--file", action="store_true", help="file indexes (in /tmp)")
    ap.add_argument("--child", action="store_true")
    a = ap.parse_args()
    if a.child:
        path = None
        if a.file:
            path = f"/tmp/same-results-{os.getpid()}.db"
        out = run(a.paragraphs, a.source, a.articles, path)
        if path:
            for s in ("", "-wal"):
                if os.path.exists(path + s):
                    os.remove(path + s)
        print(json.dumps(out))
        return
    results = {}
    for name, lib in (("old", a.old), ("new", a.new)):
        env = dict(os.environ, GALLEY_LIBRARY=str(Path(lib).resolve()))
        args = [sys.executable, __file__, "--child", "--paragraphs", str(a.paragraphs), "--source", a.source]
        if a.articles:
            args += ["--articles", a.articles]
        if a.file:
            args.append("--file")
        r = subprocess.run(args, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(r.stderr)
        results[name] = json.loads(r.stdout)
        print(name, json.dumps(results[name]), flush=True)
    same = results["old"]["digest"] == results["new"]["digest"]
    print("identical" if same else "DIFFERENT")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
