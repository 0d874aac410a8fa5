"""libgalley through ctypes: finding and loading the library, declaring its
functions, checking its version, and turning status codes into exceptions.

Private: nothing here is public API, and no ctypes type leaves the package.
Every C function the binding calls is declared once, in ``_FUNCTIONS``, and
registered on the loaded library at import (the layout of libclang's
``cindex.py``), so a library that lacks one fails at import with a message
naming the version mismatch instead of failing later at first use.
"""

from __future__ import annotations

import ctypes
import errno as _errno
import ctypes.util
import os
from array import array
from itertools import accumulate
import sys
from ctypes import (
    POINTER,
    Structure,
    c_char_p,
    c_int32,
    c_size_t,
    c_uint32,
    c_void_p,
)
from typing import Any, Callable, List, Optional, Sequence, Tuple

# The version of galley.h this binding was written against. The loaded
# library must have the same major and minor version (SQLite's rule: the
# patch level never changes the ABI).
VERSION_MAJOR = 0
VERSION_MINOR = 3
VERSION_PATCH = 0
VERSION_NUMBER = VERSION_MAJOR * 10000 + VERSION_MINOR * 100 + VERSION_PATCH

# galley_status (values are stable and never renumbered).
STATUS_OK = 0
STATUS_INVALID_ARGUMENT = 1
STATUS_INVALID_UTF8 = 2
STATUS_OUT_OF_MEMORY = 3
STATUS_ICU_ERROR = 4
STATUS_TOO_LARGE = 5
STATUS_STORAGE = 6
STATUS_CORRUPT = 7
STATUS_NOT_AN_INDEX = 8
STATUS_BUSY = 9
STATUS_READONLY = 10
STATUS_FULL = 11

# galley_unit
UNIT_GRAPHEME = 1
UNIT_WORD = 2
UNIT_SENTENCE = 3
UNIT_PARAGRAPH = 4

# galley_word_kind, by value, as the names the Python API uses.
WORD_KIND_NAMES = ("other", "number", "letter", "kana", "ideographic")

# Flags and offset units.
SEGMENT_KEEP_WHITESPACE = 1
SEGMENT_RAW = 2
SEGMENT_NO_REPAIR = 4
OFFSETS_UTF8 = 0
OFFSETS_CODEPOINTS = 1

# galley_normalization_form and the normalization flags.
NORMALIZE_NFC = 0
NORMALIZE_NFKC = 1
NORMALIZE_FOLD_QUOTES = 1
NORMALIZE_FOLD_DASHES = 2
NORMALIZE_KEEP_SPACE_RUNS = 4


# --- Exceptions --------------------------------------------------------------


class GalleyError(Exception):
    """An error reported by libgalley.

    ``status`` is the name of the C status code
    (``"GALLEY_STATUS_ICU_ERROR"``), or None for errors the binding finds
    before calling the library.
    """

    def __init__(self, message: str, status: Optional[str] = None) -> None:
        super().__init__(message)
        self.status = status


class InvalidArgumentError(GalleyError, ValueError):
    """An argument the library rejects, such as a malformed language tag."""


class InvalidUTF8Error(GalleyError, ValueError):
    """Text that is not valid Unicode.

    For ``bytes`` input, ``offset`` is the byte offset of the first byte of
    the first ill-formed UTF-8 sequence. For ``str`` input (a lone surrogate,
    which UTF-8 cannot encode), it is the index of that character.
    """

    def __init__(self, message: str, offset: int, status: Optional[str] = None) -> None:
        super().__init__(message, status)
        self.offset = offset


class TooLargeError(GalleyError, ValueError):
    """Input larger than one call can take (2**31 - 1 UTF-8 bytes for
    graphemes, words and sentences): split it, e.g. into paragraphs, first."""


class IndexFileError(GalleyError, OSError):
    """An index file that cannot be used (GALLEY_STATUS_STORAGE and the
    statuses below): an OSError, with ``errno`` where one fits and
    ``filename`` the index's path. The message names the file. Nothing
    committed is lost: a failed batch is rolled back."""

    errno_value: Optional[int] = None

    def __init__(self, message: str, status: Optional[str] = None, filename: Optional[str] = None) -> None:
        GalleyError.__init__(self, message, status)
        self.errno = self.errno_value
        self.strerror = message
        self.filename = filename

    def __str__(self) -> str:
        return self.strerror or ""


