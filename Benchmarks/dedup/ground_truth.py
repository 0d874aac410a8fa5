#!/usr/bin/env python3
"""Exact ground truth for the near-duplicate benchmark.

Every paragraph of corpus/dedup.jsonl becomes its set of word 5-gram
shingles (dedup_common.shingles: NFKC, casefold, \\w+ tokens; a paragraph
with fewer than 5 tokens is the one "shingle" of its whole token sequence).
The sets form a sparse paragraph x shingle 0/1 matrix X; X @ X.T, computed
in row blocks, gives |A n B| for *every* pair of paragraphs that shares at
least one shingle (the inverted index, as a sparse product), and

    Jaccard(A, B) = |A n B| / (|A| + |B| - |A n B|)

is computed exactly for each of those pairs; a pair sharing no shingle has
Jaccard 0. Nothing is estimated and no pair that shares a shingle is
skipped. The threshold test is done in integers (5 |A n B| >= 4 |A u B|).

A self-check (--check N, default 1500) takes N paragraphs (half of them
injected copies, each with its source) and compares every pair among them
against plain Python set Jaccard.

Writes corpus/truth_pairs.jsonl ({"a": i, "b": j, "jaccard", "inter",
"union"} for every pair i < j with Jaccard >= 0.8) and corpus/stats.json
(pair counts by kind, near-threshold counts, how many injected copies stay
above the threshold, and the number of pairs checked).
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import time
from array import array
from pathlib import Path

import numpy as np
import scipy.sparse as sp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from dedup_common import (CORPUS, STATS, THRESHOLD, TRUTH, TRUTH_PAIRS,  # noqa: E402
                          jaccard, load_texts, shingles)
from dedup_common import pair_class as _pair_class  # noqa: E402

NEAR_LO, NEAR_HI = 0.75, 0.85


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--truth", type=Path, default=TRUTH)
    ap.add_argument("--out", type=Path, default=TRUTH_PAIRS)
    ap.add_argument("--stats", type=Path, default=STATS)
    ap.add_argument("--block", type=int, default=4000, help="rows per sparse product")
    ap.add_argument("--check", type=int, default=1500)
    args = ap.parse_args()
    t0 = time.time()

    def log(msg):
        print(f"[ground_truth {time.time() - t0:4.0f}s] {msg}", file=sys.stderr, flush=True)

    texts = load_texts(args.corpus)
    meta = [json.loads(line) for line in open(args.truth, encoding="utf-8")]
    n = len(texts)
    assert len(meta) == n

    # Shingle ids (exact strings, no hashing).
    ids: dict[str, int] = {}
    indptr = array("q", [0])
    indices = array("i")
    sets = []
    short = 0
    for t in texts:
        sh = set(shingles(t))
        sets.append(sh)
        if len(sh) <= 1:
            short += 1
        row = sorted(ids.setdefault(s, len(ids)) for s in sh)
        indices.extend(row)
        indptr.append(len(indices))
    size = np.diff(np.frombuffer(indptr, dtype=np.int64)).astype(np.int64)
    ind = np.frombuffer(indices, dtype=np.int32)
    X = sp.csr_matrix((np.ones(len(ind), dtype=np.int32), ind,
                       np.frombuffer(indptr, dtype=np.int64)), shape=(n, len(ids)))
    XT = X.T.tocsr()
    df = np.diff(XT.indptr)
    log(f"{n} paragraphs, {len(ind)} shingle occurrences, {len(ids)} distinct shingles; "
        f"largest posting list {df.max()}, {int((df >= 100).sum())} shingles in >= 100 paragraphs")

    # All pairs sharing >= 1 shingle, block by block; keep Jaccard >= NEAR_LO.
    checked = 0
    keep_i, keep_j, keep_inter = [], [], []
    for start in range(0, n, args.block):
        end = min(n, start + args.block)
        C = (X[start:end] @ XT).tocoo()
        rows = C.row.astype(np.int64) + start
        cols = C.col.astype(np.int64)
        m = cols < rows
        rows, cols, inter = rows[m], cols[m], C.data[m].astype(np.int64)
        checked += len(inter)
        union = size[rows] + size[cols] - inter
        near = inter * 100 >= union * int(NEAR_LO * 100)
        keep_i.append(cols[near])
        keep_j.append(rows[near])
        keep_inter.append(inter[near])
    pi = np.concatenate(keep_i)
    pj = np.concatenate(keep_j)
    pinter = np.concatenate(keep_inter)
    punion = size[pi] + size[pj] - pinter
    jac = pinter / punion
    is_dup = pinter * 5 >= punion * 4  # Jaccard >= 0.8, exactly
    log(f"checked {checked} pairs sharing a shingle; {int(is_dup.sum())} with Jaccard >= {THRESHOLD}")

    order = np.lexsort((pj, pi))
    truth = {}
    with open(args.out, "w", encoding="utf-8") as f:
        for k in order:
            if is_dup[k]:
                a, b = int(pi[k]), int(pj[k])
                truth[(a, b)] = float(jac[k])
                f.write(json.dumps({"a": a, "b": b, "jaccard": round(float(jac[k]), 6),
                                    "inter": int(pinter[k]), "union": int(punion[k])}) + "\n")

    # Self-check against plain Python sets on a sample.
    rng = random.Random(7)
    copies = [i for i, r in enumerate(meta) if r["source"] is not None]
    sample = set()
    for i in rng.sample(copies, min(len(copies), args.check // 4)):
        sample.update((i, meta[i]["source"]))
    while len(sample) < min(n, args.check):
        sample.add(rng.randrange(n))
    sample = sorted(sample)
    near_all = {(int(a), int(b)): float(x) for a, b, x in zip(pi, pj, jac)}
    mismatches = 0
    for x, a in enumerate(sample):
        for b in sample[x + 1:]:
            jx = jaccard(sets[a], sets[b])
            got = near_all.get((a, b), None)
            if jx >= NEAR_LO:
                if got is None or abs(got - jx) > 1e-12:
                    mismatches += 1
            elif got is not None:
                mismatches += 1
            if (jx >= THRESHOLD) != ((a, b) in truth):
                mismatches += 1
    log(f"self-check: {len(sample)} paragraphs, {len(sample) * (len(sample) - 1) // 2} pairs "
        f"against Python sets: {mismatches} mismatches")
    if mismatches:
        print("ground truth self-check FAILED", file=sys.stderr)
        return 1

    # Classify the true pairs.
    def pair_class(a: int, b: int) -> str:
        return _pair_class(a, b, meta)

    by_class = collections.Counter(pair_class(a, b) for a, b in truth)
    near_by_class = {"[0.75,0.80)": collections.Counter(), "[0.80,0.85)": collections.Counter()}
    for a, b, x, d in zip(pi, pj, jac, is_dup):
        if x < NEAR_HI:
            key = "[0.80,0.85)" if d else "[0.75,0.80)"
            near_by_class[key][pair_class(int(a), int(b))] += 1

    # Each injected copy against its own source.
    per_kind = collections.defaultdict(lambda: {"copies": 0, "jaccard_ge_0.8": 0, "hist": collections.Counter()})
    for i, r in enumerate(meta):
        if r["source"] is None:
            continue
        s = r["source"]
        j = jaccard(sets[i], sets[s])
        d = per_kind[r["kind"]]
        d["copies"] += 1
        d["jaccard_ge_0.8"] += int(((min(i, s), max(i, s)) in truth))
        d["hist"][min(9, int(j * 10)) / 10] += 1
    per_kind_out = {}
    for k, d in per_kind.items():
        per_kind_out[k] = {"copies": d["copies"], "jaccard_ge_0.8": d["jaccard_ge_0.8"],
                           "share_ge_0.8": round(d["jaccard_ge_0.8"] / d["copies"], 4),
                           "histogram_lower_edges": {f"{e:.1f}": c for e, c in sorted(d["hist"].items())}}

    has_earlier = {b for (_, b) in truth}
    stats = {
        "paragraphs": n,
        "distinct_shingles": len(ids),
        "shingle_occurrences": int(len(ind)),
        "paragraphs_under_5_tokens": short,
        "pairs_sharing_a_shingle_checked": int(checked),
        "truth_pairs": len(truth),
        "truth_pairs_exact_copies_jaccard_1": int(sum(1 for v in truth.values() if v == 1.0)),
        "truth_pairs_by_class": dict(by_class.most_common()),
        "paragraphs_with_earlier_duplicate": len(has_earlier),
        "near_threshold_pairs": {
            "[0.75,0.80)": int(((jac >= NEAR_LO) & ~is_dup).sum()),
            "[0.80,0.85)": int((is_dup & (jac < NEAR_HI)).sum()),
            "by_class": {k: dict(v.most_common()) for k, v in near_by_class.items()},
        },
        "injected_copy_vs_source": per_kind_out,
        "self_check": {"paragraphs": len(sample), "mismatches": mismatches},
        "seconds": round(time.time() - t0, 1),
    }
    args.stats.write_text(json.dumps(stats, indent=1) + "\n")
    log(f"{len(truth)} true pairs, {len(has_earlier)} paragraphs with an earlier duplicate; "
        f"near threshold: {stats['near_threshold_pairs']['[0.75,0.80)']} in [0.75,0.80), "
        f"{stats['near_threshold_pairs']['[0.80,0.85)']} in [0.80,0.85); wrote {args.out}, {args.stats}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
