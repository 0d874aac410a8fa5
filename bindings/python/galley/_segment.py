"""Segmentation: the public functions and the per-thread segmenter cache."""

from __future__ import annotations

import ctypes
import gc
import threading
import weakref
from array import array
from ctypes import byref, c_size_t, string_at
from itertools import accumulate, repeat
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple, Union

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
_split_offsets = lib.galley_segmenter_split_offsets
_SIZE_T = _native.SIZE_T_CODE
# The offsets buffer each segmenter keeps between calls, in spans.
_KEPT_SPANS_MIN = 1024
_KEPT_SPANS_MAX = 1 << 16

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

    __slots__ = ("_handle", "_handle_address", "_buffer", "_view", "_address", "_capacity", "_count",
                 "_count_address", "__weakref__")

    def __init__(self, unit: int, lang: bytes, flags: int, offsets: int) -> None:
        options = _native.segment_options(unit, flags, offsets, lang)
        handle = _native.SegmenterPointer()
        lib.galley_segmenter_new(options, byref(handle))   # raises on failure
        self._handle = handle
        self._handle_address = ctypes.cast(handle, ctypes.c_void_p).value
        weakref.finalize(self, lib.galley_segmenter_free, handle)
        # galley_segmenter_split_offsets writes into this (start, end pairs)
        # and the count into _count: plain addresses, nothing made per call.
        self._count = array(_SIZE_T, [0])
        self._count_address = self._count.buffer_info()[0]
        self._use_buffer(_KEPT_SPANS_MIN)

    def _use_buffer(self, spans: int) -> None:
        self._buffer = array(_SIZE_T, [0]) * (2 * spans)
        self._view = memoryview(self._buffer)
        self._address = self._buffer.buffer_info()[0]
        self._capacity = spans

    def bounds(self, data: Union[bytes, int], size: int) -> Tuple[List[int], List[int]]:
        """The start and end offsets of the spans of `size` bytes of UTF-8
        (`data`: bytes, or the address of a buffer the caller keeps alive),
        in one native call (two when there are more spans than the buffer
        holds). Word kinds are not returned."""
        flat = self.flat(data, size)
        return flat[0::2], flat[1::2]

    def flat(self, data: Union[bytes, int], size: int) -> List[int]:
        """:meth:`bounds` as one list: start, end, start, end, ..."""
        # Sentences and paragraphs are rarely shorter than 16 bytes; a text
        # with more spans than that makes a second call with room for all.
        want = (size >> 4) + 16
        if want > self._capacity:
            self._use_buffer(want)
        status = _split_offsets(self._handle_address, data, size, self._address, self._capacity,
                                self._count_address)
        if status:
            raise _native.last_error(status)
        n = self._count[0]
        if n > self._capacity:
            self._use_buffer(n)
            status = _split_offsets(self._handle_address, data, size, self._address, n,
                                    self._count_address)
            if status:
                raise _native.last_error(status)
        result = self._view[0:2 * n].tolist()
        if self._capacity > _KEPT_SPANS_MAX:   # do not keep a huge text's buffer
            self._use_buffer(_KEPT_SPANS_MIN)
        return result

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
    if unit == _native.UNIT_SENTENCE or unit == _native.UNIT_PARAGRAPH:
        return _segment_bounds(unit, text, lang, flags)
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


def _segment_bounds(unit: int, text: Text, lang: str, flags: int) -> List[Span]:
    """Sentences or paragraphs (no kinds), through one native call."""
    if type(text) is str or isinstance(text, str):
        if len(text) <= _COPY_MAX_CHARS:
            # A copy costs less than a ctypes call to reach the str's own UTF-8.
            try:
                data = text.encode()
            except UnicodeEncodeError:
                data = _native.encode(text)   # raises InvalidUTF8Error, as utf8_view does
            size = len(data)
        else:
            data, size = _utf8_view(text)    # the str's own UTF-8 where possible
        # The library returns code point indices, which are str indices.
        flat = _segmenter(unit, lang, flags, _CODEPOINTS).flat(data, size)
        return _bound_spans(text, flat, False)
    if isinstance(text, bytes):
        flat = _segmenter(unit, lang, flags, _native.OFFSETS_UTF8).flat(text, len(text))
        return _bound_spans(text, flat, True)
    raise TypeError(f"text must be str or bytes, not {type(text).__name__}")