class IndexCorruptError(IndexFileError):
    """The index file is damaged or cut short (GALLEY_STATUS_CORRUPT)."""


class NotAnIndexError(IndexFileError):
    """The file is not a Galley index: not SQLite, another application's
    database, or written by a newer Galley (GALLEY_STATUS_NOT_AN_INDEX)."""


class IndexBusyError(IndexFileError):
    """Another index holds the file open (GALLEY_STATUS_BUSY)."""

    errno_value = _errno.EBUSY


class IndexReadOnlyError(IndexFileError, PermissionError):
    """The file or its folder cannot be written (GALLEY_STATUS_READONLY)."""

    errno_value = _errno.EACCES


class IndexFullError(IndexFileError):
    """The disk or the file size limit is full (GALLEY_STATUS_FULL); the
    batch was rolled back."""

    errno_value = _errno.ENOSPC


_STORAGE_ERRORS = {
    STATUS_STORAGE: IndexFileError,
    STATUS_CORRUPT: IndexCorruptError,
    STATUS_NOT_AN_INDEX: NotAnIndexError,
    STATUS_BUSY: IndexBusyError,
    STATUS_READONLY: IndexReadOnlyError,
    STATUS_FULL: IndexFullError,
}


# --- C types -------------------------------------------------------------------


class SegmentOptions(Structure):
    """galley_segment_options."""

    _fields_ = [
        ("size", c_size_t),
        ("unit", c_int32),
        ("flags", c_int32),
        ("offsets", c_int32),
        ("lang", c_char_p),
    ]


class SpanStruct(Structure):
    """galley_span: only its size and layout are used (see SPAN_WORDS)."""

    _fields_ = [
        ("start", c_size_t),
        ("end", c_size_t),
        ("kind", c_int32),
        ("reserved", c_int32),
    ]


# Spans are read as one block of size_t words, SPAN_WORDS per span: start,
# end, then kind and reserved (always 0) sharing the remaining word(s).
SIZE_T_BYTES = ctypes.sizeof(c_size_t)
SIZE_T_FORMAT = {8: "Q", 4: "I"}[SIZE_T_BYTES]
SPAN_BYTES = ctypes.sizeof(SpanStruct)
SPAN_WORDS = SPAN_BYTES // SIZE_T_BYTES
assert SPAN_WORDS * SIZE_T_BYTES == SPAN_BYTES
assert SpanStruct.kind.offset == 2 * SIZE_T_BYTES
# The value of the word holding kind, for each kind: with a 64-bit size_t,
# kind and reserved (0) form one word, so a big-endian machine sees kind << 32.
KIND_WORD_SHIFT = 32 if SIZE_T_BYTES == 8 and sys.byteorder == "big" else 0


class _SegmenterHandle(Structure):
    """galley_segmenter (opaque)."""


class _SpansHandle(Structure):
    """galley_spans (opaque)."""


SegmenterPointer = POINTER(_SegmenterHandle)
SpansPointer = POINTER(_SpansHandle)


class _SegmentBatchHandle(Structure):
    """galley_segment_batch (opaque)."""


SegmentBatchPointer = POINTER(_SegmentBatchHandle)


class NormalizeOptions(Structure):
    """galley_normalize_options."""

    _fields_ = [
        ("size", c_size_t),
        ("form", c_int32),
        ("flags", c_int32),
        ("offsets", c_int32),
        ("reserved", c_int32),
    ]


class _NormalizedHandle(Structure):
    """galley_normalized (opaque)."""


NormalizedPointer = POINTER(_NormalizedHandle)


class DedupOptions(Structure):
    """galley_dedup_options."""

    _fields_ = [
        ("size", c_size_t),
        ("shingle", c_int32),
        ("shingle_size", c_int32),
        ("threshold", ctypes.c_double),
        ("containment", ctypes.c_double),
        ("permutations", c_int32),
        ("reserved", c_int32),
        ("candidates_per_bucket", c_int32),
        ("reserved2", c_int32),
    ]


