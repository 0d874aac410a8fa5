"""Segmentation: the public functions and the per-thread segmenter cache."""

from __future__ import annotations

import gc
import os
import threading
import weakref
from ctypes import byref, string_at
from itertools import repeat
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Tuple, Union

from . import _native
from ._native import InvalidArgumentError, lib

Text = Union[str, bytes]


class Span(NamedTuple):
    """One segment: ``text[start:end]`` of the input and, for words, its kind.

    ``start`` and ``end`` index the input: characters of a ``str``, bytes of
    a ``bytes``. ``text`` is always a ``str``.

    >>> galley.words("Don't stop 3.14")[2]
    Span(start=11, end=15, text='3.14', kind='number')
    """

    start: int
    end: int
    text: str
    #: For words: "letter", "number", "kana", "ideographic" or "other"
    #: (spaces, punctuation, symbols). None for other units.
    kind: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        """``{"start", "end", "text", "kind"}``."""
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}


class _KindNames(dict):  # type: ignore[type-arg]
    # A kind this binding does not know (from a newer library) reads "other".
    def __missing__(self, key: int) -> str:
        return "other"


# Kind names keyed by the size_t word that holds kind and reserved (0).
_KIND_NAMES = _KindNames(
    (value << _native.KIND_WORD_SHIFT, name) for value, name in enumerate(_native.WORD_KIND_NAMES))

_new_span = tuple.__new__   # Span from a 4-tuple in C, without Span.__new__'s frame
_decode = bytes.decode      # UTF-8, the default

# Results with at least this many spans are built with the cyclic garbage
# collector paused. Every 700 new tuples start a collection, which can free
# nothing here (spans hold only ints and strs); pausing it halves the time
# the list takes to build. gc.disable() is process-wide, so the pause is as
# short as possible and never ends a pause someone else started.
_GC_PAUSE_MIN_SPANS = 10_000


def _spans(starts: List[int], ends: List[int], texts: Iterable[str],
           kinds: Iterable[Optional[str]]) -> List[Span]:
    items = zip(starts, ends, texts, kinds)
    if len(starts) < _GC_PAUSE_MIN_SPANS or not gc.isenabled():
        return list(map(_new_span, repeat(Span), items))
    gc.disable()
    try:
        return list(map(_new_span, repeat(Span), items))
    finally:
        gc.enable()


class _Segmenter:
    """Owns one galley_segmenter. One per thread (see _segmenter())."""

    __slots__ = ("_handle", "__weakref__")

    def __init__(self, unit: int, lang: bytes, flags: int, offsets: int) -> None:
        options = _native.segment_options(unit, flags, offsets, lang)
        handle = _native.SegmenterPointer()
        lib.galley_segmenter_new(options, byref(handle))   # raises on failure
        self._handle = handle
        weakref.finalize(self, lib.galley_segmenter_free, handle)

    def split(self, data: Union[bytes, int], size: int, with_kinds: bool
              ) -> Optional[Tuple[List[int], List[int], Optional[List[int]]]]:
        """The starts, ends and (if asked for) kind words of the spans of
        `size` bytes of UTF-8 (`data`: bytes, or the address of a buffer the
        caller keeps alive), or None when there are none."""
        spans = _native.SpansPointer()
        lib.galley_segmenter_split(self._handle, data, size, byref(spans))  # raises
        try:
            count = lib.galley_spans_count(spans)
            if not count:
                return None
            raw = string_at(lib.galley_spans_data(spans), count * _native.SPAN_BYTES)
        finally:
            lib.galley_spans_free(spans)
        words = memoryview(raw).cast(_native.SIZE_T_FORMAT)
        stride = _native.SPAN_WORDS
        kinds = words[2::stride].tolist() if with_kinds else None
        return words[0::stride].tolist(), words[1::stride].tolist(), kinds


_local = threading.local()
_CACHE_LIMIT = 64   # segmenters per thread; the cache starts over beyond it


