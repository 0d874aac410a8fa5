#!/usr/bin/env python3
"""Growth run (issue 11): per-call `add` time and RSS per paragraph as an
index grows to 10k, 100k, 1M and 10M paragraphs, one article of 5
paragraphs per call, for Galley (in memory, or with an SQLite file) and,
side by side, rensa and datasketch (RMinHashLSH / MinHashLSH, queried and
inserted per paragraph, as bench_peers.py does) up to where they stop.

Paragraphs: the news-style articles of Benchmarks/process/gen_articles.py
(the same 1 GB corpus as the process benchmark), split at blank lines and
taken 5 at a time. Past the end of the file the corpus is read again with
every word mapped through a fixed permutation of the vocabulary per pass
(expand_articles.py: pass k's paragraphs are new, of the same lengths, with
the corpus's own duplicates).

Per checkpoint: mean microseconds per call over the 2,000 calls before it
(only the `add` call is timed), and (VmRSS now - VmRSS before the index was
made) / paragraphs. Each system runs in its own process:

    growth.py --system galley --articles build/articles.jsonl --max 10000000 --json out.json
    growth.py --system galley-file ...   # SQLite file in --tmp
    growth.py --system rensa|datasketch --max 1000000 --time-limit 900

A system stops at --max, or at the first checkpoint after --time-limit
seconds of adding, or when RSS passes --rss-limit GB; the JSON says which.

--source synthetic (no --articles) draws paragraphs from a fixed Zipf
vocabulary instead (news lengths, 8% exact and 6% near copies): fast
enough for 10M paragraphs. --system galley-file --batch N builds the file
N articles per call (one transaction each: the fast way to a large file),
and --system reopen --path FILE opens an existing file index in a fresh
process: seconds, VmRSS after open and the peak (VmHWM) while opening.
"""
import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "bindings" / "python"))
os.environ.setdefault("GALLEY_LIBRARY", str(ROOT / "build" / "libgalley.so"))

CHECKPOINTS = [10_000, 100_000, 1_000_000, 10_000_000]
WINDOW = 2000  # calls timed before each checkpoint


def rss(field: str = "VmRSS") -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def reopen(path: str) -> dict:
    """Opens the file index at `path` (this process has not touched it)."""
    import galley
    r0 = rss()
    t0 = time.perf_counter()
    idx = galley.DedupIndex(path)
    out = {"seconds": time.perf_counter() - t0, "rss_bytes": rss() - r0,
           "peak_rss_bytes": rss("VmHWM") - r0, "paragraphs": len(idx),
           "file_bytes": os.path.getsize(path)}
    out["rss_per_paragraph"] = out["rss_bytes"] / max(out["paragraphs"], 1)
    idx.close()
    return out


def synthetic(seed: int = 1):
    """News-length paragraphs (25-110 words) from a 50,000-word Zipf
    vocabulary (NumPy draws the words, 100,000 paragraphs at a time); 8%
    repeat an earlier paragraph exactly, 6% with one word changed.
    Deterministic for the seed."""
    import numpy as np
    rng = np.random.default_rng(seed)
    vocab = np.array(["w%x" % (i * 2654435761 % 1000003) for i in range(50_000)], dtype=object)
    p = 1.0 / np.arange(1, len(vocab) + 1) ** 1.05
    p /= p.sum()
    recent = []
    while True:
        n = 100_000
        lengths = rng.integers(25, 111, size=n)
        words = vocab[rng.choice(len(vocab), size=int(lengths.sum()), p=p)]
        kinds = rng.random(n)
        picks = rng.integers(0, 4096, size=n)
        ends = np.cumsum(lengths)
        start = 0
        for i in range(n):
            end = int(ends[i])
            r = kinds[i]
            if r < 0.14 and recent:
                q = recent[int(picks[i]) % len(recent)]
                if r >= 0.08:
                    ws = q.split(" ")
                    ws[int(picks[i]) % len(ws)] = "changed"
                    q = " ".join(ws)
                start = end
                yield q
                continue
            q = " ".join(words[start:end]) + "."
            start = end
            if len(recent) < 4096:
                recent.append(q)
            else:
                recent[int(picks[i])] = q
            yield q


def paragraphs(path: Path):
    """Paragraphs forever: the articles of `path`, then further passes with
    each pass's vocabulary permutation (Benchmarks/process/expand_articles.py)."""
    sys.path.insert(0, str(ROOT / "Benchmarks" / "process"))
    from expand_articles import passes
    for article in passes(path):
        for p in article["text"].split("\n\n"):
            p = p.strip()
            if p:
                yield p


class Galley:
    def __init__(self, path):
        import galley
        self.index = galley.DedupIndex(path)

    def add(self, doc_id, paras):
        self.index.add(doc_id, paras)

    def close(self):
        self.index.close()