class DedupMatchStruct(Structure):
    """galley_dedup_match."""

    _fields_ = [
        ("kind", c_int32),
        ("paragraph", c_int32),
        ("sequence", ctypes.c_int64),
        ("similarity", ctypes.c_double),
    ]


class _DedupIndexHandle(Structure):
    """galley_dedup_index (opaque)."""


class _DedupResultsHandle(Structure):
    """galley_dedup_results (opaque)."""


DedupIndexPointer = POINTER(_DedupIndexHandle)


class CanonicalOptions(Structure):
    """galley_canonical_options."""

    _fields_ = [
        ("size", c_size_t),
        ("flags", c_int32),
        ("reserved", c_int32),
        ("tracking", POINTER(c_char_p)),
        ("tracking_count", c_size_t),
    ]


class ProcessOptions(Structure):
    """galley_process_options."""

    _fields_ = [
        ("size", c_size_t),
        ("flags", c_int32),
        ("reserved", c_int32),
        ("id", c_char_p),
        ("url", c_char_p),
        ("lang", c_char_p),
    ]


class _URLHandle(Structure):
    """galley_url (opaque)."""


URLPointer = POINTER(_URLHandle)


class _FingerprintsHandle(Structure):
    """galley_fingerprints (opaque)."""


FingerprintsPointer = POINTER(_FingerprintsHandle)


class _URLListHandle(Structure):
    """galley_url_list (opaque)."""


URLListPointer = POINTER(_URLListHandle)


class _RelatedHandle(Structure):
    """galley_related (opaque)."""


RelatedPointer = POINTER(_RelatedHandle)
DedupResultsPointer = POINTER(_DedupResultsHandle)

SHINGLE_WORDS = 0
SHINGLE_CHARACTERS = 1
DUPLICATE_KIND_NAMES = (None, "exact", "near", "contained")


# --- Error checks (errcheck) ---------------------------------------------------


def _status_name(status: int) -> str:
    return lib.galley_status_name(status).decode("ascii", "replace")


def make_error(status: int, message: str, offset: Optional[int] = None,
               filename: Optional[str] = None) -> BaseException:
    """The Python exception for a non-OK galley_status."""
    name = _status_name(status)
    if status == STATUS_INVALID_UTF8:
        return InvalidUTF8Error(message, -1 if offset is None else offset, name)
    if status == STATUS_INVALID_ARGUMENT:
        return InvalidArgumentError(message, name)
    if status == STATUS_TOO_LARGE:
        return TooLargeError(message, name)
    if status == STATUS_OUT_OF_MEMORY:
        return MemoryError(message)
    if status in _STORAGE_ERRORS:
        return _STORAGE_ERRORS[status](message, name, filename)
    return GalleyError(message, name)


SIZE_MAX = (1 << (8 * ctypes.sizeof(c_size_t))) - 1


def last_error(status: int, filename: Optional[str] = None, default: str = "") -> BaseException:
    """The exception for a failed call, from the calling thread's last error
    (galley.h, "Errors"): its message, and for invalid UTF-8 the byte offset.
    Call it right after the failed call, on the same thread (ctypes runs
    both on the calling thread, with or without the GIL)."""
    message = lib.galley_errmsg().decode("utf-8", "replace") or default or _status_name(status)
    offset = lib.galley_error_offset()
    return make_error(status, message, None if offset == SIZE_MAX else offset, filename)


def _check(status: int, func: Any, args: Tuple[Any, ...]) -> int:
    """The errcheck of every fallible call: raise the thread's last error."""
    if status != STATUS_OK:
        raise last_error(status)
    return status


# --- The function table ----------------------------------------------------------

