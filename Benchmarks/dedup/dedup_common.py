"""What every part of the near-duplicate benchmark shares: the one
normalisation and shingling that the ground truth and every system use,
corpus loading, the result file format and the scorer.

Normalisation (the same for the ground truth and every system):

    tokens(text)   = re.findall(r"\\w+", unicodedata.normalize("NFKC", text).casefold())
    shingles(toks) = {" ".join(toks[i:i + 5]) for i in range(len(toks) - 4)}
                     if len(toks) >= 5, else {" ".join(toks)} (one "shingle":
                     the whole token sequence, so a paragraph with fewer than
                     five tokens matches only the same token sequence), or the
                     empty set for a paragraph without tokens (never a duplicate).

``\\w`` is Python's Unicode word class (letters, digits, underscore);
everything else (punctuation, quotes, whitespace) only separates tokens.
Tokens never contain a space, so the joined shingle strings are unambiguous,
and a short paragraph's whole-sequence shingle (fewer than five tokens) can
never equal a 5-gram.

Scoring (see README, "Evaluation"): a system reports, for each paragraph in
input order, the index of one *earlier* paragraph it duplicates, or none.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Iterable, Mapping, Optional

HERE = Path(__file__).resolve().parent
CORPUS_DIR = HERE / "corpus"
CORPUS = CORPUS_DIR / "dedup.jsonl"
TRUTH = CORPUS_DIR / "truth.jsonl"
TRUTH_PAIRS = CORPUS_DIR / "truth_pairs.jsonl"
STATS = CORPUS_DIR / "stats.json"

SHINGLE = 5
THRESHOLD = 0.8
NUM_PERM = 128

_WORD = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """NFKC, then casefold, then Unicode \\w+ runs."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingle_list(toks: list[str], k: int = SHINGLE) -> list[str]:
    """Word k-grams as space-joined strings, in order, repeats kept (MinHash
    does not care; use set() for exact Jaccard)."""
    n = len(toks)
    if n >= k:
        return [" ".join(toks[i:i + k]) for i in range(n - k + 1)]
    return [" ".join(toks)] if toks else []


def shingles(text: str) -> list[str]:
    return shingle_list(tokens(text))


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def load_texts(path: Path = CORPUS) -> list[str]:
    """The paragraphs in input order (line i of dedup.jsonl has id i)."""
    texts = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            rec = json.loads(line)
            if rec["id"] != i:
                raise ValueError(f"{path}: line {i} has id {rec['id']}")
            texts.append(rec["text"])
    return texts


# ---------------------------------------------------------------------------
# Ground truth and scoring

class Truth:
    """All pairs (i, j), i < j, with exact shingle Jaccard >= THRESHOLD, from
    truth_pairs.jsonl (written by ground_truth.py, which checks every pair
    that shares at least one shingle, so a pair absent from the file has
    Jaccard < THRESHOLD)."""

    def __init__(self, n: int, pairs: dict[tuple[int, int], float]):
        self.n = n
        self.pairs = pairs  # (i, j) with i < j -> exact Jaccard
        # Paragraphs with at least one true partner earlier in input order.
        self.has_earlier = {j for (_, j) in pairs}

    @classmethod
    def load(cls, n: int, path: Path = TRUTH_PAIRS) -> "Truth":
        pairs = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                i, j = r["a"], r["b"]
                pairs[(i, j) if i < j else (j, i)] = r["jaccard"]
        return cls(n, pairs)

    def is_true(self, i: int, j: int) -> bool:
        return ((i, j) if i < j else (j, i)) in self.pairs


def score(reported: Mapping[int, Optional[int]] | Iterable[Optional[int]],
          truth: Truth, texts: Optional[list[str]] = None) -> dict:
    """Precision and recall of one system's answer.

    ``reported`` maps paragraph index j -> the earlier index i (i < j) that the
    system says j duplicates, or None; a sequence (index j -> value) works too,
    with None or a negative number for "no duplicate".

    - A reported pair (i, j) is correct iff exact Jaccard(i, j) >= 0.8.
    - precision = correct reported pairs / reported pairs
    - recall = paragraphs that have a true partner earlier in input order and
      are reported with a true partner / all paragraphs with a true partner
      earlier in input order.

    With ``texts``, the exact Jaccard of every wrong pair is computed and
    binned (how near the threshold the false positives are).
    """
    items = reported.items() if isinstance(reported, Mapping) else enumerate(reported)
    n_rep = correct = found = 0
    wrong: list[tuple[int, int]] = []
    for j, i in items:
        if i is None or i < 0:
            continue
        i, j = int(i), int(j)
        if not 0 <= i < j < truth.n:
            raise ValueError(f"paragraph {j}: reported partner {i} is not an earlier paragraph")
        n_rep += 1
        if truth.is_true(i, j):
            correct += 1
            if j in truth.has_earlier:
                found += 1
        else:
            wrong.append((i, j))
    positives = len(truth.has_earlier)
    out = {
        "reported": n_rep,
        "correct": correct,
        "false_positives": n_rep - correct,
        "positives": positives,
        "expected": positives,  # alias
        "found": found,
        "missed": positives - found,
        "precision": correct / n_rep if n_rep else 1.0,
        "recall": found / positives if positives else 1.0,
    }
    if texts is not None and wrong:
        bins = {"[0.7,0.8)": 0, "[0.5,0.7)": 0, "[0.2,0.5)": 0, "[0,0.2)": 0}
        for i, j in wrong:
            jac = jaccard(set(shingles(texts[i])), set(shingles(texts[j])))
            if jac >= 0.7:
                bins["[0.7,0.8)"] += 1
            elif jac >= 0.5:
                bins["[0.5,0.7)"] += 1
            elif jac >= 0.2:
                bins["[0.2,0.5)"] += 1
            else:
                bins["[0,0.2)"] += 1
        out["false_positive_jaccard"] = bins
        out["wrong_by_jaccard"] = bins  # alias
    return out


def load_meta(path: Path = TRUTH) -> list[dict]:
    """truth.jsonl: per paragraph its kind ("base" or how the copy was made)
    and, for a copy, the id of its source paragraph."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def pair_class(a: int, b: int, meta: list[dict]) -> str:
    """How a true pair came about: the copy's kind when one paragraph was
    made from the other, "siblings" for two copies of one paragraph,
    "natural" for two base paragraphs, "natural+copy" otherwise."""
    sa, sb = meta[a]["source"], meta[b]["source"]
    if sb == a:
        return meta[b]["kind"]
    if sa == b:
        return meta[a]["kind"]
    if sa is not None and sa == sb:
        return "siblings"
    if sa is None and sb is None:
        return "natural"
    return "natural+copy"


def recall_by_class(reported, truth: Truth, meta: list[dict]) -> dict:
    """Recall split by the class of each positive paragraph's closest earlier
    true partner (highest Jaccard, then latest): {class: [found, positives]}."""
    rep = dict(reported.items()) if isinstance(reported, Mapping) else dict(enumerate(reported))
    best: dict[int, tuple[float, int]] = {}
    for (i, j), jac in truth.pairs.items():
        if j not in best or (jac, i) > best[j]:
            best[j] = (jac, i)
    out: dict[str, list[int]] = {}
    for j, (_, i) in best.items():
        c = pair_class(i, j, meta)
        r = rep.get(j)
        hit = r is not None and r >= 0 and truth.is_true(int(r), j)
        f = out.setdefault(c, [0, 0])
        f[0] += int(hit)
        f[1] += 1
    return dict(sorted(out.items(), key=lambda kv: -kv[1][1]))
