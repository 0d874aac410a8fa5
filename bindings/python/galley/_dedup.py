"""Near-duplicate paragraphs: DedupIndex and dedup_paragraphs."""

from __future__ import annotations

import ctypes
import os
import threading
import weakref
from array import array
from itertools import accumulate
from ctypes import byref, c_int32, c_size_t, string_at
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple

from . import _native
from ._native import InvalidArgumentError, lib


class Match(NamedTuple):
    """Why a paragraph is a duplicate: the earlier paragraph's document id
    and index in that document, the similarity (1 for exact; Jaccard of the
    word-5-gram sets for "near"; containment for "contained") and the kind.
    ``sequence`` is the earlier paragraph's position in the index's input
    order. The first four fields are :class:`galley.Duplicate`'s, by the
    same names (the article record's ``duplicate``)."""

    id: str
    paragraph: int
    similarity: float
    kind: str
    sequence: int

    @property
    def doc_id(self) -> str:
        """The old name of :attr:`id` (before 0.2), kept for old callers."""
        return self.id

    def to_dict(self) -> Dict[str, Any]:
        """``{"id", "paragraph", "similarity", "kind", "sequence"}``: the
        field names of the article record's ``duplicate``
        (:meth:`Duplicate.to_dict`) and ``sequence``."""
        return {"id": self.id, "paragraph": self.paragraph, "similarity": self.similarity,
                "kind": self.kind, "sequence": self.sequence}


#: DedupOptions.candidatesPerBucket's default (galley_dedup_options.candidates_per_bucket).
CANDIDATES_PER_BUCKET = 128


def _options(threshold: float, containment: Optional[float], shingle: str, n: int,
             permutations: int, candidates_per_bucket: int = CANDIDATES_PER_BUCKET) -> _native.DedupOptions:
    o = _native.DedupOptions()
    lib.galley_dedup_options_init(byref(o), ctypes.sizeof(o))
    if not isinstance(candidates_per_bucket, int) or not 0 <= candidates_per_bucket < 2 ** 31:
        raise InvalidArgumentError(f"candidates_per_bucket must be an int in 0...2^31-1, "
                                   f"not {candidates_per_bucket!r}")
    o.candidates_per_bucket = candidates_per_bucket
    if shingle == "words":
        o.shingle = _native.SHINGLE_WORDS
    elif shingle == "characters":
        o.shingle = _native.SHINGLE_CHARACTERS
    else:
        raise InvalidArgumentError(f"shingle must be 'words' or 'characters', not {shingle!r}")
    o.shingle_size = n
    o.threshold = float(threshold)
    o.containment = 0.0 if containment is None else float(containment)
    o.permutations = permutations
    return o


_utf8 = _native.encode


def _results(results) -> List[Optional[Match]]:
    try:
        n = lib.galley_dedup_results_count(results)
        if not n:
            return []
        data = (_native.DedupMatchStruct * n).from_address(lib.galley_dedup_results_data(results))
        out: List[Optional[Match]] = []
        size = c_size_t()
        names = _native.DUPLICATE_KIND_NAMES
        for i in range(n):
            m = data[i]
            if m.kind == 0:
                out.append(None)
                continue
            p = lib.galley_dedup_results_document(results, i, byref(size))
            doc = string_at(p, size.value).decode("utf-8")
            out.append(Match(doc, m.paragraph, m.similarity, names[m.kind], m.sequence))
        return out
    finally:
        lib.galley_dedup_results_free(results)