# (name, argtypes, restype, errcheck). c_char_p results here are static or
# borrowed text owned by the library, never memory the caller must free.
_FUNCTIONS: Sequence[Tuple[str, List[Any], Any, Optional[Callable[..., Any]]]] = (
    ("galley_version_number", [], c_uint32, None),
    ("galley_version_string", [], c_char_p, None),
    ("galley_status_name", [c_int32], c_char_p, None),
    # The calling thread's last error (galley.h, "Errors").
    ("galley_errcode", [], c_int32, None),
    ("galley_errmsg", [], c_char_p, None),
    ("galley_error_offset", [], c_size_t, None),
    ("galley_error_item", [], c_size_t, None),
    ("galley_segment_options_init", [POINTER(SegmentOptions), c_size_t], None, None),
    ("galley_segmenter_new", [POINTER(SegmentOptions), POINTER(SegmenterPointer)], c_int32,
     _check),
    ("galley_segmenter_free", [SegmenterPointer], None, None),
    # The text is bytes, or the address of a str's own UTF-8 (see _segment).
    ("galley_segmenter_split", [SegmenterPointer, c_void_p, c_size_t, POINTER(SpansPointer)],
     c_int32, _check),
    ("galley_spans_count", [SpansPointer], c_size_t, None),
    ("galley_spans_data", [SpansPointer], c_void_p, None),
    ("galley_spans_free", [SpansPointer], None, None),
    # Addresses (ints) for the segmenter, the offsets array and the count: only
    # simple types, which ctypes converts fastest (this is the per-sentence-call path).
    ("galley_segmenter_split_offsets", [c_void_p, c_void_p, c_size_t, c_void_p, c_size_t, c_void_p],
     c_int32, None),
    ("galley_segment_many", [POINTER(SegmentOptions), c_void_p, c_void_p, c_size_t, c_size_t,
                             POINTER(SegmentBatchPointer)], c_int32, None),
    ("galley_segment_batch_count", [SegmentBatchPointer], c_size_t, None),
    ("galley_segment_batch_span_starts", [SegmentBatchPointer], c_void_p, None),
    ("galley_segment_batch_offsets", [SegmentBatchPointer, POINTER(c_size_t)], c_void_p, None),
    ("galley_segment_batch_failures", [SegmentBatchPointer], c_size_t, None),
    ("galley_segment_batch_error", [SegmentBatchPointer, c_size_t], c_char_p, None),
    ("galley_segment_batch_free", [SegmentBatchPointer], None, None),
    ("galley_utf8_validate", [c_char_p, c_size_t, POINTER(c_size_t)], c_int32,
     _check),
    ("galley_url_parse", [c_void_p, c_size_t, c_void_p, c_size_t, POINTER(URLPointer)], c_int32, None),
    ("galley_url_component", [URLPointer, c_int32, POINTER(c_size_t)], c_void_p, None),
    ("galley_canonical_options_init", [POINTER(CanonicalOptions), c_size_t], None, None),
    ("galley_url_canonicalize", [POINTER(CanonicalOptions), c_void_p, c_size_t, c_void_p, c_size_t,
                                 POINTER(URLPointer)], c_int32, None),
    # Flat buffers: bytes or the address of an array of size_t / int32_t.
    ("galley_url_canonicalize_many", [POINTER(CanonicalOptions), c_void_p, c_void_p, c_size_t, c_void_p,
                                      c_void_p, c_size_t, c_void_p, POINTER(URLListPointer)], c_int32, None),
    # Lengths (in code points) instead of offsets: the layout Python builds fastest.
    ("galley_url_canonicalize_lengths", [POINTER(CanonicalOptions), c_int32, c_void_p, c_size_t, c_void_p,
                                         c_size_t, c_void_p, c_size_t, c_void_p, c_size_t, c_void_p,
                                         POINTER(URLListPointer)], c_int32, None),
    ("galley_url_list_count", [URLListPointer], c_size_t, None),
    ("galley_url_list_failures", [URLListPointer], c_size_t, None),
    ("galley_url_list_get", [URLListPointer, c_size_t, POINTER(c_size_t)], c_void_p, None),
    ("galley_url_list_error", [URLListPointer, c_size_t], c_char_p, None),
    ("galley_url_list_text", [URLListPointer, POINTER(c_size_t)], c_void_p, None),
    ("galley_url_list_free", [URLListPointer], None, None),
    ("galley_url_free", [URLPointer], None, None),
    # Pointers as addresses (ints): the per-call path converts nothing.
    ("galley_url_write", [c_int32, c_void_p, c_char_p, c_size_t, c_char_p, c_size_t, c_void_p, c_size_t,
                          c_void_p, c_void_p], c_int32, None),
    ("galley_related_links", [c_void_p, c_size_t, c_void_p, c_size_t, POINTER(RelatedPointer),
                              POINTER(c_size_t)], c_int32, None),
    ("galley_related_body", [RelatedPointer, POINTER(c_size_t)], c_void_p, None),
    ("galley_related_count", [RelatedPointer], c_size_t, None),
    ("galley_related_field", [RelatedPointer, c_size_t, c_int32, POINTER(c_size_t)], c_void_p, None),
    ("galley_related_free", [RelatedPointer], None, None),
    ("galley_dedup_fingerprints", [POINTER(DedupOptions), c_void_p, c_void_p, c_size_t,
                                   POINTER(FingerprintsPointer), POINTER(c_size_t)], c_int32, None),
    ("galley_fingerprints_count", [FingerprintsPointer], c_size_t, None),
    ("galley_fingerprints_exact", [FingerprintsPointer], c_void_p, None),
    ("galley_fingerprints_tokens", [FingerprintsPointer], c_void_p, None),
    ("galley_fingerprints_band_offsets", [FingerprintsPointer], c_void_p, None),
    ("galley_fingerprints_band_keys", [FingerprintsPointer], c_void_p, None),
    ("galley_fingerprints_shingle_offsets", [FingerprintsPointer], c_void_p, None),
    ("galley_fingerprints_shingles", [FingerprintsPointer], c_void_p, None),
    ("galley_fingerprints_free", [FingerprintsPointer], None, None),
    ("galley_dedup_overlaps", [c_void_p, c_void_p, c_void_p, c_void_p, c_size_t, c_void_p], c_int32, None),
    ("galley_process_options_init", [POINTER(ProcessOptions), c_size_t], None, None),
    # Deprecated (it writes an error record on failure); galley.dask still uses it.
    ("galley_process", [POINTER(ProcessOptions), c_void_p, c_size_t, DedupIndexPointer, POINTER(c_void_p),
                        POINTER(c_size_t)], c_int32, None),
    ("galley_process_article", [POINTER(ProcessOptions), c_void_p, c_size_t, DedupIndexPointer,
                                POINTER(c_void_p), POINTER(c_size_t)], c_int32, None),
    ("galley_string_free", [c_void_p], None, None),
    ("galley_dedup_options_init", [POINTER(DedupOptions), c_size_t], None, None),
    ("galley_dedup_index_new", [POINTER(DedupOptions), POINTER(DedupIndexPointer)], c_int32,
     _check),
    ("galley_dedup_index_open", [c_char_p, POINTER(DedupOptions), POINTER(DedupIndexPointer)], c_int32, None),
    ("galley_dedup_index_has", [DedupIndexPointer, c_void_p, c_size_t, POINTER(c_int32)], c_int32, None),
    ("galley_dedup_index_free", [DedupIndexPointer], None, None),
    ("galley_dedup_index_add", [DedupIndexPointer, c_size_t, c_void_p, c_void_p, c_void_p, c_void_p,
                                c_void_p, POINTER(DedupResultsPointer)], c_int32, _check),
    ("galley_dedup_index_count", [DedupIndexPointer], c_size_t, None),
    ("galley_dedup_index_paragraph", [DedupIndexPointer, ctypes.c_int64, POINTER(c_void_p), POINTER(c_size_t),
                                      POINTER(c_int32), POINTER(DedupMatchStruct)], c_int32, None),
    ("galley_dedup_paragraphs", [POINTER(DedupOptions), c_void_p, c_size_t,
                                 POINTER(DedupResultsPointer), POINTER(c_size_t)], c_int32,
     _check),
    ("galley_dedup_results_count", [DedupResultsPointer], c_size_t, None),
    ("galley_dedup_results_data", [DedupResultsPointer], c_void_p, None),
    ("galley_dedup_results_document", [DedupResultsPointer, c_size_t, POINTER(c_size_t)], c_void_p, None),
    ("galley_dedup_results_free", [DedupResultsPointer], None, None),
    ("galley_normalize_options_init", [POINTER(NormalizeOptions), c_size_t], None, None),
    # The text is bytes, or the address of a str's own UTF-8 (see _normalize).
    ("galley_normalize", [POINTER(NormalizeOptions), c_void_p, c_size_t,
                          POINTER(NormalizedPointer), POINTER(c_size_t)], c_int32, _check),
    # Borrowed text owned by the result: read with string_at, never freed here.
    ("galley_normalized_text", [NormalizedPointer, POINTER(c_size_t)], c_void_p, None),
    ("galley_normalized_original_offset", [NormalizedPointer, c_size_t], c_size_t, None),
    ("galley_normalized_original_end", [NormalizedPointer, c_size_t], c_size_t, None),
    # Arrays are passed by address (array.array buffers).
    ("galley_normalized_map_offsets", [NormalizedPointer, c_void_p, c_size_t], c_int32, _check),
    ("galley_normalized_map_spans", [NormalizedPointer, c_void_p, c_size_t], c_int32, _check),
    ("galley_normalized_free", [NormalizedPointer], None, None),
)


