"""Near-duplicate paragraphs and the article pipeline over a Dask cluster.

``pip install './bindings/python[dask]'``, then::

    import dask.dataframe as dd
    import galley.dask

    frame = dd.read_parquet("articles/")                 # columns: id, text (and url, lang for process)
    result = galley.dask.dedup(frame, threshold=0.8)     # one row per paragraph, in input order
    result.to_parquet("duplicates/")
    records = galley.dask.process(frame)                 # the record `galley process --no-index` writes
    records.to_parquet("records/")

``dedup`` finds exactly what one ``galley.DedupIndex`` finds when the same
paragraphs are added to it in the same order (the frame's order: partition by
partition, row by row, paragraph by paragraph). Its result has one partition
per input partition, indexed by the paragraphs' sequence numbers, with known
divisions: it comes back in input order without a global sort.

How (every intermediate is a few flat NumPy columns -- the Arrow layout of
offsets and values -- never a pandas frame of Python objects; every exchange
piece is a task, so the exchanges run between G groups of consecutive input
partitions, G = ⌈√K⌉ for K partitions and at most GROUP_PARAGRAPHS paragraphs
a group: G² pieces an exchange where K partitions would make K²):

1. **Fingerprints in the workers**: each partition's paragraphs go to
   libgalley in one call (exact hash, token count, LSH band keys, sorted
   16-bit shingles). Each worker loads libgalley.so itself; nothing native is
   pickled. About 200 bytes a paragraph.
2. **Sequence numbers** from the partitions' lengths (one small compute), and
   the groups; each group's columns are gathered in one task, and every later
   step that needs them runs beside them.
3. **Rows by hash, in two exchanges**: first the (exact hash, sequence) rows
   meet by hash bucket: an exact hash's later rows are copies of its first
   occurrence. Then one (band and key, sequence) row per LSH band of every
   paragraph that is not a copy (DedupIndex keeps no LSH entry for a copy)
   meets by hash bucket: each member of an LSH bucket pairs with the
   ``candidates_per_bucket`` members just before it (all of them with 0),
   as DedupIndex verifies the most recent entries of each bucket.
4. **The earlier side's shingles**: each pair goes to the group of its
   earlier paragraph, is de-duplicated there (a pair whose earlier paragraph
   is an exact copy is dropped: it would tie with the first occurrence and
   lose) and picks up that paragraph's shingles and name; then it goes to the
   group of its later paragraph, with the exact copies and their names.
5. **Verification and the best match** in the later paragraph's group, where
   its own shingles are (an exact copy's candidates are skipped): ``_verify``
   and ``_best`` apply DedupIndex's rules (see their docstrings); an exact
   copy wins.
6. **Clusters**: the duplicate-of edges (16 bytes per duplicate) meet in one
   task that follows every chain to its kept paragraph by pointer jumping.
7. **The result**: one partition per input partition, sliced from its group.

``process`` runs libgalley's article pipeline (``galley_process``, what the
CLI runs) on every row and, with ``dedup=True`` (the default), finds every
paragraph's duplicate across the whole frame by the steps above, so that each
record is the one ``galley process --no-index`` writes for the same articles
in the same order.
"""

from __future__ import annotations

import ctypes
import json
import math
from typing import Dict, List, Optional

try:
    import numpy as np
    import pandas as pd
    import pyarrow  # noqa: F401  (the string[pyarrow] columns)
    import dask
    import dask.dataframe as dd
except ImportError as _error:  # pragma: no cover (tested in a subprocess)
    raise ImportError(
        f"galley.dask needs the 'dask' extra, and {_error.name!r} is not installed: "
        "pip install './bindings/python[dask]'") from None

import galley
from . import _native
from ._dedup import CANDIDATES_PER_BUCKET
from ._dedup import _options as _dedup_options
from ._native import lib

#: The dtype of every text column of the results (round-trips through Parquet).
STRING = pd.StringDtype("pyarrow")

_KIND_NAMES = np.array(["", "exact", "near", "contained"], dtype=object)
_EXACT, _NEAR, _CONTAINED = 1, 2, 3


# --- Small vectorised tools ------------------------------------------------------------------------


def _ragged(values: np.ndarray, offsets: np.ndarray, rows: np.ndarray):
    """values[offsets[r]:offsets[r + 1]] for every r of `rows`, concatenated,
    with the new offsets (len(rows) + 1). No Python loop."""
    rows = np.asarray(rows, dtype=np.int64)
    starts = offsets[rows]
    lengths = offsets[rows + 1] - starts
    out = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=out[1:])
    index = np.arange(out[-1], dtype=np.int64) - np.repeat(out[:-1] - starts, lengths)
    return values[index], out


def _route(dest: np.ndarray, count: int, *columns) -> List[tuple]:
    """Rows to `count` destinations: one tuple of column slices per
    destination, each keeping the rows' order (a stable split)."""
    # NumPy's stable sort of 16-bit integers is a radix sort.
    order = np.argsort(dest.astype(np.uint16) if count <= 1 << 16 else dest, kind="stable")
    bounds = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(dest, minlength=count), out=bounds[1:])
    columns = [c[order] for c in columns]
    return [tuple(c[bounds[b]:bounds[b + 1]] for c in columns) for b in range(count)]


def _stable_order(key: np.ndarray) -> np.ndarray:
    """argsort(key, kind="stable") for non-negative int64 keys: one sort of
    key and row number packed in 64 bits when they fit (several times
    faster than a stable argsort)."""
    n = len(key)
    if not n:
        return np.zeros(0, dtype=np.int64)
    bits = int(key.max()).bit_length()
    row_bits = max(1, int(n).bit_length())
    if bits + row_bits > 64:
        return np.argsort(key, kind="stable")
    packed = (key.astype(np.uint64) << np.uint64(row_bits)) | np.arange(n, dtype=np.uint64)
    packed.sort()
    return (packed & np.uint64((1 << row_bits) - 1)).astype(np.int64)