def _segmenter(unit: int, lang: str, flags: int, offsets: int) -> _Segmenter:
    """This thread's segmenter for these options, created on first use.

    A segmenter must not be used by two threads at once, and creating one
    costs tens of microseconds, so each thread keeps its own. They are freed
    (through weakref.finalize) when the thread ends or the cache is cleared.
    """
    try:
        cache = _local.segmenters
    except AttributeError:
        cache = _local.segmenters = {}
    key = (unit, lang, flags, offsets)
    segmenter = cache.get(key)
    if segmenter is None:
        if not isinstance(lang, str):
            raise TypeError(f"lang must be a str, not {type(lang).__name__}")
        if "\0" in lang:
            raise InvalidArgumentError(f"malformed language tag {lang!r}")
        try:
            tag = lang.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidArgumentError(f"malformed language tag {lang!r}") from None
        try:
            segmenter = _Segmenter(unit, tag, flags, offsets)
        except InvalidArgumentError as error:
            # The binding controls every other option: the tag is at fault.
            raise InvalidArgumentError(f"malformed language tag {lang!r} (not BCP 47)",
                                       error.status) from None
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[key] = segmenter
    return segmenter


def _segment(unit: int, text: Text, lang: str, keep_whitespace: bool, extra_flags: int = 0
             ) -> List[Span]:
    flags = (_native.SEGMENT_KEEP_WHITESPACE if keep_whitespace else 0) | extra_flags
    is_word = unit == _native.UNIT_WORD
    if isinstance(text, str):
        data, size = _native.utf8_view(text)    # the str's own UTF-8 where possible
        # The library returns code point indices, which are str indices.
        result = _segmenter(unit, lang, flags, _native.OFFSETS_CODEPOINTS).split(data, size, is_word)
        if result is None:
            return []
        starts, ends, kinds = result
        texts = map(text.__getitem__, map(slice, starts, ends))
    elif isinstance(text, bytes):
        result = _segmenter(unit, lang, flags, _native.OFFSETS_UTF8).split(text, len(text), is_word)
        if result is None:
            return []
        starts, ends, kinds = result
        texts = map(_decode, map(text.__getitem__, map(slice, starts, ends)))
    else:
        raise TypeError(f"text must be str or bytes, not {type(text).__name__}")
    names = map(_KIND_NAMES.__getitem__, kinds) if kinds is not None else repeat(None)
    return _spans(starts, ends, texts, names)


def sentences(text: Text, lang: str = "en", *, keep_whitespace: bool = False,
              raw: bool = False, repair: bool = True) -> List[Span]:
    """Splits `text` into sentences. `lang` is a BCP 47 tag; "" means the
    language-neutral root rules.

    Galley starts from ICU's sentence iterator (UAX #29 with the language's
    abbreviation suppressions) and applies its own rules for news text:
    abbreviation data for en, uk, ru, de, fr, es, it, pt, pl and nl ("Dr.
    Watson", "the U.S. Government", "z. B."), initials, numbers, lists,
    ellipses, e-mail addresses and URLs, hard-wrapped lines, and sentences a
    scraper glued together ("world.But"), which are split unless `repair` is
    false. `raw=True` gives ICU's sentences unchanged.

    Sentences are trimmed of surrounding whitespace and whitespace-only ones
    are dropped, unless `keep_whitespace` is true: then the spans partition
    the text exactly.

    >>> [s.text for s in galley.sentences("Mr. Smith left. He did.")]
    ['Mr. Smith left.', 'He did.']
    >>> [s.text for s in galley.sentences("It rained.But we went.")]
    ['It rained.', 'But we went.']
    """
    flags = (_native.SEGMENT_RAW if raw else 0) | (0 if repair else _native.SEGMENT_NO_REPAIR)
    return _segment(_native.UNIT_SENTENCE, text, lang, keep_whitespace, flags)


_pool = None
_pool_lock = threading.Lock()


def _executor():
    """The process's worker threads for sentences_many, created on first use
    (one per core). ctypes releases the GIL during the native call, so the
    segmentation itself runs on every core; building the Span lists holds
    the GIL."""
    global _pool
    if _pool is None:
        with _pool_lock:
            if _pool is None:
                from concurrent.futures import ThreadPoolExecutor
                _pool = ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1),
                                           thread_name_prefix="galley-sentences")
    return _pool