# --- Loading ---------------------------------------------------------------------

# File names tried next to this module, in order.
if sys.platform == "darwin":
    _LOCAL_NAMES: Tuple[str, ...] = ("libgalley.dylib", "libgalley.0.dylib")
elif sys.platform == "win32":
    _LOCAL_NAMES = ("galley.dll",)
else:
    _LOCAL_NAMES = ("libgalley.so", "libgalley.so.0")


def _format_version(number: int) -> str:
    return f"{number // 10000}.{number // 100 % 100}.{number % 100}"


def _load() -> Tuple[ctypes.CDLL, str]:
    """Opens libgalley: $GALLEY_LIBRARY if set, else the copy next to this
    module (the wheel's, whose RUNPATH finds the ICU and SQLite bundled in
    galley_text.libs), else the system's (ctypes.util.find_library)."""
    override = os.environ.get("GALLEY_LIBRARY")
    if override:
        try:
            return ctypes.CDLL(override), override
        except OSError as error:
            raise ImportError(
                f"cannot load libgalley from GALLEY_LIBRARY={override!r}: {error}") from None

    tried = []
    here = os.path.dirname(os.path.abspath(__file__))
    for name in _LOCAL_NAMES:
        path = os.path.join(here, name)
        if not os.path.exists(path):
            tried.append(f"{path} (not found)")
            continue
        try:
            return ctypes.CDLL(path), path
        except OSError as error:
            tried.append(f"{path} ({error})")

    found = ctypes.util.find_library("galley")
    if found:
        try:
            return ctypes.CDLL(found), found
        except OSError as error:
            tried.append(f"{found} from ctypes.util.find_library('galley') ({error})")
    else:
        tried.append("ctypes.util.find_library('galley') (found nothing)")

    raise ImportError(
        "cannot find libgalley. GALLEY_LIBRARY is not set; tried " + "; ".join(tried)
        + ". Install the wheel, which carries the library (scripts/wheel.sh, then "
        "pip install dist/galley_text-*.whl), or build it (cmake --build build) and set "
        "GALLEY_LIBRARY to the path of libgalley.so.")