def _concat(pieces, column: int, dtype) -> np.ndarray:
    arrays = [p[column] for p in pieces if len(p[column])]
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)


def _partition_of(seq: np.ndarray, starts: np.ndarray) -> np.ndarray:
    # The last partition starting at or before seq (empty partitions share a start with the next).
    return np.searchsorted(starts, seq, side="right") - 1


def _overlaps(a, a_offsets, b, b_offsets) -> np.ndarray:
    """Shingles pair k shares (a[a_offsets[k]:a_offsets[k+1]] against
    b[...]), counted by libgalley in one call, as DedupIndex counts them."""
    count = len(a_offsets) - 1
    shared = np.zeros(count, dtype=np.uint64)
    if count:
        a = np.ascontiguousarray(a, dtype=np.uint16)
        b = np.ascontiguousarray(b, dtype=np.uint16)
        ao = np.ascontiguousarray(a_offsets, dtype=np.uint64)
        bo = np.ascontiguousarray(b_offsets, dtype=np.uint64)
        status = lib.galley_dedup_overlaps(a.ctypes.data if len(a) else None, ao.ctypes.data,
                                           b.ctypes.data if len(b) else None, bo.ctypes.data,
                                           count, shared.ctypes.data)
        if status != 0:
            raise RuntimeError(f"galley_dedup_overlaps failed with status {status}")
    return shared.astype(np.int64)


# --- The rules DedupIndex applies (change them with DedupIndex.bestMatch) ---------------------------

# DedupOptions.minimumTokens' default: a paragraph with fewer word tokens (or
# none: no letter or digit) is never a duplicate nor the original of one, so it
# takes part in neither the exact nor the LSH exchange.
MINIMUM_TOKENS = 3


def _verify(shared: np.ndarray, new_size: np.ndarray, old_size: np.ndarray, threshold: float,
            containment: Optional[float]):
    """DedupIndex's test of a candidate, on counts: `shared` shingles between
    the new (later) paragraph's set of `new_size` and the earlier one's of
    `old_size` (both non-empty). Jaccard = shared / union at or above the
    threshold is near (score: the Jaccard); else, with a containment
    threshold, shared / new_size at or above it is contained (score: that
    ratio): the new paragraph contained in the earlier one, never the reverse. The same float64 divisions as the index. Returns (kind, score):
    kind 0 (no match), _NEAR or _CONTAINED per candidate."""
    shared = shared.astype(np.float64)
    jaccard = shared / (new_size + old_size - shared)
    near = jaccard >= threshold
    kind = np.where(near, _NEAR, 0).astype(np.int8)
    score = np.where(near, jaccard, 0.0)
    if containment is not None:
        contained = shared / new_size
        hit = ~near & (contained >= containment)
        kind[hit] = _CONTAINED
        score = np.where(hit, contained, score)
    return kind, score


def _best(later: np.ndarray, earlier: np.ndarray, kind: np.ndarray, score: np.ndarray) -> np.ndarray:
    """The index (into the candidate rows) of each later paragraph's best
    match, by DedupIndex's rule: near over contained, then the higher score,
    then the earlier paragraph. Rows with kind 0 never win; a later
    paragraph with no match has no row in the result."""
    rows = np.flatnonzero(kind > 0)
    if not len(rows):
        return rows
    rank = np.where(kind[rows] == _NEAR, 0, 1)
    order = np.lexsort((earlier[rows], -score[rows], rank, later[rows]))
    ordered = rows[order]
    l = later[ordered]
    first = np.r_[True, l[1:] != l[:-1]]
    return ordered[first]


# --- 1. Fingerprints -------------------------------------------------------------------------------