class Peer:
    """rensa or datasketch, per paragraph: sketch, query, pick, insert."""

    def __init__(self, system):
        from dedup_common import NUM_PERM, THRESHOLD, shingles
        self.shingles = shingles
        self.threshold = THRESHOLD
        self.sketches = []
        self.n = 0
        if system == "rensa":
            from rensa import RMinHash, RMinHashLSH
            self.lsh = RMinHashLSH(THRESHOLD, NUM_PERM, 8)
            self.sketch = lambda sh: RMinHash.from_token_sets([sh], num_perm=NUM_PERM, seed=42)[0]
            self.insert = self.lsh.insert
        else:
            from datasketch import MinHash, MinHashLSH
            self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
            self.sketch = lambda sh: MinHash.bulk([[s.encode() for s in sh]], num_perm=NUM_PERM)[0]
            self.insert = lambda j, m: self.lsh.insert(j, m, check_duplication=False)

    def add(self, doc_id, paras):
        for p in paras:
            sh = self.shingles(p)
            m = self.sketch(sh)
            j = self.n
            self.n += 1
            self.sketches.append(m)
            if not sh:
                continue
            best, best_e = -1, -1.0
            for k in sorted(self.lsh.query(m)):
                e = m.jaccard(self.sketches[k])
                if e > best_e:
                    best, best_e = k, e
            self.insert(j, m)

    def close(self):
        pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--system", required=True, choices=["galley", "galley-file", "rensa", "datasketch", "reopen"])
    ap.add_argument("--articles", type=Path)
    ap.add_argument("--source", choices=["articles", "synthetic"], default="articles")
    ap.add_argument("--batch", type=int, default=1, help="articles per call (galley-file)")
    ap.add_argument("--path", help="file index (reopen; galley-file: keep it there)")
    ap.add_argument("--max", type=int, default=10_000_000)
    ap.add_argument("--time-limit", type=float, default=3600)
    ap.add_argument("--rss-limit", type=float, default=16, help="GB")
    ap.add_argument("--per-call", type=int, default=5)
    ap.add_argument("--tmp", default=tempfile.gettempdir())
    ap.add_argument("--json")
    a = ap.parse_args()

    if a.system == "reopen":
        out = {"system": "reopen", "reopen": reopen(a.path)}
        print(json.dumps(out))
        if a.json:
            Path(a.json).write_text(json.dumps(out, indent=1) + "\n")
        return
    source = synthetic() if a.source == "synthetic" else paragraphs(a.articles)
    for _ in range(5000):  # the generator's own tables, before RSS is read
        next(source)
    checkpoints = [c for c in CHECKPOINTS if c <= a.max] or [a.max]
    tmpdir = tempfile.mkdtemp(dir=a.tmp)
    path = None
    if a.system == "galley-file":
        path = a.path or os.path.join(tmpdir, "growth.db")
    rss0 = rss()
    system = Galley(path) if a.system.startswith("galley") else Peer(a.system)
    n = calls = 0
    window = []  # per-call seconds of the last WINDOW calls
    cpu_window = []  # the same in the process's CPU time
    added = 0.0  # seconds inside add
    rows, stopped = [], "max"
    t_start = time.perf_counter()
    next_cp = 0
    while next_cp < len(checkpoints):
        if a.batch > 1:
            docs = [(f"a{calls}-{k}", [next(source) for _ in range(a.per_call)]) for k in range(a.batch)]
            paras = [p for _, ps in docs for p in ps]
            t0, c0 = time.perf_counter(), time.process_time()
            system.index.add_batch(docs)
        else:
            paras = [next(source) for _ in range(a.per_call)]
            t0, c0 = time.perf_counter(), time.process_time()
            system.add(f"a{calls}", paras)
        dt = time.perf_counter() - t0
        cpu_window.append(time.process_time() - c0)
        added += dt
        window.append(dt)
        if len(window) > WINDOW:
            window.pop(0)
            cpu_window.pop(0)
        calls += 1
        n += len(paras)
        if n >= checkpoints[next_cp]:
            r = rss() - rss0
            row = {"paragraphs": n, "calls": calls, "us_per_call": 1e6 * sum(window) / len(window),
                   "cpu_us_per_call": 1e6 * sum(cpu_window) / len(cpu_window),
                   "add_seconds": added, "wall_seconds": time.perf_counter() - t_start,
                   "rss_bytes": r, "rss_per_paragraph": r / n}
            if path:
                row["file_bytes"] = os.path.getsize(path) + (os.path.getsize(path + "-wal")
                                                             if os.path.exists(path + "-wal") else 0)
                row["file_per_paragraph"] = row["file_bytes"] / n
            rows.append(row)
            print(json.dumps({"system": a.system, **row}), file=sys.stderr, flush=True)
            next_cp += 1
            if added > a.time_limit and next_cp < len(checkpoints):
                stopped = f"time limit ({a.time_limit:.0f} s of adding) after {n} paragraphs"
                break
            if r > a.rss_limit * 1e9 and next_cp < len(checkpoints):
                stopped = f"RSS limit ({a.rss_limit} GB) after {n} paragraphs"
                break
    t_close = time.perf_counter()
    system.close()
    close_s = time.perf_counter() - t_close
    out = {"system": a.system, "source": a.source, "per_call": a.per_call, "batch": a.batch,
           "checkpoints": rows, "stopped": stopped, "close_seconds": close_s}
    if path:
        import subprocess
        # Reopen in a fresh process: time, RSS and peak RSS of loading the file.
        r = subprocess.run([sys.executable, __file__, "--system", "reopen", "--path", path],
                           capture_output=True, text=True, check=True)
        out["reopen"] = json.loads(r.stdout)["reopen"]
        if not a.path:
            for suffix in ("", "-wal"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)
    os.rmdir(tmpdir)
    print(json.dumps(out))
    if a.json:
        Path(a.json).write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