def _register(library: ctypes.CDLL, path: str) -> None:
    """Declares every function of _FUNCTIONS on `library`, after checking
    that it is a version this binding can use."""
    missing = [name for name, *_ in _FUNCTIONS if not hasattr(library, name)]
    expected = f"{VERSION_MAJOR}.{VERSION_MINOR}.x (GALLEY_VERSION_NUMBER {VERSION_NUMBER})"

    loaded: Optional[int] = None
    if "galley_version_number" not in missing:
        version_number = library.galley_version_number
        version_number.argtypes = []
        version_number.restype = c_uint32
        loaded = version_number()
        if loaded // 100 != VERSION_NUMBER // 100:
            raise ImportError(
                f"version mismatch: {path} is libgalley {_format_version(loaded)} "
                f"(GALLEY_VERSION_NUMBER {loaded}) but this binding needs {expected}")
    if missing:
        have = f"libgalley {_format_version(loaded)}" if loaded is not None else "not libgalley"
        raise ImportError(
            f"version mismatch: {path} ({have}) lacks {', '.join(missing)}; "
            f"this binding needs libgalley {expected}")

    for name, argtypes, restype, errcheck in _FUNCTIONS:
        function = getattr(library, name)
        function.argtypes = argtypes
        function.restype = restype
        if errcheck is not None:
            function.errcheck = errcheck


lib, library_path = _load()
_register(lib, library_path)