class DedupIndex:
    """Near-duplicate paragraphs across a corpus, in input order.

    >>> index = galley.DedupIndex()
    >>> index.add("a", ["The council approved the budget for the new bridge on Monday."])
    [None]
    >>> index.add("b", ["THE council approved the budget for the new bridge on Monday!"])[0].kind
    'exact'

    ``threshold`` is the Jaccard similarity of word-5-gram sets (or of
    character n-grams with ``shingle="characters"``) at or above which a
    paragraph is a near-duplicate; ``containment`` (or None) catches truncated
    copies and copies with boilerplate appended. The first paragraph seen is
    kept. ``candidates_per_bucket`` bounds the work per paragraph: at most
    that many of the most recent paragraphs of each LSH bucket are verified
    (0: all of them; see galley_dedup_options). With ``path`` the index lives in an SQLite file and is remembered
    across runs (each add/add_batch is one transaction); without, in memory.

    Threads: safe to share. ctypes releases the GIL during each call, so
    every call on the index (add, add_batch, ``in``, len, clusters, close)
    takes the index's own lock: calls from several threads run one at a
    time, in the order they get the lock (the C handle must never be used by
    two threads at once). For parallel work use one index per thread, or
    galley.dask.

    Errors: ``ValueError`` subclasses for bad input (InvalidUTF8Error,
    InvalidArgumentError, TooLargeError), ``TypeError`` for a wrong type,
    and ``OSError`` subclasses for the file (IndexCorruptError,
    NotAnIndexError, IndexBusyError, IndexReadOnlyError, IndexFullError,
    or IndexFileError for any other I/O failure), with ``filename`` set.
    """

    def __init__(self, path: Optional[str] = None, threshold: float = 0.8,
                 containment: Optional[float] = 0.9, shingle: str = "words", n: int = 5,
                 permutations: int = 64, candidates_per_bucket: int = CANDIDATES_PER_BUCKET) -> None:
        self._options = _options(threshold, containment, shingle, n, permutations, candidates_per_bucket)
        self._lock = threading.Lock()
        self._path = None if path is None else os.fsdecode(path)
        handle = _native.DedupIndexPointer()
        if path is None:
            lib.galley_dedup_index_new(byref(self._options), byref(handle))
        else:
            encoded = os.fsencode(path)
            if b"\0" in encoded:   # C reads the path NUL-terminated: refuse, as open() does
                raise InvalidArgumentError(f"index path contains a NUL byte: {path!r}")
            status = lib.galley_dedup_index_open(encoded, byref(self._options), byref(handle))
            if status != _native.STATUS_OK:
                raise _native.last_error(status, filename=self._path, default=f"cannot open index {path!r}")
        self._handle = handle
        self._finalizer = weakref.finalize(self, lib.galley_dedup_index_free, handle)

    def __contains__(self, doc_id: str) -> bool:
        """Whether a document with this id was added (to resume a run)."""
        b = _utf8(doc_id, "doc_id")
        with self._lock:
            found = c_int32()
            status = lib.galley_dedup_index_has(self._handle, b, len(b), byref(found))
            if status != _native.STATUS_OK:
                raise _native.last_error(status, filename=self._path)
        return bool(found.value)

    def __len__(self) -> int:
        with self._lock:
            return lib.galley_dedup_index_count(self._handle)

    def add(self, doc_id: str, paragraphs: Sequence[str]) -> List[Optional[Match]]:
        """Adds one document's paragraphs; one result per paragraph: None when
        kept, else the Match that makes it a duplicate."""
        return self.add_batch([(doc_id, paragraphs)])

    def add_batch(self, documents: Iterable[Tuple[str, Sequence[str]]]) -> List[Optional[Match]]:
        """Adds many documents in one call (one crossing into the library);
        the results of all their paragraphs, in order. All or nothing: an
        invalid paragraph raises and adds none of the batch."""
        code = _native.SIZE_T_CODE
        ids: List[bytes] = []
        texts: List[bytes] = []
        doc_paras = array(code, [0])
        for doc_id, paragraphs in documents:
            ids.append(_utf8(doc_id, "doc_id"))
            if isinstance(paragraphs, str):
                raise TypeError("paragraphs must be a sequence of str, not one str")
            try:
                texts.extend([p.encode("utf-8") for p in paragraphs])
            except (AttributeError, UnicodeEncodeError):
                for p in paragraphs:          # find the bad one and say which
                    _utf8(p, "paragraph")
                raise
            doc_paras.append(len(texts))
        count = len(ids)
        # Offsets by cumulative sums in C (itertools), not a Python loop.
        id_offsets = array(code, [0])
        id_offsets.extend(accumulate(map(len, ids)))
        text_offsets = array(code, [0])
        text_offsets.extend(accumulate(map(len, texts)))
        blob = b"".join(texts)
        id_blob = b"".join(ids)
        results = _native.DedupResultsPointer()
        with self._lock:
            try:
                lib.galley_dedup_index_add(self._handle, count, id_blob, id_offsets.buffer_info()[0],
                                           blob, text_offsets.buffer_info()[0], doc_paras.buffer_info()[0],
                                           byref(results))
            except _native.IndexFileError as e:
                e.filename = self._path
                raise
        return _results(results)

    def clusters(self) -> List[List[Tuple[str, int]]]:
        """Duplicate clusters: each kept paragraph with every paragraph that
        duplicates it (directly or through another), as (doc_id, paragraph)
        in input order; paragraphs without duplicates are left out."""
        with self._lock:
            return self._clusters()

    def _clusters(self) -> List[List[Tuple[str, int]]]:
        n = lib.galley_dedup_index_count(self._handle)
        parent = list(range(n))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        ids: List[Tuple[str, int]] = []
        p = ctypes.c_void_p()
        size = c_size_t()
        para = ctypes.c_int32()
        m = _native.DedupMatchStruct()
        for seq in range(n):
            lib.galley_dedup_index_paragraph(self._handle, seq, byref(p), byref(size), byref(para), byref(m))
            ids.append((string_at(p.value, size.value).decode("utf-8") if size.value else "", para.value))
            if m.kind:
                a, b = find(seq), find(m.sequence)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        groups: dict = {}
        for seq in range(n):
            groups.setdefault(find(seq), []).append(ids[seq])
        return [g for _, g in sorted(groups.items()) if len(g) > 1]

    def __reduce__(self) -> Any:
        raise TypeError(
            "a galley.DedupIndex cannot be pickled: it owns a native index (and an open SQLite "
            "file). Send its path and options instead and open it where it is needed, or use "
            "galley.dask, which fingerprints in each worker")

    def close(self) -> None:
        """Frees the index now (also done when it is garbage-collected),
        checkpointing its file: no -wal or -shm file remains."""
        with self._lock:
            self._finalizer()

    def __enter__(self) -> "DedupIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def dedup_paragraphs(text: str, threshold: float = 0.8, containment: Optional[float] = 0.9,
                     shingle: str = "words", n: int = 5, permutations: int = 64,
                     candidates_per_bucket: int = CANDIDATES_PER_BUCKET) -> List[Optional[Match]]:
    """Duplicates within one text: its paragraphs (as galley.paragraphs finds
    them) compared with each other; one result per paragraph, None when kept.

    >>> [m and m.paragraph for m in galley.dedup_paragraphs("Same words here.\\n\\nOther.\\n\\nSame words here.")]
    [None, None, 0]
    """
    options = _options(threshold, containment, shingle, n, permutations, candidates_per_bucket)
    data = _utf8(text, "text")
    results = _native.DedupResultsPointer()
    offset = c_size_t()
    lib.galley_dedup_paragraphs(byref(options), data, len(data), byref(results), byref(offset))
    return _results(results)