def sentences_many(texts: Iterable[Text], lang: str = "en", *, keep_whitespace: bool = False,
                   raw: bool = False, repair: bool = True, threads: Optional[int] = None
                   ) -> List[List[Span]]:
    """``[sentences(t, lang, ...) for t in texts]``, computed on every core.

    The documents are split into contiguous chunks handed to a pool of
    worker threads (one per core, or `threads`; 1 runs in the caller's
    thread), each with its own native segmenter. The result is in input
    order and equal to calling :func:`sentences` on each text: the same
    offsets (str indices for a ``str``, bytes for ``bytes``; both kinds may
    be mixed), the same errors (the first failing document's exception is
    raised). An empty input gives ``[]``.

    >>> [[s.text for s in doc] for doc in galley.sentences_many(["A b. C d.", "E."])]
    [['A b.', 'C d.'], ['E.']]
    """
    docs = texts if isinstance(texts, list) else list(texts)
    if isinstance(texts, (str, bytes)):
        raise TypeError("texts must be an iterable of str or bytes, not a single "
                        f"{type(texts).__name__}")
    flags = (_native.SEGMENT_RAW if raw else 0) | (0 if repair else _native.SEGMENT_NO_REPAIR)
    n = len(docs)
    workers = (os.cpu_count() or 1) if threads is None else int(threads)
    if workers <= 1 or n < 2:
        return [_segment(_native.UNIT_SENTENCE, t, lang, keep_whitespace, flags) for t in docs]
    # A bad tag fails here, once, in the caller's thread.
    _segmenter(_native.UNIT_SENTENCE, lang, flags | (_native.SEGMENT_KEEP_WHITESPACE
                                                     if keep_whitespace else 0),
               _native.OFFSETS_CODEPOINTS)
    # Several chunks per worker even out documents of different lengths.
    size = max(1, -(-n // (workers * 4)))

    def run(lo: int) -> List[List[Span]]:
        return [_segment(_native.UNIT_SENTENCE, t, lang, keep_whitespace, flags)
                for t in docs[lo:lo + size]]

    pool = _executor()
    futures = [pool.submit(run, lo) for lo in range(0, n, size)]
    out: List[List[Span]] = []
    for f in futures:
        out.extend(f.result())
    return out


def words(text: Text, lang: str = "en", *, keep_whitespace: bool = False) -> List[Span]:
    """Splits `text` into words (UAX #29, with ICU's dictionaries for
    Chinese, Japanese, Thai and similar scripts). Each span has a kind:
    "letter", "number", "kana", "ideographic" or "other" (punctuation,
    symbols, and with `keep_whitespace` the spaces, which are otherwise
    dropped).

    >>> [(w.text, w.kind) for w in galley.words("Don't stop 3.14")]
    [("Don't", 'letter'), ('stop', 'letter'), ('3.14', 'number')]
    """
    return _segment(_native.UNIT_WORD, text, lang, keep_whitespace)


def paragraphs(text: Text, *, keep_whitespace: bool = False) -> List[Span]:
    """Splits `text` into paragraphs: text between blank lines (a line of
    only whitespace counts as blank) or U+2029 PARAGRAPH SEPARATOR.

    Paragraphs are trimmed of surrounding whitespace unless `keep_whitespace`
    is true: then the spans partition the text exactly.

    >>> [p.text for p in galley.paragraphs("One.\\n\\nTwo\\nlines.\\n")]
    ['One.', 'Two\\nlines.']
    """
    return _segment(_native.UNIT_PARAGRAPH, text, "", keep_whitespace)


def graphemes(text: Text, *, keep_whitespace: bool = False) -> List[Span]:
    """Splits `text` into user-perceived characters (UAX #29 extended
    grapheme clusters). They always partition the text; `keep_whitespace` is
    accepted for symmetry with the other functions and changes nothing.

    >>> [g.text for g in galley.graphemes("e\\u0301👍🏽")]
    ['é', '👍🏽']
    """
    return _segment(_native.UNIT_GRAPHEME, text, "", keep_whitespace)


def validate_utf8(data: bytes) -> None:
    """Checks that `data` is well-formed UTF-8 (no overlong forms,
    surrogates or values above U+10FFFF); raises InvalidUTF8Error, a
    ValueError, whose ``offset`` is the byte offset of the first bad byte.

    >>> galley.validate_utf8(b"ab\\xffcd")
    Traceback (most recent call last):
    galley.InvalidUTF8Error: invalid UTF-8 at byte offset 2
    """
    if not isinstance(data, bytes):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    lib.galley_utf8_validate(data, len(data), _native.c_size_t(0))   # raises