version_number: int = lib.galley_version_number()
version_string: str = lib.galley_version_string().decode("ascii")


def segment_options(unit: int, flags: int, offsets: int, lang: bytes) -> SegmentOptions:
    """Options filled field by field, with `size` naming the fields this
    binding knows (galley_segment_options_init() would do the same in C)."""
    return SegmentOptions(ctypes.sizeof(SegmentOptions), unit, flags, offsets, lang)



def _str_utf8_function() -> Optional[Callable[..., Any]]:
    """CPython's PyUnicode_AsUTF8AndSize, or None elsewhere (PyPy)."""
    try:
        function = ctypes.pythonapi.PyUnicode_AsUTF8AndSize
    except (AttributeError, ValueError):
        return None
    function.argtypes = [ctypes.py_object, POINTER(ctypes.c_ssize_t)]
    function.restype = c_void_p
    return function


#: (str) -> (address, length) of the str's UTF-8, which CPython keeps with
#: the str (for an ASCII str, its own characters; otherwise made once and
#: cached, as PyO3 and the C API's PyUnicode_AsUTF8 do), so a str segmented
#: twice is encoded once. The address lives as long as the str. None when
#: not on CPython: the caller encodes instead.
str_utf8: Optional[Callable[[str], Tuple[int, int]]]
_as_utf8 = _str_utf8_function()
if _as_utf8 is not None:
    def str_utf8(text: str, _f: Any = _as_utf8, _n: Any = ctypes.c_ssize_t) -> Tuple[int, int]:
        size = _n()
        address = _f(text, ctypes.byref(size))   # raises UnicodeEncodeError
        return address, size.value
else:
    str_utf8 = None


def _surrogate_error(text: str, what: str, error: UnicodeEncodeError) -> "InvalidUTF8Error":
    index = error.start
    return InvalidUTF8Error(
        f"{what} is not valid Unicode: lone surrogate U+{ord(text[index]):04X} "
        f"at index {index} cannot be encoded as UTF-8", index)


#: The array typecode of size_t, for offsets arrays passed as flat buffers.
SIZE_T_CODE = "Q" if ctypes.sizeof(c_size_t) == 8 else "I"


def flat_utf8(items: Sequence[str], what: str, lone_surrogates: str = "raise") -> Tuple[bytes, Any]:
    """`items` as one UTF-8 buffer and an array('Q') of count + 1 byte
    offsets: the layout of the library's batch calls. TypeError names an
    item that is not a str. A lone surrogate raises InvalidUTF8Error naming
    the item, or with lone_surrogates="pass" is encoded with "surrogatepass"
    so that the library rejects that item alone."""
    try:
        joined = "".join(items)
    except TypeError:
        bad = next(i for i, u in enumerate(items) if not isinstance(u, str))
        raise TypeError(f"{what} {bad} must be str, not {type(items[bad]).__name__}") from None
    if joined.isascii():
        return joined.encode("ascii"), array(SIZE_T_CODE, accumulate(map(len, items), initial=0))
    if lone_surrogates == "pass":
        parts = [u.encode("utf-8", "surrogatepass") for u in items]
    else:
        parts = [encode(u, f"{what} {i}") for i, u in enumerate(items)]
    return b"".join(parts), array(SIZE_T_CODE, accumulate(map(len, parts), initial=0))


def encode(text: str, what: str = "text") -> bytes:
    """`text` as UTF-8 bytes; TypeError for a non-str, InvalidUTF8Error
    (a ValueError naming the index) for a lone surrogate."""
    if not isinstance(text, str):
        raise TypeError(f"{what} must be str, not {type(text).__name__}")
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise _surrogate_error(text, what, error) from None


def utf8_view(text: str, what: str = "text") -> Tuple[Any, int]:
    """(data, size) for passing `text` to the library without a copy where
    CPython allows it (the str's own UTF-8, alive as long as `text`), else
    encoded bytes. Errors as encode()."""
    if str_utf8 is None:
        data = encode(text, what)
        return data, len(data)
    if not isinstance(text, str):
        raise TypeError(f"{what} must be str, not {type(text).__name__}")
    try:
        return str_utf8(text)
    except UnicodeEncodeError as error:
        raise _surrogate_error(text, what, error) from None
