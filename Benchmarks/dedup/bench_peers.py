#!/usr/bin/env python3
"""Near-duplicate detection peers, end to end from raw text, each in a fresh
process: datasketch (MinHashLSH) and rensa (RMinHash + RMinHashLSH) over the
benchmark's word 5-gram shingles, a CCNet-style exact normalized-hash
baseline, and rensa's own streaming deduplicator (flags only).

    bench_peers.py [--systems ccnet,datasketch,rensa,rensa-dedup] [--runs N]
                   [--out results/peers.json] [--limit N]

Every system sees the paragraphs of corpus/dedup.jsonl in input order and
answers, for each paragraph, the earlier paragraph it duplicates or none
(see README, "Evaluation"). For the MinHash systems:

    tokenize + shingle in Python (dedup_common.shingles, timed)
    sketch every paragraph (128 permutations; the library's batch API)
    for j in input order:
        candidates = lsh.query(sketch[j])          # earlier paragraphs only
        best = argmax over candidates of the library's Jaccard estimate
               (ties: the earliest)
        report best if its estimate >= 0.8, else none
        lsh.insert(j, sketch[j])

No exact verification: the libraries offer the estimate, and that is what
their users threshold on (rensa's own deduplicator does exactly this). The
best candidate regardless of its estimate is scored too ("LSH only": what a
caller who trusts the LSH bucket gets), from the same run.

Each run is a child process (`--child SYSTEM`) that loads the corpus
(untimed), reads its RSS, runs the system once under time.perf_counter, and
reports the time of each phase, its peak RSS (getrusage ru_maxrss) and its
answers (a .npy of int32, -1 for none). The parent scores the answers with
dedup_common.score against corpus/truth_pairs.jsonl. With --runs N each
system runs N times, each in a fresh process, in turns (ccnet, datasketch,
rensa, ..., then again); paragraphs/s is from the fastest run, the peak RSS
the largest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from dedup_common import (CORPUS, NUM_PERM, THRESHOLD, Truth, load_meta,  # noqa: E402
                          load_texts, recall_by_class, score, shingles)

SYSTEMS = ["ccnet", "datasketch", "rensa", "rensa-dedup"]


def rss_now() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


# ---------------------------------------------------------------------------
# Systems. Each takes the list of raw paragraphs and returns
# (answers: list[int] with -1 for none, extra: dict, phases: dict of seconds).

def run_ccnet(texts):
    """CCNet-style exact dedup (cc_net's normalize_for_dedup, re-implemented):
    strip, lower-case, every digit -> 0, drop the typographic punctuation
    cc_net maps (quotes, dashes, ellipsis, CJK punctuation...) and control
    characters (so a line break disappears), then the first 8 bytes of
    SHA-1; a paragraph whose hash was seen duplicates the first paragraph
    with that hash."""
    punct = "\uff0c\u3002\u3001\u201e\u201d\u201c\u00ab\u00bb\uff11\u300d\u300c\u300a\u300b" \
            "\u00b4\u2236\uff1a\uff1f\uff01\uff08\uff09\uff1b\u2013\u2014\uff0e\uff5e\u2019" \
            "\u2026\u2501\u3008\u3009\u3010\u3011\uff05\u25ba"
    control = "".join(map(chr, list(range(0, 32)) + list(range(127, 160))))
    drop = re.compile("[" + re.escape(punct + control) + "]")
    digit = re.compile(r"\d")
    t0 = time.perf_counter()
    first: dict[bytes, int] = {}
    answers = []
    for j, t in enumerate(texts):
        line = drop.sub("", digit.sub("0", t.strip().lower()))
        h = hashlib.sha1(line.encode("utf-8")).digest()[:8]
        i = first.setdefault(h, j)
        answers.append(i if i != j else -1)
    return answers, {}, {"total": time.perf_counter() - t0}


def _pick(cands, est):
    best, best_e = -1, -1.0
    for k in sorted(cands):
        e = est(k)
        if e > best_e:
            best, best_e = k, e
    return best, best_e


CHUNK = 8192  # paragraphs tokenized and sketched per batch call


def _minhash_lsh(texts, to_tokens, sketch_batch, lsh, insert):
    """The loop both MinHash peers share: per chunk of CHUNK paragraphs,
    tokenize (Python), sketch (the library's batch call), then query, pick
    and insert one paragraph at a time in input order."""
    answers, lsh_only = [], []
    mhs = []  # every sketch, for the estimates
    n_cands = 0
    t_tok = t_sk = t_lsh = 0.0
    for c in range(0, len(texts), CHUNK):
        t0 = time.perf_counter()
        sh = [to_tokens(t) for t in texts[c:c + CHUNK]]
        t1 = time.perf_counter()
        ms = sketch_batch(sh)
        t2 = time.perf_counter()
        for k, m in enumerate(ms):
            j = c + k
            mhs.append(m)
            if not sh[k]:  # no tokens: never a duplicate, not indexed
                answers.append(-1)
                lsh_only.append(-1)
                continue
            cands = lsh.query(m)
            n_cands += len(cands)
            best, e = _pick(cands, lambda i: m.jaccard(mhs[i])) if cands else (-1, 0.0)
            answers.append(best if e >= THRESHOLD else -1)
            lsh_only.append(best)
            insert(j, m)
        t3 = time.perf_counter()
        t_tok += t1 - t0
        t_sk += t2 - t1
        t_lsh += t3 - t2
    phases = {"tokenize": t_tok, "sketch": t_sk, "lsh": t_lsh, "total": t_tok + t_sk + t_lsh}
    return answers, {"lsh_only": lsh_only, "candidates": n_cands}, phases


def run_datasketch(texts):
    import datasketch
    from datasketch import MinHash, MinHashLSH
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    t0 = time.perf_counter()
    answers, extra, phases = _minhash_lsh(
        texts,
        lambda t: [s.encode("utf-8") for s in shingles(t)],
        lambda sh: MinHash.bulk(sh, num_perm=NUM_PERM),
        lsh,
        lambda j, m: lsh.insert(j, m, check_duplication=False))
    phases["total"] = time.perf_counter() - t0
    extra.update({"bands": lsh.b, "rows": lsh.r, "version": datasketch.__version__})
    return answers, extra, phases


def rensa_bands() -> int:
    # rensa's own default for threshold 0.8 (RMinHashDeduplicator picks 8
    # bands of 16 rows for 0.8 <= threshold < 0.9).
    return 8


def run_rensa(texts):
    from rensa import RMinHash, RMinHashLSH
    lsh = RMinHashLSH(THRESHOLD, NUM_PERM, rensa_bands())
    t0 = time.perf_counter()
    answers, extra, phases = _minhash_lsh(
        texts,
        shingles,
        lambda sh: RMinHash.from_token_sets(sh, num_perm=NUM_PERM, seed=42),
        lsh,
        lsh.insert)
    phases["total"] = time.perf_counter() - t0
    extra.update({"bands": lsh.get_num_bands(), "rows": NUM_PERM // lsh.get_num_bands(),
                  "version": _version("rensa")})
    return answers, extra, phases


def run_rensa_dedup(texts):
    """rensa's RMinHashDeduplicator, fed (key, shingles) pairs one chunk per
    call: sketching, LSH query, estimate >= 0.8 and insertion all in Rust.
    It answers keep/drop only (no partner) and compares a paragraph only
    with the paragraphs it kept, so it is scored on flags (see README)."""
    from rensa import RMinHashDeduplicator
    dd = RMinHashDeduplicator(THRESHOLD, NUM_PERM, True)
    keep = []
    t_tok = t_dd = 0.0
    t_start = time.perf_counter()
    for c in range(0, len(texts), CHUNK):
        t0 = time.perf_counter()
        pairs = [(str(c + k), shingles(t)) for k, t in enumerate(texts[c:c + CHUNK])]
        t1 = time.perf_counter()
        keep.extend(dd.add_pairs(pairs))
        t2 = time.perf_counter()
        t_tok += t1 - t0
        t_dd += t2 - t1
    total = time.perf_counter() - t_start
    answers = [-1 if k else 1 for k in keep]  # flag only; scored separately
    return answers, {"flags_only": True, "version": _version("rensa")}, \
        {"tokenize": t_tok, "dedup": t_dd, "total": total}


RUNNERS = {"ccnet": run_ccnet, "datasketch": run_datasketch, "rensa": run_rensa,
           "rensa-dedup": run_rensa_dedup}


def _version(dist: str) -> str | None:
    try:
        from importlib.metadata import version
        return version(dist)
    except Exception:
        return None


def child(system: str, corpus: Path, limit: int | None, answers_path: Path) -> int:
    import numpy as np
    texts = load_texts(corpus)
    if limit:
        texts = texts[:limit]
    rss0 = rss_now()
    answers, extra, phases = RUNNERS[system](texts)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    np.save(answers_path, np.asarray(answers, dtype=np.int32))
    if "lsh_only" in extra:
        np.save(str(answers_path).replace(".npy", ".lsh.npy"),
                np.asarray(extra.pop("lsh_only"), dtype=np.int32))
    print(json.dumps({"system": system, "paragraphs": len(texts), "seconds": phases,
                      "rss_after_load": rss0, "peak_rss": peak, **extra}))
    return 0


# ---------------------------------------------------------------------------

def machine() -> dict:
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    return {"cpu": cpu, "cpus": os.cpu_count(), "memory_bytes": mem,
            "os": platform.platform(), "python": platform.python_version()}


def git_state() -> str | None:
    try:
        root = HERE.parent.parent
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return head + (" with uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def flag_score(flags: list[bool], truth: Truth) -> dict:
    flagged = {j for j, f in enumerate(flags) if f}
    pos = truth.has_earlier
    tp = len(flagged & pos)
    return {"flagged": len(flagged), "flagged_with_earlier_duplicate": tp,
            "positives": len(pos),
            "flag_precision": tp / len(flagged) if flagged else 1.0,
            "flag_recall": tp / len(pos) if pos else 1.0}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--systems", default=",".join(SYSTEMS),
                    help="comma-separated, from: " + ", ".join(SYSTEMS))
    ap.add_argument("--runs", type=int, default=1, help="fresh-process runs per system (best time)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=0, help="only the first N paragraphs (smoke test)")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "peers.json")
    ap.add_argument("--command", default=None, help="command line recorded in the results")
    ap.add_argument("--child", choices=SYSTEMS, help=argparse.SUPPRESS)
    ap.add_argument("--answers", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args.child, args.corpus, args.limit or None, args.answers)

    import numpy as np
    systems = [s for s in args.systems.split(",") if s]
    for s in systems:
        if s not in RUNNERS:
            ap.error(f"unknown system {s}")
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    t_start = time.time()
    tmp = Path(tempfile.mkdtemp(prefix="dedup-peers-"))
    runs: dict[str, list[dict]] = {s: [] for s in systems}
    answers: dict[str, Path] = {}
    for r in range(args.runs):
        for s in systems:
            ans = tmp / f"{s}-{r}.npy"
            cmd = [sys.executable, str(Path(__file__).resolve()), "--child", s,
                   "--corpus", str(args.corpus), "--answers", str(ans)]
            if args.limit:
                cmd += ["--limit", str(args.limit)]
            out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
            rec = json.loads(out.strip().splitlines()[-1])
            runs[s].append(rec)
            answers.setdefault(s, ans)
            print(f"[peers {time.time() - t_start:4.0f}s] {s} run {r + 1}: "
                  f"{rec['paragraphs'] / rec['seconds']['total']:,.0f} paragraphs/s, "
                  f"peak RSS {rec['peak_rss'] / 2**20:,.0f} MiB", file=sys.stderr, flush=True)

    texts = load_texts(args.corpus)
    n = args.limit or len(texts)
    texts = texts[:n]
    truth = Truth.load(n)
    meta = load_meta()[:n]
    if args.limit:  # drop pairs beyond the prefix
        truth = Truth(n, {p: v for p, v in truth.pairs.items() if p[1] < n})

    results = {}
    for s in systems:
        rs = runs[s]
        best = min(rs, key=lambda x: x["seconds"]["total"])
        a = np.load(answers[s])
        rec = {k: v for k, v in best.items() if k not in ("seconds",)}
        rec["seconds"] = best["seconds"]
        rec["all_totals"] = [x["seconds"]["total"] for x in rs]
        rec["paragraphs_per_second"] = n / best["seconds"]["total"]
        rec["peak_rss"] = max(x["peak_rss"] for x in rs)
        rec["rss_growth_bytes_per_paragraph"] = (rec["peak_rss"] - best["rss_after_load"]) / n
        if s == "rensa-dedup":
            rec["score"] = flag_score([int(x) >= 0 for x in a], truth)
        else:
            rec["score"] = score(a.tolist(), truth, texts)
            rec["recall_by_class"] = recall_by_class(a.tolist(), truth, meta)
            lsh = Path(str(answers[s]).replace(".npy", ".lsh.npy"))
            if lsh.exists():
                rec["score_lsh_only"] = score(np.load(lsh).tolist(), truth)
        results[s] = rec

    ratios = {}
    if "rensa" in results:
        base = results["rensa"]["paragraphs_per_second"]
        ratios = {s: r["paragraphs_per_second"] / base for s, r in results.items()}

    corpus_meta = {}
    for name in ("corpus.json", "stats.json"):
        p = args.corpus.parent / name
        if p.exists():
            corpus_meta[name.split(".")[0]] = json.loads(p.read_text())
    out = {
        "benchmark": "near-duplicate paragraphs, word 5-gram Jaccard >= 0.8",
        "date": started,
        "command": args.command or " ".join([Path(sys.argv[0]).name] + sys.argv[1:]),
        "machine": machine(),
        "paragraphs": n,
        "runs": args.runs,
        "corpus_sha256": corpus_meta.get("corpus", {}).get("dedup_jsonl_sha256"),
        "corpus": corpus_meta.get("corpus"),
        "truth": corpus_meta.get("stats"),
        "systems": results,
        "speed_vs_rensa": ratios,
        "git": git_state(),
        "seconds": round(time.time() - t_start, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1) + "\n")
    for p in tmp.iterdir():
        p.unlink()
    tmp.rmdir()
    print(f"[peers {time.time() - t_start:4.0f}s] wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