def _bound_spans(text: Text, flat: List[int], decode: bool, new: Any = _new_span) -> List[Span]:
    """The Spans (no kinds) of `text` from its offsets, start, end, start,
    end, ... (`decode`: `text` is bytes, each slice is decoded). A list
    comprehension slicing directly costs less than map() over slice
    objects."""
    it = iter(flat)
    paused = len(flat) >= 2 * _GC_PAUSE_MIN_SPANS and gc.isenabled()
    if paused:
        gc.disable()
    try:
        if decode:
            return [new(Span, (x, y, _decode(text[x:y]), None)) for x, y in zip(it, it)]
        return [new(Span, (x, y, text[x:y], None)) for x, y in zip(it, it)]
    finally:
        if paused:
            gc.enable()


_utf8_view = _native.utf8_view
# Up to this many characters, sentences() and paragraphs() pass a UTF-8 copy of
# a str (a memcpy for ASCII text) rather than the str's own UTF-8 through
# PyUnicode_AsUTF8AndSize, a ctypes call that costs more than copying this much.
_COPY_MAX_CHARS = 1 << 16
_CODEPOINTS = _native.OFFSETS_CODEPOINTS


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
    flags = ((_native.SEGMENT_RAW if raw else 0) | (0 if repair else _native.SEGMENT_NO_REPAIR)
             | (_native.SEGMENT_KEEP_WHITESPACE if keep_whitespace else 0))
    return _segment_bounds(_native.UNIT_SENTENCE, text, lang, flags)


def sentences_many(texts: Iterable[Text], lang: str = "en", *, keep_whitespace: bool = False,
                   raw: bool = False, repair: bool = True, threads: Optional[int] = None
                   ) -> List[List[Span]]:
    """``[sentences(t, lang, ...) for t in texts]``, computed on every core.

    One native call splits all the documents (galley_segment_many): the library
    runs `threads` threads (default: one per CPU; 1: only the calling
    thread), each with its own segmenter, taking the next document not yet
    taken. The GIL is released during that call, so other Python threads
    keep running; building the Span lists afterwards holds it.

    The result is in input order and equal to calling :func:`sentences` on
    each text: the same offsets (str indices for a ``str``, bytes for
    ``bytes``; both kinds may be mixed), and the same errors. Every
    document is split even when one fails (invalid UTF-8 in a ``bytes``, a
    lone surrogate in a ``str``, a text over ICU's 2 GiB limit); then the
    first failing document's exception, exactly as :func:`sentences` raises
    it, is raised and no result is returned. NUL characters are text; an
    empty text gives ``[]``, an empty input ``[]``. A malformed `lang` or a
    non-text item raises before anything is split.

    >>> [[s.text for s in doc] for doc in galley.sentences_many(["A b. C d.", "E."])]
    [['A b.', 'C d.'], ['E.']]
    """
    if isinstance(texts, (str, bytes)):
        raise TypeError("texts must be an iterable of str or bytes, not a single "
                        f"{type(texts).__name__}")
    docs = texts if isinstance(texts, list) else list(texts)
    flags = ((_native.SEGMENT_RAW if raw else 0) | (0 if repair else _native.SEGMENT_NO_REPAIR)
             | (_native.SEGMENT_KEEP_WHITESPACE if keep_whitespace else 0))
    workers = 0 if threads is None else int(threads)
    if workers < 0:
        raise ValueError(f"threads must be None or at least 0, not {threads}")
    # A bad tag fails here, once, as sentences() fails.
    _segmenter(_native.UNIT_SENTENCE, lang, flags, _CODEPOINTS)
    tag = lang.encode("utf-8")
    strs: List[int] = []
    raws: List[int] = []
    for i, d in enumerate(docs):
        if type(d) is str or isinstance(d, str):
            strs.append(i)
        elif isinstance(d, bytes):
            raws.append(i)
        else:
            raise TypeError(f"text {i} must be str or bytes, not {type(d).__name__}")
    out: List[List[Span]] = [None] * len(docs)  # type: ignore[list-item]  # all set below
    failed: List[int] = []
    if len(strs) == len(docs):   # the usual case: all str
        _run_many(docs, range(len(docs)), True, tag, flags, workers, out, failed)
    else:
        if strs:
            _run_many([docs[i] for i in strs], strs, True, tag, flags, workers, out, failed)
        if raws:
            _run_many([docs[i] for i in raws], raws, False, tag, flags, workers, out, failed)
    if failed:
        first = min(failed)   # raise exactly what sentences() raises for it
        sentences(docs[first], lang, keep_whitespace=keep_whitespace, raw=raw, repair=repair)
        raise AssertionError(f"document {first} failed in the batch but not alone")  # pragma: no cover
    return out


