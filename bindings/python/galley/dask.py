"""Near-duplicate paragraphs and the article pipeline over a Dask cluster.

``pip install ./bindings/python[dask]``, then::

    import dask.dataframe as dd
    import galley.dask

    frame = dd.read_parquet("articles/")                # columns: id, text
    result = galley.dask.dedup(frame, text="text", id="id", threshold=0.8)
    result.to_parquet("duplicates/")                    # one row per paragraph

``dedup`` finds exactly what one ``galley.DedupIndex`` would find if the
same paragraphs were added to it in the same order (the frame's order:
partition by partition, row by row, paragraph by paragraph), by the method
NeMo Curator's fuzzy deduplication uses on Dask:

1. **Fingerprints in the workers**: each partition's paragraphs go to
   libgalley in one call (``galley.fingerprints``): exact hash, token count,
   LSH band keys, sorted 16-bit shingles. Each worker process loads
   libgalley.so itself when it imports ``galley``; no native handle is ever
   pickled, only bytes and numbers, so a worker that dies is simply retried.
2. **A global order**: every paragraph gets its sequence number (partition
   offsets from the partitions' lengths), the order DedupIndex would see.
3. **Exact copies**: the first sequence of every exact hash (a groupby).
4. **Candidates by shuffle**: one row per (band, key, sequence) of every
   first occurrence (a later exact copy needs no candidates, and as a
   candidate would lose to its earlier twin); a shuffle on (band, key)
   brings each LSH bucket together; every earlier/later pair in a bucket is
   a candidate, de-duplicated.
5. **Verification in the workers**: each candidate's shingle sets, joined in,
   compared as DedupIndex compares them: Jaccard at or above the threshold
   is "near"; else containment (of the smaller set) at or above the
   containment threshold is "contained".
6. **The best match** of each paragraph, by DedupIndex's rule: an exact copy
   wins (its first occurrence), then near over contained, then the higher
   similarity, then the earlier paragraph.
7. **Clusters** as connected components of the duplicate-of forest (each
   duplicate points to an earlier paragraph): every paragraph's cluster is
   the sequence number of the kept paragraph its chain leads to, found by
   pointer jumping (a few joins).

``process`` maps ``galley.process`` (normalization, related links,
paragraphs, sentences, duplicates within each article) over partitions.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

try:
    import dask.dataframe as dd
except ImportError as error:  # pragma: no cover
    raise ImportError("galley.dask needs Dask: pip install './bindings/python[dask]'") from error

import galley

_KIND_RANK = {"near": 0, "contained": 1}


# --- 1. Fingerprints, one call per partition -----------------------------------------------------


def _fingerprint_partition(part: pd.DataFrame, text: str, id: str, split: bool, options: dict) -> pd.DataFrame:
    ids, numbers, paragraphs = [], [], []
    for doc_id, body in zip(part[id].tolist(), part[text].tolist()):
        pieces = [s.text for s in galley.paragraphs(body)] if split else [body]
        for k, p in enumerate(pieces):
            ids.append(str(doc_id))
            numbers.append(k)
            paragraphs.append(p)
    fp = galley.fingerprints(paragraphs, **options)
    n = len(paragraphs)
    band_offsets = np.frombuffer(fp.band_offsets, dtype=np.uint64).astype(np.int64)
    shingle_offsets = np.frombuffer(fp.shingle_offsets, dtype=np.uint64).astype(np.int64)
    band_keys = np.frombuffer(fp.band_keys, dtype=np.uint32)
    shingles = np.frombuffer(fp.shingles, dtype=np.uint16)
    return pd.DataFrame({
        "local": np.arange(n, dtype=np.int64),
        "id": pd.Series(ids, dtype=object),
        "paragraph": np.asarray(numbers, dtype=np.int32),
        # The exact hash as a signed 64-bit integer (same bits), which every
        # backend shuffles and groups cheaply.
        "exact": np.frombuffer(fp.exact, dtype=np.uint64).view(np.int64),
        "tokens": np.frombuffer(fp.tokens, dtype=np.int32),
        "bands": pd.Series([band_keys[band_offsets[i]:band_offsets[i + 1]].tobytes() for i in range(n)],
                           dtype=object),
        "shingles": pd.Series([shingles[shingle_offsets[i]:shingle_offsets[i + 1]].tobytes() for i in range(n)],
                              dtype=object),
    })


_FP_META = pd.DataFrame({
    "local": pd.Series(dtype=np.int64), "id": pd.Series(dtype=object), "paragraph": pd.Series(dtype=np.int32),
    "exact": pd.Series(dtype=np.int64), "tokens": pd.Series(dtype=np.int32),
    "bands": pd.Series(dtype=object), "shingles": pd.Series(dtype=object),
})


def _add_sequence(part: pd.DataFrame, offsets: list, partition_info=None) -> pd.DataFrame:
    part = part.copy()
    base = offsets[partition_info["number"]] if partition_info else 0
    part["seq"] = part["local"] + base
    return part.drop(columns=["local"])


# --- 4. Candidates: every earlier/later pair of an LSH bucket --------------------------------------


def _explode_bands(part: pd.DataFrame) -> pd.DataFrame:
    seqs, bands, keys = [], [], []
    for seq, blob in zip(part["seq"].tolist(), part["bands"].tolist()):
        if not blob:
            continue
        k = np.frombuffer(blob, dtype=np.uint32)
        seqs.append(np.full(len(k), seq, dtype=np.int64))
        bands.append(np.arange(len(k), dtype=np.int16))
        keys.append(k.astype(np.int64))
    if not seqs:
        return pd.DataFrame({"band": pd.Series(dtype=np.int16), "key": pd.Series(dtype=np.int64),
                             "seq": pd.Series(dtype=np.int64)})
    return pd.DataFrame({"band": np.concatenate(bands), "key": np.concatenate(keys), "seq": np.concatenate(seqs)})


def _bucket_pairs(part: pd.DataFrame) -> pd.DataFrame:
    later, earlier = [], []
    if len(part):
        part = part.sort_values(["band", "key", "seq"])
        band = part["band"].to_numpy()
        key = part["key"].to_numpy()
        seq = part["seq"].to_numpy()
        starts = np.flatnonzero(np.r_[True, (band[1:] != band[:-1]) | (key[1:] != key[:-1])])
        ends = np.r_[starts[1:], len(seq)]
        shared = (ends - starts) >= 2          # most buckets hold one paragraph
        for s, e in zip(starts[shared].tolist(), ends[shared].tolist()):
            group = seq[s:e]
            for j in range(1, len(group)):
                later.append(np.full(j, group[j], dtype=np.int64))
                earlier.append(group[:j])
    if not later:
        return pd.DataFrame({"j": pd.Series(dtype=np.int64), "i": pd.Series(dtype=np.int64)})
    return pd.DataFrame({"j": np.concatenate(later), "i": np.concatenate(earlier)})


# --- 5. Verification, as DedupIndex verifies -----------------------------------------------------


def _shared(a_blobs: list, b_blobs: list) -> np.ndarray:
    """Shingles each pair shares, counted by libgalley (one call)."""
    from ._native import lib

    def flat(blobs):
        lengths = np.fromiter((len(x) // 2 for x in blobs), dtype=np.uint64, count=len(blobs))
        offsets = np.zeros(len(blobs) + 1, dtype=np.uint64)
        np.cumsum(lengths, out=offsets[1:])
        return np.frombuffer(b"".join(blobs), dtype=np.uint16), offsets, lengths

    a, a_off, a_len = flat(a_blobs)
    b, b_off, b_len = flat(b_blobs)
    shared = np.zeros(len(a_blobs), dtype=np.uint64)
    if len(a_blobs):
        status = lib.galley_dedup_overlaps(a.ctypes.data if len(a) else None, a_off.ctypes.data,
                                           b.ctypes.data if len(b) else None, b_off.ctypes.data,
                                           len(a_blobs), shared.ctypes.data)
        if status != 0:
            raise RuntimeError(f"galley_dedup_overlaps failed with status {status}")
    return shared.astype(np.int64), a_len.astype(np.int64), b_len.astype(np.int64)


def _verify(part: pd.DataFrame, threshold: float, containment: Optional[float]) -> pd.DataFrame:
    # DedupIndex's test, on the counts: Jaccard = shared / union at or above
    # the threshold is near; else shared / smaller at or above the
    # containment threshold is contained. (The same float64 divisions.)
    inter, la, lb = _shared(part["shingles_j"].tolist(), part["shingles_i"].tolist())
    with np.errstate(divide="ignore", invalid="ignore"):
        jaccard = inter / (la + lb - inter)
        contained = inter / np.minimum(la, lb)
    usable = lb > 0
    near = usable & (jaccard >= threshold)
    kind = np.where(near, "near", "")
    score = np.where(near, jaccard, 0.0)
    if containment is not None:
        cont = usable & ~near & (contained >= containment)
        kind = np.where(cont, "contained", kind)
        score = np.where(cont, contained, score)
    keep = kind != ""
    return pd.DataFrame({"j": part["j"].to_numpy()[keep], "i": part["i"].to_numpy()[keep],
                         "score": score[keep].astype(np.float64), "kind": pd.Series(kind[keep], dtype=object).to_numpy()})


def _best(part: pd.DataFrame) -> pd.DataFrame:
    if not len(part):
        return part
    part = part.assign(rank=part["kind"].map(_KIND_RANK), neg=-part["score"])
    part = part.sort_values(["j", "rank", "neg", "i"], kind="mergesort").drop_duplicates("j")
    return part.drop(columns=["rank", "neg"])


# --- The public functions --------------------------------------------------------------------------


def dedup(frame: "dd.DataFrame", text: str = "text", id: str = "id", threshold: float = 0.8,
          containment: Optional[float] = 0.9, shingle: str = "words", n: int = 5, permutations: int = 64,
          split: bool = True, clusters: bool = True) -> "dd.DataFrame":
    """Near-duplicate paragraphs of a Dask DataFrame of articles (``split``:
    each `text` is split into paragraphs as ``galley.paragraphs`` splits it)
    or of paragraphs (``split=False``: one paragraph per row). Returns a Dask
    DataFrame indexed by the paragraphs' sequence numbers (input order) with
    columns: id, paragraph (index within its article), kept (bool),
    duplicate_id and duplicate_paragraph (the earlier paragraph; None and -1
    when kept), similarity (1 for exact copies; 0 when kept), kind ("exact",
    "near", "contained", or "" when kept) and, with ``clusters``, cluster
    (the sequence number of the kept paragraph its duplicate chain leads
    to). The same result as adding the same paragraphs, in the same order,
    to ``galley.DedupIndex(threshold=..., containment=..., ...)``.

    Computes eagerly (on the cluster, persisted there): the partitions'
    lengths, the result before it is sorted by sequence, and with
    ``clusters`` one small reduction per pointer-jumping round. The returned
    frame is persisted on the cluster.
    """
    options = dict(threshold=threshold, containment=containment, shingle=shingle, n=n, permutations=permutations)
    galley.fingerprints([], **options)  # the options are checked here, before any task runs
    fp = frame.map_partitions(_fingerprint_partition, text, id, split, options, meta=_FP_META)
    lengths = fp.map_partitions(len).compute().tolist()
    offsets = [0]
    for length in lengths:
        offsets.append(offsets[-1] + length)
    meta = _FP_META.drop(columns=["local"]).assign(seq=pd.Series(dtype=np.int64))
    fp = fp.map_partitions(_add_sequence, offsets, meta=meta).persist()

    # 3. Exact copies: the first occurrence of every exact hash.
    first = fp.groupby("exact")["seq"].min().rename("first").reset_index()
    firsts = fp[["seq", "exact", "tokens", "bands"]].merge(first, on="exact").persist()
    exact = firsts[(firsts["first"] < firsts["seq"]) & (firsts["tokens"] > 0)][["seq", "first"]]

    # 4. Candidates from the LSH buckets, among first occurrences only: a
    # later exact copy has its exact match; and as a candidate it would tie
    # with its first occurrence (same shingles), which is earlier and wins.
    # So boilerplate repeated a million times is one entry per bucket.
    unique = firsts[firsts["first"] == firsts["seq"]][["seq", "bands"]]
    bands = unique.map_partitions(_explode_bands, meta={"band": np.int16, "key": np.int64, "seq": np.int64})
    pairs = bands.shuffle(on=["band", "key"]).map_partitions(
        _bucket_pairs, meta={"j": np.int64, "i": np.int64}).drop_duplicates()

    # 5. Verification on the shingle sets.
    shingles = fp[["seq", "shingles", "tokens"]]
    joined = pairs.merge(shingles.rename(columns={"seq": "j", "shingles": "shingles_j", "tokens": "tokens_j"}), on="j")
    joined = joined[joined["tokens_j"] > 0]
    joined = joined.merge(shingles.rename(columns={"seq": "i", "shingles": "shingles_i", "tokens": "tokens_i"}), on="i")
    verified = joined.map_partitions(_verify, threshold, containment,
                                     meta={"j": np.int64, "i": np.int64, "score": np.float64, "kind": object})

    # 6. The best match per paragraph; an exact copy wins.
    best = verified.shuffle(on="j").map_partitions(_best, meta=verified._meta)
    table = fp[["seq", "id", "paragraph"]]
    out = table.merge(exact, on="seq", how="left").merge(best.rename(columns={"j": "seq"}), on="seq", how="left")
    out = out.map_partitions(_resolve, meta={"seq": np.int64, "id": object, "paragraph": np.int32,
                                              "match": np.int64, "similarity": np.float64, "kind": object})
    names = table.rename(columns={"seq": "match", "id": "duplicate_id", "paragraph": "duplicate_paragraph"})
    out = out.merge(names, on="match", how="left")
    # Computed once here: set_index samples it for its divisions, then sorts it.
    out = out.map_partitions(_finish, meta=_OUT_META).persist()
    out = out.set_index("seq").persist()
    if clusters:
        out = _with_clusters(out)
    return out


def _resolve(part: pd.DataFrame) -> pd.DataFrame:
    has_exact = part["first"].notna()
    has_best = part["i"].notna() & ~has_exact
    match = np.where(has_exact, part["first"].fillna(-1), np.where(has_best, part["i"].fillna(-1), -1)).astype(np.int64)
    similarity = np.where(has_exact, 1.0, np.where(has_best, part["score"].fillna(0.0), 0.0))
    kind = np.where(has_exact, "exact", np.where(has_best, part["kind"].fillna(""), ""))
    return pd.DataFrame({"seq": part["seq"].to_numpy(), "id": part["id"].to_numpy(),
                         "paragraph": part["paragraph"].to_numpy().astype(np.int32), "match": match,
                         "similarity": similarity.astype(np.float64), "kind": pd.Series(kind, dtype=object).to_numpy()})


_OUT_META = pd.DataFrame({
    "seq": pd.Series(dtype=np.int64), "id": pd.Series(dtype=object), "paragraph": pd.Series(dtype=np.int32),
    "kept": pd.Series(dtype=bool), "duplicate_id": pd.Series(dtype=object),
    "duplicate_paragraph": pd.Series(dtype=np.int32), "duplicate_seq": pd.Series(dtype=np.int64),
    "similarity": pd.Series(dtype=np.float64), "kind": pd.Series(dtype=object),
})


def _finish(part: pd.DataFrame) -> pd.DataFrame:
    kept = part["match"].to_numpy() < 0
    return pd.DataFrame({
        "seq": part["seq"].to_numpy(), "id": part["id"].to_numpy(), "paragraph": part["paragraph"].to_numpy(),
        "kept": kept,
        "duplicate_id": np.where(kept, None, part["duplicate_id"].to_numpy()),
        "duplicate_paragraph": np.where(kept, -1, part["duplicate_paragraph"].fillna(-1).to_numpy()).astype(np.int32),
        "duplicate_seq": part["match"].to_numpy(),
        "similarity": part["similarity"].to_numpy(), "kind": part["kind"].to_numpy(),
    })


def _with_clusters(out: "dd.DataFrame", limit: int = 64) -> "dd.DataFrame":
    """cluster = the kept paragraph a duplicate chain ends at, by pointer
    jumping over the duplicate-of forest (depth halves each round)."""
    label = out[["duplicate_seq"]].assign(
        label=out["duplicate_seq"].where(out["duplicate_seq"] >= 0, out.index.to_series()))[["label"]]
    label = label.persist()
    for _ in range(limit):
        step = label.merge(label.rename(columns={"label": "next"}), left_on="label", right_index=True, how="left")
        moved = (step["next"] != step["label"]).sum().compute()
        label = step[["next"]].rename(columns={"next": "label"}).persist()
        if moved == 0:
            break
    return out.join(label.rename(columns={"label": "cluster"}))


def process(frame: "dd.DataFrame", text: str = "text", id: str = "id", url: Optional[str] = None,
            lang: Optional[str] = None) -> "dd.DataFrame":
    """``galley.process`` on every row (no shared index: duplicates within
    each article; use ``dedup`` across the corpus). Returns a Dask DataFrame
    with id, lang, the JSON record (what ``galley process`` writes) and
    counts of paragraphs, sentences, duplicates and related links; a row
    that fails has its reason in ``error``."""

    def run(part: pd.DataFrame) -> pd.DataFrame:
        import json

        rows = []
        def present(column):
            return [None if pd.isna(v) else v for v in part[column].tolist()]

        urls = present(url) if url else [None] * len(part)
        langs = present(lang) if lang else [None] * len(part)
        for doc_id, body, u, l in zip(part[id].tolist(), part[text].tolist(), urls, langs):
            try:
                a = galley.process(body, url=u, lang=l, id=str(doc_id))
                record = {"id": a.id, "url": a.url, "lang": a.lang, "counts": a.counts,
                          "paragraphs": [{"text": p.text, "span": [p.start, p.end],
                                          "sentences": [[s.start, s.end] for s in p.sentences]}
                                         for p in a.paragraphs],
                          "related": [r._asdict() for r in a.related]}
                rows.append((str(doc_id), a.lang, json.dumps(record, ensure_ascii=False), len(a.paragraphs),
                             a.counts["sentences"], a.counts["duplicates"], len(a.related), None))
            except (ValueError, TypeError) as error:
                rows.append((str(doc_id), None, None, 0, 0, 0, 0, str(error)))
        return pd.DataFrame(rows, columns=["id", "lang", "record", "paragraphs", "sentences", "duplicates",
                                           "related", "error"])

    meta = pd.DataFrame({"id": pd.Series(dtype=object), "lang": pd.Series(dtype=object),
                         "record": pd.Series(dtype=object), "paragraphs": pd.Series(dtype=np.int64),
                         "sentences": pd.Series(dtype=np.int64), "duplicates": pd.Series(dtype=np.int64),
                         "related": pd.Series(dtype=np.int64), "error": pd.Series(dtype=object)})
    return frame.map_partitions(run, meta=meta)
