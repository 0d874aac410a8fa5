#!/usr/bin/env python3
"""galley.dask.dedup on a LocalCluster of 2 worker processes beside one
galley.DedupIndex in a process of its own, over the same generated paragraphs
in the same order (issues 7 and 11). Measures wall and CPU time, peak RSS
(the single process; each worker, sampled every 0.2 s), the tasks, the bytes
each exchange routes (measured by computing the stages once more) and those
that crossed between the workers, an idle worker's CPU per second, and
checks that both give the same result.

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


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def single(path):
    import galley
    docs = json.load(open(path))
    t, c = time.perf_counter(), cpu_seconds()
    index = galley.DedupIndex()
    results = []
    for k in range(0, len(docs), 5000):
        results += index.add_batch([(i, [s.text for s in galley.paragraphs(t)]) for i, t in docs[k:k + 5000]])
    wall, cpu = time.perf_counter() - t, cpu_seconds() - c
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = [None if m is None else [m.id, m.paragraph, m.similarity, m.kind] for m in results]
    json.dump({"wall_s": wall, "cpu_s": cpu, "peak_rss_mib": rss, "results": out}, sys.stdout)


def nbytes(x):
    """Bytes of the arrays in a (nested) exchange piece."""
    import numpy as np
    if isinstance(x, np.ndarray):
        if x.dtype == object:
            return sum(len(v.encode()) if isinstance(v, str) else 8 for v in x) + 8 * len(x)
        return x.nbytes
    if isinstance(x, (list, tuple)):
        return sum(nbytes(v) for v in x)
    if isinstance(x, dict):
        return sum(nbytes(v) for v in x.values())
    return 0


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
    from dask import delayed
    from dask.distributed import Client, LocalCluster, get_task_stream
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
    print(f"  {n} paragraphs in {one['wall_s']:.1f} s ({one['cpu_s']:.1f} s CPU), {one['peak_rss_mib']:.0f} MiB",
          file=sys.stderr)

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR, memory_limit="10GiB") as cluster, Client(cluster) as client:
        frame = dd.from_pandas(pd.DataFrame(docs, columns=["id", "text"]), npartitions=args.partitions).persist()
        client.run(lambda: __import__("galley.dask"))  # each worker loads libgalley.so itself, once

        def worker_cpu():
            return client.run(lambda: sum(__import__("psutil").Process().cpu_times()[:2]))

        peaks = {}
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                for w, rss in client.run(lambda: __import__("psutil").Process().memory_info().rss).items():
                    peaks[w] = max(peaks.get(w, 0), rss)
                time.sleep(0.2)

        # What an idle worker costs per second (heartbeats, the event loop's
        # ticks, the profiler): the part of the workers' CPU that grows with
        # wall time, hence with the machine's load, not with the work.
        idle_before = worker_cpu()
        time.sleep(10)
        idle_after = worker_cpu()
        idle_per_s = {w: (idle_after[w] - idle_before[w]) / 10 for w in idle_after}

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        def sent():
            return client.run(lambda dask_worker: dask_worker.transfer_outgoing_bytes_total)

        before, client_before, sent_before = worker_cpu(), cpu_seconds(), sent()
        t = time.perf_counter()
        with get_task_stream(client) as stream:
            out = gd.dedup(frame).compute()
        wall = time.perf_counter() - t
        tasks = len(stream.data)
        sent_after = sent()
        between_workers = sum(sent_after[w] - sent_before[w] for w in sent_after)
        client_cpu = cpu_seconds() - client_before
        after = worker_cpu()
        stop.set()
        sampler.join()
        workers_cpu = {w: after[w] - before[w] for w in after}
        print(f"  dask: {wall:.1f} s, workers' CPU {sum(workers_cpu.values()):.1f} s, client and scheduler "
              f"{client_cpu:.1f} s", file=sys.stderr)

        # The bytes each exchange moves (every routed piece, also those that
        # stay on their worker), measured by running the stages once more,
        # not timed.
        options = dict(threshold=0.8, containment=0.9, shingle="words", n=5, permutations=64)
        fps = gd._persisted(frame, gd._fingerprint_partition, "text", "id", True, options)
        lengths = gd._lengths(fps)
        s = gd._stages(fps, lengths, 0.8, 0.9)
        graph = gd._graph(s, fps)

        def size(key):
            return delayed(nbytes, pure=True)(gd._delayed(graph, key, s["name"]))

        fp_bytes = dask.compute(*[delayed(nbytes, pure=True)(f) for f in fps])
        exact_b, copies_b, rows_b, bucket_b, earlier_b = dask.compute(
            [size(x) for x in s["exact_rows"]], [size(x) for x in s["exact"]],
            [size(x) for x in s["rows"]], [size(x) for x in s["buckets"]], [size(x) for x in s["earlier"]])
        # The fingerprints gathered into groups: at most all of them move
        # (those of a group's partitions that sit on another worker).
        exchanged = {"fingerprints_to_groups_at_most": sum(fp_bytes), "exact_rows": sum(exact_b),
                     "exact_copies": sum(copies_b), "band_rows": sum(rows_b),
                     "candidate_pairs": sum(bucket_b),
                     "pairs_with_earlier_shingles_and_names": sum(earlier_b)}
        npairs = int(sum(dask.compute(*[delayed(lambda p: sum(len(x[0]) for x in p))(
            gd._delayed(graph, x, s["name"])) for x in s["buckets"]])))
        groups = len(s["groups"])
        del fps

    assert list(out.index) == list(range(n)), "the result is not in input order"
    got = [None if r.kept else [r.duplicate_id, int(r.duplicate_paragraph), float(r.similarity), r.kind]
           for r in out.itertuples()]
    identical = got == one["results"]
    total = sum(v for k, v in exchanged.items() if k != "fingerprints_to_groups_at_most")
    dask_cpu = sum(workers_cpu.values())
    res = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": f"nice Benchmarks/dask/run.sh --paragraphs {args.paragraphs} --partitions {args.partitions}",
        "machine": "2 cores (AMD EPYC KVM guest), shared with other jobs during the run: see load_average",
        "load_average": os.getloadavg(),
        "paragraphs": n, "articles": len(docs), "partitions": args.partitions,
        "versions": {"dask": dask.__version__, "galley": galley.__version__, "python": sys.version.split()[0]},
        "single": {"wall_s": one["wall_s"], "cpu_s": one["cpu_s"], "peak_rss_mib": one["peak_rss_mib"],
                   "paragraphs_per_s": n / one["wall_s"]},
        "dask_2_workers": {"wall_s": wall, "paragraphs_per_s": n / wall, "workers_cpu_s": workers_cpu,
                           "client_and_scheduler_cpu_s": client_cpu, "tasks": tasks, "groups": groups,
                           "bytes_sent_between_workers": between_workers,
                           "idle_worker_cpu_s_per_s": idle_per_s,
                           "peak_rss_mib_per_worker": {w: p / 2**20 for w, p in peaks.items()}},
        "per_worker_ratio_wall": one["wall_s"] / (2 * wall),
        "per_worker_ratio_cpu": one["cpu_s"] / dask_cpu,
        "fingerprint_bytes_per_paragraph": sum(fp_bytes) / n,
        "exchange_bytes": exchanged, "exchange_bytes_per_paragraph": total / n, "candidate_pairs_before_dedup": npairs,
        "duplicates": sum(1 for g in got if g), "identical_to_single": identical,
    }
    json.dump(res, open(args.out, "w"), indent=2)
    print(json.dumps({k: v for k, v in res.items() if k != "versions"}, indent=2))
    if not identical:
        sys.exit("results differ from the single-process index")


if __name__ == "__main__":
    main()