def _run_many(docs: List[Any], where: Sequence[int], is_str: bool, tag: bytes, flags: int,
              threads: int, out: List[List[Span]], failed: List[int]) -> None:
    """Splits `docs` (all str or all bytes) in one galley_segment_many call;
    document k's spans go to out[where[k]], its index to `failed` if it fails.

    (Splitting in chunks on a helper thread, so that the Spans of one chunk
    are made while the library splits the next, was measured and dropped:
    on the loaded 2-core machine it cost 15-40% more CPU and wall time than
    one call, see Benchmarks/README.md.)"""
    flat, firsts, bad = _split_chunk(docs, is_str, tag, flags, threads)
    failed.extend(where[k] for k in bad)
    _build_chunk(docs, where, is_str, flat, firsts, out)


def _split_chunk(docs: List[Any], is_str: bool, tag: bytes, flags: int, threads: int
                 ) -> Tuple[Optional[List[int]], List[int], List[int]]:
    """One galley_segment_many call over `docs` (all str or all bytes): the
    offsets of all spans (start, end, ...; None when there are none), the
    index of each document's first span (len(docs) + 1 entries), and the
    indices of the documents that failed."""
    if is_str:
        # A lone surrogate is encoded as is, so that its document fails alone.
        data, offsets = _native.flat_utf8(docs, "text", lone_surrogates="pass")
        unit = _CODEPOINTS
    else:
        data = b"".join(docs)
        offsets = array(_SIZE_T, accumulate(map(len, docs), initial=0))
        unit = _native.OFFSETS_UTF8
    options = _native.segment_options(_native.UNIT_SENTENCE, flags, unit, tag)
    handle = _native.SegmentBatchPointer()
    status = lib.galley_segment_many(byref(options), data, offsets.buffer_info()[0], len(docs),
                                     threads, byref(handle))
    if status:
        raise _native.last_error(status)
    try:
        n = len(docs)
        spans = c_size_t()
        address = lib.galley_segment_batch_offsets(handle, byref(spans))
        w = _native.SIZE_T_BYTES
        flat = (memoryview(string_at(address, 2 * spans.value * w)).cast(_SIZE_T).tolist()
                if spans.value else None)
        firsts = memoryview(string_at(lib.galley_segment_batch_span_starts(handle), (n + 1) * w)
                            ).cast(_SIZE_T).tolist()
        bad: List[int] = []
        if lib.galley_segment_batch_failures(handle):
            bad = [k for k in range(n) if lib.galley_segment_batch_error(handle, k)]
    finally:
        lib.galley_segment_batch_free(handle)
    return flat, firsts, bad


def _build_chunk(docs: List[Any], where: Sequence[int], is_str: bool, flat: Optional[List[int]],
                 firsts: List[int], out: List[List[Span]]) -> None:
    """The Spans of each document of a chunk from _split_chunk's offsets."""
    if flat is None:
        for i in where:
            out[i] = []
        return
    paused = len(flat) >= 2 * _GC_PAUSE_MIN_SPANS and gc.isenabled()
    if paused:
        gc.disable()
    new = _new_span
    try:
        for k, i in enumerate(where):
            lo, hi = firsts[k], firsts[k + 1]
            if lo == hi:
                out[i] = []
                continue
            text = docs[k]
            it = iter(flat[2 * lo:2 * hi])
            if is_str:
                out[i] = [new(Span, (x, y, text[x:y], None)) for x, y in zip(it, it)]
            else:
                out[i] = [new(Span, (x, y, _decode(text[x:y]), None)) for x, y in zip(it, it)]
    finally:
        if paused:
            gc.enable()


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
