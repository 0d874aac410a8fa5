"""Normalization: galley.normalize() and its result, Normalized."""

from __future__ import annotations

import ctypes
import gc
import weakref
from array import array
from ctypes import byref, c_void_p, sizeof, string_at
from operator import itemgetter
from typing import Any, Iterable, List, Sequence, Tuple

from . import _native
from ._native import InvalidArgumentError, lib

_FORMS = {"NFC": _native.NORMALIZE_NFC, "NFKC": _native.NORMALIZE_NFKC}
_GC_PAUSE_MIN_SPANS = 10_000
_SIZE_MAX = (1 << (8 * _native.SIZE_T_BYTES)) - 1


def _decode_function() -> Any:
    """CPython's PyUnicode_DecodeUTF8, which makes a str straight from the
    library's buffer (one copy instead of string_at's bytes and then a str),
    or None elsewhere (PyPy)."""
    try:
        function = ctypes.pythonapi.PyUnicode_DecodeUTF8
    except (AttributeError, ValueError):
        return None
    function.argtypes = [c_void_p, ctypes.c_ssize_t, ctypes.c_char_p]
    function.restype = ctypes.py_object
    return function


_decode_utf8 = _decode_function()


def _memcmp_function() -> Any:
    """The C library's memcmp, or None where ctypes cannot find it."""
    try:
        function = ctypes.CDLL(None).memcmp
    except (AttributeError, OSError, TypeError):
        return None
    function.argtypes = [c_void_p, c_void_p, ctypes.c_size_t]
    function.restype = ctypes.c_int
    return function


_memcmp = _memcmp_function()


class Normalized:
    """Normalized text and the map from its indices back to the original's.

    ``text`` is the normalized ``str``. :meth:`original_offset` and
    :meth:`original_span` take indices into ``text`` and return indices into
    the ``str`` that was normalized. The library keeps its map in code
    points, which are ``str`` indices, so no offset is ever converted in
    Python.

    The map is exact wherever text was kept or a whole character replaced or
    removed. Where normalization rewrote a stretch as a whole (NFKC "ﬁ" to
    "fi", a combining sequence composed or reordered), an index inside the
    stretch maps to the start of its original, and the stretch's end to the
    original's end.

    Immutable; share it freely between threads.

    >>> n = galley.normalize("Tea\\u00a0\\u00a0time.\\u200b Done.")
    >>> n.text
    'Tea time. Done.'
    >>> [n.original_span(s.start, s.end) for s in galley.sentences(n.text)]
    [(0, 10), (12, 17)]
    """

    __slots__ = ("text", "_handle", "__weakref__")

    text: str

    def __init__(self, text: str, handle: Any) -> None:
        self.text = text
        self._handle = handle
        weakref.finalize(self, lib.galley_normalized_free, handle)

    def __repr__(self) -> str:
        return f"Normalized(text={self.text!r})"

    def __len__(self) -> int:
        return len(self.text)

    def _check(self, index: int, what: str = "index") -> None:
        if not isinstance(index, int):
            raise TypeError(f"{what} must be an int, not {type(index).__name__}")
        if index < 0 or index > len(self.text):
            raise IndexError(f"{what} {index} is outside 0..{len(self.text)} of the normalized text")

    def original_offset(self, index: int) -> int:
        """The index in the original of the character at ``text[index]``
        (``index`` from 0 to ``len(text)``, which maps to the original's
        length). Removed text just before ``index`` is skipped; an index
        inside a rewritten stretch maps to the stretch's original start.
        Non-decreasing in ``index``."""
        self._check(index)
        return lib.galley_normalized_original_offset(self._handle, index)

    def original_span(self, start: int, end: int) -> Tuple[int, int]:
        """The original ``(start, end)`` of ``text[start:end]``: the start as
        :meth:`original_offset` maps it, the end just past the original of
        ``text[end - 1]``, so removed text around the span is left out. An
        empty span maps to an empty span.

        >>> n = galley.normalize("\\ufeff“ﬁne”  day", form="NFKC", fold_quotes=True)
        >>> n.text, n.original_span(0, 6)
        ('"fine" day', (1, 6))
        """
        self._check(start, "start")
        self._check(end, "end")
        if start > end:
            raise IndexError(f"start {start} is after end {end}")
        mapped = lib.galley_normalized_original_offset(self._handle, start)
        if start == end:
            return mapped, mapped
        return mapped, lib.galley_normalized_original_end(self._handle, end)

    def original_spans(self, spans: Iterable[Sequence[int]]) -> List[Tuple[int, int]]:
        """:meth:`original_span` for many spans in one call: ``spans`` holds
        ``(start, end)`` pairs or :class:`Span` objects (from
        ``galley.sentences(n.text)``, say).

        >>> n = galley.normalize("One.\\u00a0\\u00a0Two.")
        >>> n.original_spans(galley.sentences(n.text))
        [(0, 4), (6, 10)]
        """
        items = spans if isinstance(spans, (list, tuple)) else list(spans)
        count = len(items)
        if count == 0:
            return []
        starts = array(_native.SIZE_T_FORMAT)
        ends = array(_native.SIZE_T_FORMAT)
        try:
            starts.fromlist(list(map(itemgetter(0), items)))
            ends.fromlist(list(map(itemgetter(1), items)))
        except OverflowError:
            raise IndexError("a span index is negative or too large") from None
        # galley_span: start, end, then kind and reserved (left alone).
        stride = _native.SPAN_WORDS
        words = array(_native.SIZE_T_FORMAT, bytes(count * _native.SPAN_BYTES))
        words[0::stride] = starts
        words[1::stride] = ends
        try:
            lib.galley_normalized_map_spans(self._handle, words.buffer_info()[0], count)
        except InvalidArgumentError:
            bad = next(i for i, (s, e) in enumerate(zip(starts, ends))
                       if s > e or e > len(self.text))
            raise IndexError(f"span {bad} ({starts[bad]}, {ends[bad]}) is not within 0..{len(self.text)} "
                             "of the normalized text, start <= end") from None
        pairs = zip(words[0::stride].tolist(), words[1::stride].tolist())
        # As in _segment: many new tuples start collections that free nothing.
        if count < _GC_PAUSE_MIN_SPANS or not gc.isenabled():
            return list(pairs)
        gc.disable()
        try:
            return list(pairs)
        finally:
            gc.enable()