def _text_or_empty(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return value


def _native_fingerprints(data: bytes, offsets: np.ndarray, options: dict) -> Dict[str, np.ndarray]:
    """galley_dedup_fingerprints on paragraphs data[offsets[i]:offsets[i+1]],
    its columns copied into NumPy arrays."""
    from ._dedup import _options

    o = _options(**options)
    offsets = np.ascontiguousarray(offsets, dtype=np.uint64)
    count = len(offsets) - 1
    handle = _native.FingerprintsPointer()
    failed = ctypes.c_size_t()
    status = lib.galley_dedup_fingerprints(ctypes.byref(o), data, offsets.ctypes.data, count,
                                           ctypes.byref(handle), ctypes.byref(failed))
    if status != _native.STATUS_OK:
        where = f" (paragraph {failed.value})" if status == _native.STATUS_INVALID_UTF8 else ""
        raise _native.make_error(status, _native._status_name(status) + where)
    try:
        def column(getter, dtype, length):
            if not length:
                return np.zeros(0, dtype=dtype)
            size = length * np.dtype(dtype).itemsize
            return np.frombuffer(ctypes.string_at(getter(handle), size), dtype=dtype).copy()

        n = lib.galley_fingerprints_count(handle)
        band_offsets = column(lib.galley_fingerprints_band_offsets, np.uint64, n + 1).astype(np.int64)
        shingle_offsets = column(lib.galley_fingerprints_shingle_offsets, np.uint64, n + 1).astype(np.int64)
        return {"exact": column(lib.galley_fingerprints_exact, np.uint64, n),
                "tokens": column(lib.galley_fingerprints_tokens, np.int32, n),
                "band_offsets": band_offsets,
                "band_keys": column(lib.galley_fingerprints_band_keys, np.uint32, int(band_offsets[-1])),
                "shingle_offsets": shingle_offsets,
                "shingles": column(lib.galley_fingerprints_shingles, np.uint16, int(shingle_offsets[-1]))}
    finally:
        lib.galley_fingerprints_free(handle)


def _fingerprint_columns(data: bytes, offsets: np.ndarray, doc: np.ndarray, paragraph: np.ndarray,
                         ids: List[str], options: dict) -> Dict[str, object]:
    fp = _native_fingerprints(data, offsets, options)
    fp.update({
        "n": len(offsets) - 1,
        "ids": np.asarray(ids, dtype=object),        # one per row of the partition
        "doc": np.asarray(doc, dtype=np.int32),      # per paragraph: its row
        "paragraph": np.asarray(paragraph, dtype=np.int32),
    })
    return fp


_SEPARATOR = "\u2029".encode("utf-8")  # PARAGRAPH SEPARATOR: always ends a paragraph


def _paragraph_spans(data: bytes):
    """UTF-8 byte (starts, ends) of the paragraphs of `data`, as
    galley.paragraphs finds them, as NumPy arrays."""
    from ._segment import _segmenter

    result = _segmenter(_native.UNIT_PARAGRAPH, "", 0, _native.OFFSETS_UTF8).split(data, len(data), False)
    if result is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.asarray(result[0], dtype=np.int64), np.asarray(result[1], dtype=np.int64)


def _fingerprint_partition(part: pd.DataFrame, text: str, id: str, split: bool, options: dict):
    ids = [str(x) for x in part[id].tolist()]
    texts = part[text].tolist()
    try:
        bodies = [t.encode("utf-8") for t in texts]
    except (AttributeError, UnicodeEncodeError):   # a missing text, a non-str, a lone surrogate
        bodies = [_native.encode(_text_or_empty(b), "text") for b in texts]
    lengths = np.fromiter(map(len, bodies), dtype=np.int64, count=len(bodies))
    if not split:
        offsets = np.zeros(len(bodies) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        n = len(bodies)
        return _fingerprint_columns(b"".join(bodies), offsets, np.arange(n), np.zeros(n), ids, options)
    # Every article's paragraphs in one call: the articles joined by U+2029,
    # which ends a paragraph wherever it is, so each article splits as alone.
    joined = _SEPARATOR.join(bodies)
    row_starts = np.zeros(len(bodies), dtype=np.int64)
    np.cumsum(lengths[:-1] + len(_SEPARATOR), out=row_starts[1:])
    starts, ends = _paragraph_spans(joined)
    doc = np.searchsorted(row_starts, starts, side="right") - 1
    first = np.searchsorted(doc, np.arange(len(bodies)))      # each row's first paragraph
    paragraph = np.arange(len(doc)) - first[doc]
    texts, offsets = _slices(joined, starts, ends)
    return _fingerprint_columns(texts, offsets, doc, paragraph, ids, options)


def _slices(data: bytes, starts: np.ndarray, ends: np.ndarray):
    """data[starts[i]:ends[i]] concatenated, and their offsets. (Slicing
    bytes objects costs a fraction of a byte-index gather.)"""
    offsets = np.zeros(len(starts) + 1, dtype=np.int64)
    np.cumsum(ends - starts, out=offsets[1:])
    return b"".join([data[a:b] for a, b in zip(starts.tolist(), ends.tolist())]), offsets


def _length(fp) -> int:
    return fp["n"]


# --- 2. Groups -------------------------------------------------------------------------------------

# Every exchange piece is a task of its own, and a task costs the workers a few
# milliseconds whatever it carries. So the exchanges run between groups of
# consecutive input partitions rather than between the partitions: G groups
# make G² pieces per exchange where K partitions made K². A group holds at
# most this many paragraphs (about 200 bytes of fingerprints each), so that
# its tasks fit a worker at any corpus size.
GROUP_PARAGRAPHS = 2_000_000


def _group_bounds(lengths: List[int], groups: Optional[int] = None) -> List[int]:
    """The first input partition of each group, and K at the end: groups of
    consecutive partitions with about equal numbers of paragraphs, ⌈√K⌉ of
    them (more when a group would exceed GROUP_PARAGRAPHS; `groups` to
    choose), never more than K."""
    k = len(lengths)
    total = int(sum(lengths))
    if groups is None:
        groups = max(math.isqrt(k - 1) + 1 if k > 1 else 1, -(-total // GROUP_PARAGRAPHS))
    groups = max(1, min(k, groups))
    ends = np.cumsum(lengths)
    bounds = [0]
    for g in range(1, groups):
        # The partition where the g-th share of the paragraphs ends, at least one partition a group.
        p = int(np.searchsorted(ends, total * g / groups, side="left")) + 1
        bounds.append(min(max(p, bounds[-1] + 1), k - (groups - g)))
    bounds.append(k)
    return bounds


def _gather(*fps):
    """The fingerprint columns of a group's partitions, concatenated (a
    group of one is its partition's own columns)."""
    if len(fps) == 1:
        return fps[0]
    out = {"n": sum(f["n"] for f in fps), "ids": np.concatenate([f["ids"] for f in fps])}
    for column in ("exact", "tokens", "band_keys", "shingles", "paragraph"):
        out[column] = np.concatenate([f[column] for f in fps])
    for column in ("band_offsets", "shingle_offsets"):
        pieces, shift = [np.zeros(1, dtype=np.int64)], 0
        for f in fps:
            o = f[column]
            pieces.append(o[1:] - o[0] + shift)
            shift += int(o[-1] - o[0])
        out[column] = np.concatenate(pieces)
    docs, shift = [], 0
    for f in fps:
        docs.append(f["doc"] + shift)
        shift += len(f["ids"])
    out["doc"] = np.concatenate(docs).astype(np.int32)
    return out


# --- 3. Rows by hash: exact copies and LSH candidates, in one exchange -----------------------------


def _rows_exact(fp, base: int, buckets: int):
    """Per bucket: the (exact hash, sequence) rows of every paragraph of the
    group, in sequence order."""
    exact = fp["exact"]
    return _route((exact % np.uint64(buckets)).astype(np.intp), buckets, exact,
                  np.arange(len(exact), dtype=np.int64) + base)


def _exact_bucket(pieces, starts: np.ndarray):
    """A bucket's exact copies (copy, first occurrence: a later paragraph
    whose exact hash an earlier one has), routed by group: per group, the
    copies of at least MINIMUM_TOKENS tokens whose first occurrence is in it
    (to pick up its id; a copy has its first occurrence's token count), and
    every copy that is in it (a copy has no LSH entry in DedupIndex)."""
    exact = _concat(pieces, 0, np.uint64)
    seq = _concat(pieces, 1, np.int64)
    order = np.argsort(exact, kind="stable")      # pieces come in group order: seq ascending per hash
    exact, seq = exact[order], seq[order]
    new = np.r_[True, exact[1:] != exact[:-1]] if len(exact) else np.zeros(0, dtype=bool)
    first = seq[np.flatnonzero(new)[np.cumsum(new) - 1]]
    copy, of = seq[~new], first[~new]
    k = len(starts)
    return list(zip(_route(_partition_of(of, starts), k, copy, of),
                    _route(_partition_of(copy, starts), k, copy)))


def _rows(fp, copy_pieces, base: int, buckets: int):
    """Per bucket: the (band and key, sequence, small) rows of the group's
    paragraphs that DedupIndex keeps LSH entries for (every paragraph with
    band keys that is not an exact copy, whatever its token count), in
    sequence order; `small`: fewer than MINIMUM_TOKENS tokens (such a
    paragraph takes a place in its buckets but is never verified, nor looks
    for candidates)."""
    n = fp["n"]
    is_copy = np.zeros(n, dtype=bool)
    for (copies,) in copy_pieces:
        is_copy[copies - base] = True
    offsets = fp["band_offsets"]
    rows = np.flatnonzero(~is_copy & (offsets[1:] > offsets[:-1]))
    if not len(rows):
        empty = np.zeros(0, dtype=np.int64)
        return [(empty, empty, np.zeros(0, dtype=bool))] * buckets
    nbands = int(offsets[rows[0] + 1] - offsets[rows[0]])
    keys = fp["band_keys"][offsets[rows][:, None] + np.arange(nbands)].astype(np.int64)
    band = np.arange(nbands, dtype=np.int64)
    bucket = ((keys + band) % buckets).ravel().astype(np.intp)
    key = ((band << 32) | keys).ravel()
    seq = np.repeat(rows + base, nbands)
    small = np.repeat(fp["tokens"][rows] < MINIMUM_TOKENS, nbands)
    return _route(bucket, buckets, key, seq, small)


def _bucket(pieces, starts: np.ndarray, limit: int):
    """A bucket's candidate pairs (later, earlier), routed by the earlier
    paragraph's group: within each LSH bucket (band and key), each member
    pairs with the `limit` members just before it (every earlier member when
    `limit` is 0), as DedupIndex visits the most recent `limit` entries of a
    bucket; pairs with a small member are dropped after the window is
    counted (the index visits them and skips them)."""
    key = _concat(pieces, 0, np.int64)
    seq = _concat(pieces, 1, np.int64)
    small = _concat(pieces, 2, bool)
    order = _stable_order(key)                  # band << 32 | a 32-bit key; seq ascending within a key
    key, seq, small = key[order], seq[order], small[order]
    new = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, dtype=bool)
    start = np.flatnonzero(new)[np.cumsum(new) - 1]
    before = np.arange(len(seq)) - start        # how many earlier members each row could pair with
    if limit > 0:
        before = np.minimum(before, limit)
    before[small] = 0
    later = np.repeat(seq, before)
    offsets = np.zeros(len(seq) + 1, dtype=np.int64)
    np.cumsum(before, out=offsets[1:])
    # Row i pairs with rows i - before[i] .. i - 1 (the nearest earlier members).
    at = np.arange(offsets[-1], dtype=np.int64) - np.repeat(offsets[:-1] - (np.arange(len(seq)) - before), before)
    earlier = seq[at]
    keep = ~small[at]
    later, earlier = later[keep], earlier[keep]
    k = len(starts)
    return _route(_partition_of(earlier, starts), k, later, earlier)


# --- 4. The earlier side: shingles and names -------------------------------------------------------


def _earlier_side(pieces, exact_pieces, fp, base: int, starts: np.ndarray):
    """In the earlier paragraphs' group: unique candidate pairs with the
    earlier paragraph's shingles, id and paragraph number (pairs whose
    earlier paragraph is an exact copy dropped); exact copies of at least
    MINIMUM_TOKENS tokens with their first occurrence's id and paragraph
    number; both routed by the later paragraph's group (one (candidates,
    exact) piece each)."""
    k = len(starts)
    later = _concat(pieces, 0, np.int64)
    earlier = _concat(pieces, 1, np.int64)
    copies_here = _concat([p[1] for p in exact_pieces], 0, np.int64)
    if len(later):
        is_copy = np.zeros(fp["n"], dtype=bool)
        is_copy[copies_here - base] = True
        keep = ~is_copy[earlier - base]
        later, earlier = later[keep], earlier[keep]
    if len(later):
        local = earlier - base                  # below the group's size
        span = max(1, int(fp["n"]).bit_length())
        if int(later.max()).bit_length() + span <= 64:
            packed = np.unique((later.astype(np.uint64) << np.uint64(span)) | local.astype(np.uint64))
            later = (packed >> np.uint64(span)).astype(np.int64)
            earlier = (packed & np.uint64((1 << span) - 1)).astype(np.int64) + base
        else:
            order = np.lexsort((earlier, later))
            later, earlier = later[order], earlier[order]
            unique = np.r_[True, (later[1:] != later[:-1]) | (earlier[1:] != earlier[:-1])]
            later, earlier = later[unique], earlier[unique]
    # Already ordered by the later paragraph, hence by its group.
    dest = _partition_of(later, starts)
    bounds = np.searchsorted(dest, np.arange(k + 1))
    local = earlier - base
    shingles, offsets = _ragged(fp["shingles"], fp["shingle_offsets"], local)
    doc, paragraph = fp["doc"][local], fp["paragraph"][local]
    names = fp["ids"][doc]
    candidates = [(later[a:b], earlier[a:b], shingles[offsets[a]:offsets[b]], offsets[a:b + 1] - offsets[a],
                   names[a:b], paragraph[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
    copy = _concat([p[0] for p in exact_pieces], 0, np.int64)
    of = _concat([p[0] for p in exact_pieces], 1, np.int64)
    ok = fp["tokens"][of - base] >= MINIMUM_TOKENS    # (a copy has its first occurrence's tokens)
    copy, of = copy[ok], of[ok]
    of_local = of - base
    exact = _route(_partition_of(copy, starts), k, copy, of, fp["ids"][fp["doc"][of_local]],
                   fp["paragraph"][of_local])
    return list(zip(candidates, exact))


# --- 5. Verification and the best match --------------------------------------------------------------


def _matches(pieces, fp, base: int, threshold: float, containment: Optional[float]):
    """Per paragraph of the group: kind (0 kept), the matched sequence
    (-1), similarity, the matched paragraph's id (None) and number (-1)."""
    candidates = [c for c, _ in pieces]
    exact = [e for _, e in pieces]
    n = fp["n"]
    kind = np.zeros(n, dtype=np.int8)
    match = np.full(n, -1, dtype=np.int64)
    similarity = np.zeros(n, dtype=np.float64)
    name = np.full(n, None, dtype=object)
    number = np.full(n, -1, dtype=np.int32)

    parts = [c for c in candidates if len(c[0])]
    if parts:
        later = np.concatenate([c[0] for c in parts])
        earlier = np.concatenate([c[1] for c in parts])
        other = np.concatenate([c[2] for c in parts])
        shift = np.cumsum([0] + [len(c[2]) for c in parts[:-1]])
        other_offsets = np.concatenate([parts[0][3][:1]] + [c[3][1:] + s for c, s in zip(parts, shift)])
        names = np.concatenate([c[4] for c in parts])
        numbers = np.concatenate([c[5] for c in parts])
        # An exact copy needs no verification: its first occurrence wins.
        is_copy = np.zeros(n, dtype=bool)
        for copy, *_ in exact:
            is_copy[copy - base] = True
        rows = np.flatnonzero(~is_copy[later - base])
        if len(rows) < len(later):
            other, other_offsets = _ragged(other, other_offsets, rows)
            later, earlier, names, numbers = later[rows], earlier[rows], names[rows], numbers[rows]
        own, own_offsets = _ragged(fp["shingles"], fp["shingle_offsets"], later - base)
        shared = _overlaps(own, own_offsets, other, other_offsets)
        kinds, scores = _verify(shared, np.diff(own_offsets), np.diff(other_offsets), threshold, containment)
        best = _best(later, earlier, kinds, scores)
        at = later[best] - base
        kind[at] = kinds[best]
        match[at] = earlier[best]
        similarity[at] = scores[best]
        name[at] = names[best]
        number[at] = numbers[best]

    for copy, of, names, numbers in exact:     # an exact copy wins
        at = copy - base
        kind[at] = _EXACT
        match[at] = of
        similarity[at] = 1.0
        name[at] = names
        number[at] = numbers
    return {"kind": kind, "match": match, "similarity": similarity, "name": name, "number": number}


# --- 6. Clusters -----------------------------------------------------------------------------------


def _edges(m, base: int):
    at = np.flatnonzero(m["kind"] > 0)
    return at + base, m["match"][at]


def _roots(edges, starts: np.ndarray):
    """The kept paragraph every duplicate's chain leads to (pointer jumping:
    the chains' depth halves each round), routed by group."""
    seq = _concat(edges, 0, np.int64)            # ascending: pieces come in group order
    root = _concat(edges, 1, np.int64)
    while len(seq):
        at = np.searchsorted(seq, root)
        hit = at < len(seq)
        hit[hit] = seq[at[hit]] == root[hit]
        if not hit.any():
            break
        root = np.where(hit, root[np.minimum(at, len(seq) - 1)], root)
    return _route(_partition_of(seq, starts), len(starts), seq, root)


# --- The result ------------------------------------------------------------------------------------

_OUT_META = pd.DataFrame({
    "id": pd.Series(dtype=STRING), "paragraph": pd.Series(dtype=np.int32), "kept": pd.Series(dtype=bool),
    "duplicate_id": pd.Series(dtype=STRING), "duplicate_paragraph": pd.Series(dtype=np.int32),
    "duplicate_seq": pd.Series(dtype=np.int64), "similarity": pd.Series(dtype=np.float64),
    "kind": pd.Series(dtype=STRING),
}, index=pd.Index([], dtype=np.int64, name="seq"))


def _frame(fp, m, base: int, lo: int, hi: int, roots=None) -> pd.DataFrame:
    """The result rows of one input partition: its fingerprint columns `fp`
    and paragraphs lo..<hi of its group's matches `m` (the group starts at
    sequence `base`)."""
    seq = np.arange(base + lo, base + hi, dtype=np.int64)
    kind = m["kind"][lo:hi]
    out = pd.DataFrame({
        "id": pd.Series(fp["ids"][fp["doc"]], dtype=STRING),
        "paragraph": fp["paragraph"],
        "kept": kind == 0,
        "duplicate_id": pd.Series(m["name"][lo:hi], dtype=STRING),
        "duplicate_paragraph": m["number"][lo:hi],
        "duplicate_seq": m["match"][lo:hi],
        "similarity": m["similarity"][lo:hi],
        "kind": pd.Series(_KIND_NAMES[kind], dtype=STRING),
    })
    out.index = pd.Index(seq, name="seq")
    if roots is not None:
        cluster = seq.copy()
        duplicates, root = roots
        a, b = np.searchsorted(duplicates, [base + lo, base + hi])
        cluster[duplicates[a:b] - base - lo] = root[a:b]
        out["cluster"] = cluster
    return out


def _stages(fps: list, lengths: List[int], threshold: float, containment: Optional[float],
            groups: Optional[int] = None, clusters: bool = False, limit: int = CANDIDATES_PER_BUCKET) -> dict:
    """The task graph from persisted fingerprints (Delayed, one per input
    partition) to each group's matches (and with `clusters` the roots of its
    duplicates), built as one layer of plain tasks: nested Delayed calls
    would make the client merge and cull a graph per call. Returns the keys
    by stage, the groups (``bounds``: first partition of each) and where
    each partition's paragraphs lie in its group (``where``: (group, lo,
    hi))."""
    from operator import getitem

    from dask.base import tokenize

    k = len(fps)
    bases = np.zeros(k + 1, dtype=np.int64)
    np.cumsum(lengths, out=bases[1:])
    bounds = _group_bounds(list(lengths), groups)
    g_count = len(bounds) - 1
    starts = bases[bounds[:-1]].copy()     # each group's first sequence number
    fk = [f.key for f in fps]
    name = "galley-dedup-" + tokenize(fk, list(lengths), threshold, containment, bounds, limit)
    g: dict = {}

    def key(stage, *index):
        return (f"{name}-{stage}",) + index

    def spread(stage, producer, count, *where):
        # Piece `i` of a producer's list of routed pieces, as its own task.
        for i in range(count):
            g[key(stage, *where, i)] = (getitem, producer, i)

    where = []
    for q in range(g_count):
        g[key("group", q)] = (_gather, *fk[bounds[q]:bounds[q + 1]])
        for p in range(bounds[q], bounds[q + 1]):
            where.append((q, int(bases[p] - starts[q]), int(bases[p + 1] - starts[q])))
    for q in range(g_count):
        g[key("exact-rows", q)] = (_rows_exact, key("group", q), int(starts[q]), g_count)
        spread("exact-rows-to", key("exact-rows", q), g_count, q)
    for b in range(g_count):
        g[key("exact", b)] = (_exact_bucket, [key("exact-rows-to", q, b) for q in range(g_count)], starts)
        spread("exact-to", key("exact", b), g_count, b)
    # An exact copy has no LSH entry in DedupIndex (it would take a place in
    # its buckets' windows): the copies are known before the LSH rows go out.
    for q in range(g_count):
        g[key("rows", q)] = (_rows, key("group", q), [(getitem, key("exact-to", b, q), 1) for b in range(g_count)],
                             int(starts[q]), g_count)
        spread("rows-to", key("rows", q), g_count, q)
    for b in range(g_count):
        g[key("bucket", b)] = (_bucket, [key("rows-to", q, b) for q in range(g_count)], starts, limit)
        spread("bucket-to", key("bucket", b), g_count, b)
    for q in range(g_count):
        g[key("earlier", q)] = (_earlier_side, [key("bucket-to", b, q) for b in range(g_count)],
                                [key("exact-to", b, q) for b in range(g_count)],
                                key("group", q), int(starts[q]), starts)
        spread("earlier-to", key("earlier", q), g_count, q)
    for q in range(g_count):
        g[key("matches", q)] = (_matches, [key("earlier-to", r, q) for r in range(g_count)], key("group", q),
                                int(starts[q]), threshold, containment)
    out = {"bases": bases, "starts": starts, "bounds": bounds, "where": where,
           "groups": [key("group", q) for q in range(g_count)],
           "matches": [key("matches", q) for q in range(g_count)],
           "rows": [key("rows", q) for q in range(g_count)], "buckets": [key("bucket", b) for b in range(g_count)],
           "exact_rows": [key("exact-rows", q) for q in range(g_count)],
           "exact": [key("exact", b) for b in range(g_count)],
           "earlier": [key("earlier", q) for q in range(g_count)]}
    if clusters:
        for q in range(g_count):
            g[key("edges", q)] = (_edges, key("matches", q), int(starts[q]))
        g[key("roots")] = (_roots, [key("edges", q) for q in range(g_count)], starts)
        spread("roots-to", key("roots"), g_count)
        out["roots"] = [key("roots-to", q) for q in range(g_count)]
    out["tasks"], out["name"] = g, name
    return out


def _graph(stages: dict, dependencies: list):
    """The stages' tasks (with any the caller added) as one HighLevelGraph layer."""
    from dask.highlevelgraph import HighLevelGraph

    return HighLevelGraph.from_collections(stages["name"], stages["tasks"], dependencies=dependencies)


def _delayed(graph, key, name: str):
    from dask.delayed import Delayed

    return Delayed(key, graph, layer=name)


def _persisted(frame, make, *args) -> list:
    """make(partition, *args) for every partition, persisted (on a cluster:
    kept where it ran)."""
    from dask import delayed

    return list(dask.persist(*[delayed(make, pure=True)(part, *args) for part in frame.to_delayed()]))


def _lengths(fps) -> List[int]:
    from dask import delayed

    return [int(x) for x in dask.compute(*[delayed(_length, pure=True)(fp) for fp in fps])]


def _check_columns(frame, *names):
    missing = [n for n in names if n not in frame.columns]
    if missing:
        raise KeyError(f"the frame has no column {missing[0]!r} (columns: {list(frame.columns)})")


def dedup(frame: "dd.DataFrame", text: str = "text", id: str = "id", threshold: float = 0.8,
          containment: Optional[float] = 0.9, shingle: str = "words", n: int = 5, permutations: int = 64,
          split: bool = True, clusters: bool = True,
          candidates_per_bucket: int = CANDIDATES_PER_BUCKET) -> "dd.DataFrame":
    """Near-duplicate paragraphs of a Dask DataFrame of articles (``split``:
    each `text` is split into paragraphs as ``galley.paragraphs`` splits it)
    or of paragraphs (``split=False``: one paragraph per row; a missing text
    is an empty paragraph). The same result as adding the same paragraphs, in
    the same order, to ``galley.DedupIndex(threshold=..., containment=...,
    ...)``, including its bound on the work per paragraph
    (``candidates_per_bucket``: each paragraph is verified against at most
    that many of the most recent paragraphs of each LSH bucket; 0: all).

    Returns a Dask DataFrame with one partition per input partition, indexed
    by the paragraphs' sequence numbers (``seq``, input order) with known
    divisions, and columns: id (``string[pyarrow]``), paragraph (index within
    its article), kept (bool), duplicate_id (the earlier paragraph's id; <NA>
    when kept), duplicate_paragraph and duplicate_seq (-1 when kept),
    similarity (1 for exact copies, Jaccard for near, containment for
    contained; 0 when kept), kind ("exact", "near", "contained"; "" when
    kept) and, with ``clusters``, cluster (the sequence number of the kept
    paragraph its duplicate chain leads to; its own when kept). Empty input
    partitions are dropped. ``to_parquet``/``read_parquet`` round-trip it.

    Computes the fingerprints eagerly (persisted where they were made, about
    200 bytes a paragraph) and the partitions' lengths; the rest runs when the
    result is computed or written. Raises ValueError for bad options before
    any task runs, KeyError for a missing column.
    """
    options = dict(threshold=threshold, containment=containment, shingle=shingle, n=n, permutations=permutations)
    galley.fingerprints([], **options)  # the options are checked here, before any task runs
    _dedup_options(**options, candidates_per_bucket=candidates_per_bucket)
    _check_columns(frame, text, id)
    fps = _persisted(frame, _fingerprint_partition, text, id, split, options)
    return _result(fps, _lengths(fps), threshold, containment, clusters, limit=candidates_per_bucket)


def _result(fps, lengths, threshold, containment, clusters, groups=None, limit: int = CANDIDATES_PER_BUCKET):
    meta = _OUT_META.assign(cluster=pd.Series(dtype=np.int64)) if clusters else _OUT_META
    keep = [p for p, length in enumerate(lengths) if length]
    if not keep:
        return dd.from_pandas(meta, npartitions=1)
    s = _stages(fps, lengths, threshold, containment, groups, clusters, limit)
    bases = s["bases"]
    for p in keep:
        q, lo, hi = s["where"][p]
        roots = [s["roots"][q]] if clusters else []
        # The partition's own fingerprints (where it was made), not its group's.
        s["tasks"][(s["name"] + "-frame", p)] = (_frame, fps[p].key, s["matches"][q], int(s["starts"][q]),
                                                 lo, hi, *roots)
    graph = _graph(s, fps)
    parts = [_delayed(graph, (s["name"] + "-frame", p), s["name"]) for p in keep]
    divisions = [int(bases[p]) for p in keep] + [int(bases[keep[-1]] + lengths[keep[-1]] - 1)]
    return dd.from_delayed(parts, meta=meta, divisions=divisions, verify_meta=False)


# --- process ---------------------------------------------------------------------------------------


def _process_record(text, url: Optional[str], lang: Optional[str], id: str, index=None) -> str:
    """libgalley's galley_process on one article (with a galley.DedupIndex
    `index`, against it and added to it; else within the article): the JSON
    record exactly as `galley process` writes it (byte offsets), or its
    error record {"id", "source": null, "error"}. A missing text is an empty
    article; a str with a lone surrogate is an error record."""
    options = _native.ProcessOptions()
    lib.galley_process_options_init(ctypes.byref(options), ctypes.sizeof(options))
    try:
        data = _native.encode(_text_or_empty(text))
        options.id = _native.encode(id, "id")
        options.url = _native.encode(url, "url") if url is not None else None
        options.lang = _native.encode(lang, "lang") if lang is not None else None
    except (ValueError, TypeError) as error:
        return json.dumps({"id": id, "source": None, "error": str(error)}, ensure_ascii=False,
                          separators=(",", ":"))
    out = ctypes.c_void_p()
    size = ctypes.c_size_t()
    handle = index._handle if index is not None else None
    lib.galley_process(ctypes.byref(options), data, len(data), handle, ctypes.byref(out), ctypes.byref(size))
    if not out.value:
        raise MemoryError("galley_process returned no record")
    try:
        return ctypes.string_at(out.value, size.value).decode("utf-8")
    finally:
        lib.galley_string_free(out)


def _fraction(v: float):
    """A similarity as the CLI writes it: four decimals, 1 and 0 as integers."""
    scaled = math.floor(v * 10_000 + 0.5)
    return 1 if scaled >= 10_000 else 0 if scaled <= 0 else scaled / 10_000


def _present(part: pd.DataFrame, column: Optional[str]) -> list:
    if column is None or column not in part.columns:
        return [None] * len(part)
    return [None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else str(v)
            for v in part[column].tolist()]


def _process_partition(part: pd.DataFrame, text: str, id: str, url: Optional[str], lang: Optional[str],
                       options: Optional[dict]):
    """Records of a partition; with `options`, also the fingerprints of
    their paragraphs (for the corpus-wide duplicates)."""
    ids = [str(x) for x in part[id].tolist()]
    records = [_process_record(t, u, g, i) for t, u, g, i in
               zip(part[text].tolist(), _present(part, url), _present(part, lang), ids)]
    parsed = [json.loads(r) for r in records]
    state = {"index": part.index, "ids": ids, "records": records, "parsed": parsed}
    if options is not None:
        texts, doc, paragraph = [], [], []
        for row, r in enumerate(parsed):
            for k, p in enumerate(r.get("paragraphs") or ()):
                texts.append(p["text"])
                doc.append(row)
                paragraph.append(k)
        data, offsets = _native.flat_utf8(texts, "paragraph")
        state["fp"] = _fingerprint_columns(data, np.frombuffer(offsets, dtype=np.uint64), np.asarray(doc),
                                           np.asarray(paragraph), ids, options)
    return state


def _process_fp(state):
    return state["fp"]


_PROCESS_COLUMNS = {"id": STRING, "url": STRING, "lang": STRING, "lang_detected": "boolean",
                    "record": STRING, "paragraphs": np.int64, "sentences": np.int64, "duplicates": np.int64,
                    "related": np.int64, "error": STRING}


def _process_frame(state, m=None, lo: int = 0) -> pd.DataFrame:
    """The partition's rows; `m`: its group's matches, the partition's
    paragraphs from `lo` on."""
    records, parsed = state["records"], state["parsed"]
    if m is not None:
        fp = state["fp"]
        m = {column: values[lo:lo + fp["n"]] for column, values in m.items()}
        kinds = _KIND_NAMES[m["kind"]]
        at = 0
        for row, r in enumerate(parsed):
            ps = r.get("paragraphs")
            if not ps:
                continue
            changed = False
            for p in ps:
                if m["kind"][at]:
                    d = {"id": m["name"][at], "paragraph": int(m["number"][at]),
                         "similarity": _fraction(float(m["similarity"][at])), "kind": kinds[at]}
                else:
                    d = None
                if p["duplicate"] != d:
                    p["duplicate"], changed = d, True
                at += 1
            if changed:
                r["counts"]["duplicates"] = sum(1 for p in ps if p["duplicate"] is not None)
                records[row] = json.dumps(r, ensure_ascii=False, separators=(",", ":"))
        assert at == fp["n"]
    rows = []
    for record, r in zip(records, parsed):
        error = r.get("error")
        counts = r.get("counts") or {}
        rows.append((r.get("id"), r.get("url"), r.get("lang"), r.get("lang_detected"),
                     record, counts.get("paragraphs", 0), counts.get("sentences", 0),
                     counts.get("duplicates", 0), counts.get("related", 0), error))
    out = pd.DataFrame(rows, columns=list(_PROCESS_COLUMNS), index=state["index"])
    return out.astype(_PROCESS_COLUMNS)


def _process_meta(frame) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in _PROCESS_COLUMNS.items()},
                        index=frame._meta.index[:0])


def process(frame: "dd.DataFrame", text: str = "text", id: str = "id", url: Optional[str] = "url",
            lang: Optional[str] = "lang", dedup: bool = True, threshold: float = 0.8,
            containment: Optional[float] = 0.9, shingle: str = "words", n: int = 5,
            permutations: int = 64, candidates_per_bucket: int = CANDIDATES_PER_BUCKET) -> "dd.DataFrame":
    """libgalley's article pipeline (what ``galley process`` runs) on every
    row: `text`, `id`, and the optional `url` and `lang` columns (used when
    the frame has them; None or a missing value: no URL, detect the
    language; pass ``url=None``/``lang=None`` to ignore such columns).

    With ``dedup`` (the default) every paragraph's duplicate is searched
    across the whole frame in input order, with the fingerprint options given,
    so each record is, field by field, the one ``galley process --no-index``
    writes for the same articles in the same order; without it, within each
    article only (``galley.process`` without an index).

    Returns a Dask DataFrame with the input's index and divisions and
    columns: id, url, lang, lang_detected, record (the JSON line; for a row
    that failed the CLI's error record, {"id", "source": null, "error"}), paragraphs, sentences, duplicates, related (counts) and
    error (why the row failed: invalid UTF-8, a malformed language tag;
    <NA> otherwise). Text columns are ``string[pyarrow]``, so
    ``to_parquet``/``read_parquet`` round-trip it.
    """
    _check_columns(frame, text, id)
    for explicit, default in ((url, "url"), (lang, "lang")):
        if explicit is not None and explicit != default:
            _check_columns(frame, explicit)
    meta = _process_meta(frame)
    if not dedup:
        return frame.map_partitions(lambda part: _process_frame(_process_partition(part, text, id, url, lang, None)),
                                    meta=meta)
    options = dict(threshold=threshold, containment=containment, shingle=shingle, n=n, permutations=permutations)
    galley.fingerprints([], **options)
    _dedup_options(**options, candidates_per_bucket=candidates_per_bucket)
    from dask import delayed

    states = _persisted(frame, _process_partition, text, id, url, lang, options)
    fps = [delayed(_process_fp, pure=True)(s) for s in states]
    fps = list(dask.persist(*fps))
    st = _stages(fps, _lengths(fps), threshold, containment, limit=candidates_per_bucket)
    for p, state in enumerate(states):
        q, lo, _ = st["where"][p]
        st["tasks"][(st["name"] + "-records", p)] = (_process_frame, state.key, st["matches"][q], lo)
    graph = _graph(st, fps + states)
    parts = [_delayed(graph, (st["name"] + "-records", p), st["name"]) for p in range(len(states))]
    return dd.from_delayed(parts, meta=meta, divisions=frame.divisions, verify_meta=False)
