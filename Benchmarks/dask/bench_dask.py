#!/usr/bin/env python3
"""galley.dask.dedup on a LocalCluster of 2 worker processes beside one
galley.DedupIndex in a process of its own, over the same generated paragraphs
in the same order (issue 7's benchmark). Measures wall time, peak RSS (the
single process; each worker, sampled every 0.2 s), the bytes that go into
each shuffle (pandas memory of the shuffled frames, measured by computing
them once more), and checks that both give the same result.

    GALLEY_LIBRARY=build/libgalley.so PYTHONPATH=bindings/python \\
      .venv/bin/python Benchmarks/dask/bench_dask.py --paragraphs 1000000 --out results.json
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def corpus(paragraphs, seed=1):
    """Articles of 2-6 paragraphs of 20-60 words drawn at random from the
    word stream of the machine's prose (so with its Zipf-like frequencies,
    but no shared passages, as in news where copies are the exception), with
    10% exact copies, 10% near copies (a word changed) and 5% contained ones
    (five words appended) of earlier paragraphs."""
    path = os.path.join(ROOT, "Benchmarks", "corpus", "en.txt")
    words = open(path, encoding="utf-8").read(4_000_000).split()
    rng = random.Random(seed)
    docs, pool, count = [], [], 0
    while count < paragraphs:
        ps = []
        for _ in range(rng.randint(2, 6)):
            r = rng.random()
            if pool and r < 0.10:
                ps.append(rng.choice(pool))
            elif pool and r < 0.20:
                w = rng.choice(pool).split()
                w[rng.randrange(len(w))] = rng.choice(words)
                ps.append(" ".join(w))
            elif pool and r < 0.25:
                ps.append(rng.choice(pool) + " " + " ".join(rng.choices(words, k=5)))
            else:
                ps.append(" ".join(rng.choices(words, k=rng.randint(20, 60))))
            if len(pool) < 200_000:
                pool.append(ps[-1])
            else:
                pool[rng.randrange(len(pool))] = ps[-1]
        docs.append((f"d{len(docs)}", "\n\n".join(ps)))
        count += len(ps)
    return docs


def single(path):
    import galley
    docs = json.load(open(path))
    t = time.perf_counter()
    index = galley.DedupIndex()
    results = []
    for k in range(0, len(docs), 5000):
        results += index.add_batch([(i, [s.text for s in galley.paragraphs(t)]) for i, t in docs[k:k + 5000]])
    wall = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = [None if m is None else [m.doc_id, m.paragraph, m.similarity, m.kind] for m in results]
    json.dump({"wall_s": wall, "peak_rss_mib": rss, "results": out}, sys.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--paragraphs", type=int, default=1_000_000)
    ap.add_argument("--partitions", type=int, default=40)
    ap.add_argument("--out", default=os.path.join(HERE, "results", "results.json"))
    ap.add_argument("--single", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.single:
        single(args.single)
        return

    import logging
    import pandas as pd
    import dask
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster
    import numpy as np
    import galley
    import galley.dask as gd

    t = time.perf_counter()
    docs = corpus(args.paragraphs)
    build = os.path.join(HERE, "build")
    os.makedirs(build, exist_ok=True)
    data = os.path.join(build, "docs.json")
    json.dump(docs, open(data, "w"))
    print(f"corpus: {len(docs)} articles in {time.perf_counter() - t:.1f} s", file=sys.stderr)

    print("single-process index ...", file=sys.stderr)
    proc = subprocess.run([sys.executable, __file__, "--single", data], capture_output=True, text=True, check=True)
    one = json.loads(proc.stdout)
    n = len(one["results"])
    print(f"  {n} paragraphs in {one['wall_s']:.1f} s, {one['peak_rss_mib']:.0f} MiB", file=sys.stderr)

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR, memory_limit="10GiB") as cluster, Client(cluster) as client:
        frame = dd.from_pandas(pd.DataFrame(docs, columns=["id", "text"]), npartitions=args.partitions).persist()
        client.run(lambda: __import__("galley"))  # each worker loads libgalley.so itself, once
        peaks = {}
        stop = threading.Event()

        def sample():
            import psutil  # noqa: F401  (a dependency of distributed)
            while not stop.is_set():
                for w, rss in client.run(lambda: __import__("psutil").Process().memory_info().rss).items():
                    peaks[w] = max(peaks.get(w, 0), rss)
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        t = time.perf_counter()
        out = gd.dedup(frame).compute().sort_index()
        wall = time.perf_counter() - t
        stop.set()
        sampler.join()
        print(f"  dask: {wall:.1f} s", file=sys.stderr)

        # The frames that go through shuffles, measured by computing them
        # again (not timed): band rows, candidate pairs, the two shingle
        # joins' inputs, the verified matches.
        options = dict(threshold=0.8, containment=0.9, shingle="words", n=5, permutations=64)
        fp = frame.map_partitions(gd._fingerprint_partition, "text", "id", True, options, meta=gd._FP_META)
        lengths = fp.map_partitions(len).compute().tolist()
        offsets = [0]
        for length in lengths:
            offsets.append(offsets[-1] + length)
        meta = gd._FP_META.drop(columns=["local"]).assign(seq=pd.Series(dtype=np.int64))
        fp = fp.map_partitions(gd._add_sequence, offsets, meta=meta).persist()
        first = fp.groupby("exact")["seq"].min().rename("first").reset_index()
        firsts = fp[["seq", "exact", "tokens", "bands"]].merge(first, on="exact")
        unique = firsts[firsts["first"] == firsts["seq"]][["seq", "bands"]]
        bands = unique.map_partitions(gd._explode_bands, meta={"band": np.int16, "key": np.int64, "seq": np.int64})
        pairs = bands.shuffle(on=["band", "key"]).map_partitions(gd._bucket_pairs, meta={"j": np.int64, "i": np.int64})

        def size(f):
            return int(f.map_partitions(lambda d: pd.Series([d.memory_usage(deep=True, index=False).sum()])).sum().compute())

        shuffled = {"exact_groupby": size(fp[["seq", "exact", "tokens", "bands"]]), "bands": size(bands),
                    "pairs": size(pairs), "shingles_joins": 2 * size(fp[["seq", "shingles", "tokens"]]) + 2 * size(pairs)}
        npairs = int(pairs.map_partitions(len).sum().compute())

    got = [None if r.kept else [r.duplicate_id, int(r.duplicate_paragraph), float(r.similarity), r.kind]
           for r in out.itertuples()]
    identical = got == one["results"]
    total = sum(shuffled.values())
    res = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": "Benchmarks/dask/run.sh",
        "paragraphs": n, "articles": len(docs), "partitions": args.partitions,
        "versions": {"dask": dask.__version__, "galley": galley.__version__, "python": sys.version.split()[0]},
        "single": {"wall_s": one["wall_s"], "peak_rss_mib": one["peak_rss_mib"],
                   "paragraphs_per_s": n / one["wall_s"]},
        "dask_2_workers": {"wall_s": wall, "paragraphs_per_s": n / wall,
                           "peak_rss_mib_per_worker": {w: p / 2**20 for w, p in peaks.items()}},
        "shuffle_bytes": shuffled, "shuffle_bytes_per_paragraph": total / n, "candidate_pairs": npairs,
        "duplicates": sum(1 for g in got if g), "identical_to_single": identical,
    }
    json.dump(res, open(args.out, "w"), indent=2)
    print(json.dumps({k: v for k, v in res.items() if k != "versions"}, indent=2))
    if not identical:
        sys.exit("results differ from the single-process index")


if __name__ == "__main__":
    main()