def normalize(text: str, form: str = "NFC", *, fold_quotes: bool = False,
              fold_dashes: bool = False, collapse_spaces: bool = True) -> Normalized:
    """Cleans scraped text for segmentation and matching, keeping a map back
    to the original (see :class:`Normalized`):

    1. removes zero-width characters (U+200B, U+2060; not the joiners
       U+200C/U+200D, which carry meaning), the byte order mark, soft hyphens, U+180E, DEL and control characters other
       than tab, LF, VT, FF, CR and NEL;
    2. applies ``form``, "NFC" (the default) or "NFKC" (which also turns
       "ﬁ" into "fi", full-width "Ａ" into "A", "①" into "1");
    3. turns every Unicode space (NBSP, thin, figure, ideographic, …) into
       a space; with ``collapse_spaces`` (the default) each run of spaces
       and tabs becomes one space (a lone tab stays), and runs that end a
       line or the text are dropped;
    4. with ``fold_quotes``, turns “ ” „ ‟ « » ‹ › into ``"`` and ‘ ’ ‚ ‛
       into ``'``; with ``fold_dashes``, ‐ ‑ ‒ – — ― − into ``-``.

    >>> galley.normalize("Cafe\\u0301\\u00a0 au\\u00adlait \\n").text
    'Café aulait\\n'

    Raises InvalidUTF8Error (a ValueError) for a str holding a lone
    surrogate, InvalidArgumentError (a ValueError) for an unknown form.
    May be called from any number of threads at once.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if not isinstance(form, str) or form.upper() not in _FORMS:
        raise InvalidArgumentError(f"unknown normalization form {form!r}; expected 'NFC' or 'NFKC'")
    flags = ((_native.NORMALIZE_FOLD_QUOTES if fold_quotes else 0)
             | (_native.NORMALIZE_FOLD_DASHES if fold_dashes else 0)
             | (0 if collapse_spaces else _native.NORMALIZE_KEEP_SPACE_RUNS))
    options = _native.NormalizeOptions(sizeof(_native.NormalizeOptions),
                                       _FORMS[form.upper()], flags, _native.OFFSETS_CODEPOINTS, 0)
    data, size = _native.utf8_view(text)   # the str's own UTF-8 where possible
    handle = _native.NormalizedPointer()
    lib.galley_normalize(options, data, size, byref(handle), _native.c_size_t(0))   # raises
    try:
        length = _native.c_size_t(0)
        address = lib.galley_normalized_text(handle, byref(length))
        if not length.value:
            normalized = ""
        elif (length.value == size and _memcmp is not None and isinstance(data, int)
              and _memcmp(address, data, size) == 0):
            # Nothing changed (clean text is common): the str is its own
            # normalization, and making another would cost more than the
            # normalization did (CPython decodes non-ASCII UTF-8 at a few
            # hundred MB/s).
            normalized = text
        elif _decode_utf8 is not None:
            normalized = _decode_utf8(address, length.value, None)
        else:
            normalized = string_at(address, length.value).decode("utf-8")
    except BaseException:
        lib.galley_normalized_free(handle)
        raise
    return Normalized(normalized, handle)