class Fingerprints(NamedTuple):
    """The fingerprints of many paragraphs, column by column (arrays of the
    array module): per paragraph its exact hash ('Q'), token count ('i');
    its LSH band keys ('I') at band_offsets[i]:band_offsets[i+1] (none for a
    paragraph without shingles, else one per band); its sorted unique
    16-bit shingles ('H') at shingle_offsets[i]:shingle_offsets[i+1]. Two
    paragraphs are candidates when they share a key at the same position,
    and are compared on their shingles exactly as DedupIndex compares them
    (see galley.dask)."""

    exact: "array"
    tokens: "array"
    band_offsets: "array"
    band_keys: "array"
    shingle_offsets: "array"
    shingles: "array"

    def to_dict(self) -> Dict[str, Any]:
        """Each column as a list of ints, by field name."""
        return {name: list(column) for name, column in zip(self._fields, self)}


def fingerprints(paragraphs: Sequence[str], threshold: float = 0.8, containment: Optional[float] = 0.9,
                 shingle: str = "words", n: int = 5, permutations: int = 64) -> Fingerprints:
    """Fingerprints `paragraphs` in one call, with the options DedupIndex takes
    (the band keys depend on the threshold, which chooses the banding).

    >>> fp = galley.fingerprints(["One paragraph of text here.", "Another one."])
    >>> len(fp.exact), len(fp.band_offsets)
    (2, 3)
    """
    options = _options(threshold, containment, shingle, n, permutations)
    code = _native.SIZE_T_CODE
    if not isinstance(paragraphs, list):
        paragraphs = list(paragraphs)
    data, offsets = _native.flat_utf8(paragraphs, "paragraph")
    handle = _native.FingerprintsPointer()
    failed = c_size_t()
    status = lib.galley_dedup_fingerprints(byref(options), data, offsets.buffer_info()[0], len(paragraphs),
                                           byref(handle), byref(failed))
    if status != _native.STATUS_OK:
        raise _native.last_error(status)
    try:
        count = lib.galley_fingerprints_count(handle)

        def column(getter, typecode, length):
            a = array(typecode)
            if length:
                a.frombytes(ctypes.string_at(getter(handle), length * a.itemsize))
            return a

        band_offsets = column(lib.galley_fingerprints_band_offsets, code, count + 1)
        shingle_offsets = column(lib.galley_fingerprints_shingle_offsets, code, count + 1)
        return Fingerprints(column(lib.galley_fingerprints_exact, "Q", count),
                            column(lib.galley_fingerprints_tokens, "i", count),
                            band_offsets, column(lib.galley_fingerprints_band_keys, "I", band_offsets[-1]),
                            shingle_offsets, column(lib.galley_fingerprints_shingles, "H", shingle_offsets[-1]))
    finally:
        lib.galley_fingerprints_free(handle)
