"""URLs: galley.parse_url, a WHATWG URL Standard parser."""

from __future__ import annotations

import ctypes
import struct
import threading
from array import array
from ctypes import byref, c_char_p, c_size_t, string_at
from operator import itemgetter
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from . import _native
from ._native import lib

_PARTS = ("href", "protocol", "username", "password", "host", "hostname", "port", "pathname",
          "search", "hash")


class URL:
    """A URL parsed to the WHATWG URL Standard; the attributes are its API
    attributes ("https:", "example.com:8080", "?q=1", ...). Immutable,
    hashable, equal when the hrefs are; iterates (and unpacks) in the order of
    `_fields` like the named tuple it used to be.

    The library returns the href and where each component lies in it in one
    call; a component is sliced from the href when it is first read.

    >>> galley.parse_url("../a?b#c", base="https://Example.COM/x/y").href
    'https://example.com/a?b#c'
    """

    __slots__ = ("href", "_spans")
    _fields = _PARTS

    def __init__(self, href: str, spans: bytes):
        #: The whole URL, serialized (always ASCII).
        self.href = href
        self._spans = spans  # 20 native size_t: [start, end) of each part

    def _part(self, i: int) -> str:
        start, end = _SPAN.unpack_from(self._spans, i * _SPAN.size)
        return self.href[start:end]

    protocol = property(lambda self: self._part(1), doc='"https:"')
    username = property(lambda self: self._part(2), doc="percent-encoded; \"\" when absent")
    password = property(lambda self: self._part(3), doc="percent-encoded; \"\" when absent")
    host = property(lambda self: self._part(4), doc='"example.com:8080" (the port when not the default)')
    hostname = property(lambda self: self._part(5), doc='"example.com", "[::1]"')
    port = property(lambda self: self._part(6), doc='"8080", "" when absent or the default')
    pathname = property(lambda self: self._part(7), doc='"/a/b"')
    search = property(lambda self: self._part(8), doc='"?q=1", "" when empty')
    hash = property(lambda self: self._part(9), doc='"#top", "" when empty')

    def __iter__(self):
        return iter([self.href] + [self._part(i) for i in range(1, 10)])

    def _asdict(self):
        return dict(zip(_PARTS, self))

    def __eq__(self, other):
        return self.href == other.href if isinstance(other, URL) else NotImplemented

    def __hash__(self):
        return hash(self.href)

    def __str__(self) -> str:
        return self.href

    def __repr__(self) -> str:
        return f"URL({self.href!r})"

    def to_dict(self) -> Dict[str, Any]:
        """The fields by name: ``{"href", "protocol", ..., "hash"}``."""
        return dict(zip(self._fields, self))


_SPAN = struct.Struct("NN")
_utf8 = _native.encode

_WRITE_PARSED, _WRITE_CANONICAL = 0, 1
_KEEP_FRAGMENT, _KEEP_ORDER, _MATCH_KEY, _DROP_HASHBANG = 1, 2, 4, 8


class _Scratch(threading.local):
    """One thread's buffers for galley_url_write (ctypes lets other threads
    run during the call, so they cannot be shared)."""

    def __init__(self):
        self.grow(4096)
        self.length = c_size_t()
        self.length_address = ctypes.addressof(self.length)
        self.spans = (c_size_t * 20)()
        self.spans_address = ctypes.addressof(self.spans)

    def grow(self, capacity: int) -> None:
        self.buffer = bytearray(capacity)
        self.capacity = capacity
        self.address = ctypes.addressof((ctypes.c_char * capacity).from_buffer(self.buffer))


_scratch = _Scratch()
_write = lib.galley_url_write


def _default_options(flags: int):
    options = _native.CanonicalOptions()
    lib.galley_canonical_options_init(byref(options), ctypes.sizeof(options))
    options.flags = flags
    return options


# The options of the common calls, built once (alive with the module).
_CANONICAL = _default_options(0)
_KEY = _default_options(_MATCH_KEY)
_CANONICAL_ADDRESS = ctypes.addressof(_CANONICAL)
_KEY_ADDRESS = ctypes.addressof(_KEY)


def _write_href(mode: int, options_address: Optional[int], url, base, spans: bool):
    """(href, spans bytes or None) from one galley_url_write call, or None
    when the URL does not parse or is not a str (the caller then asks the
    handle-based call, which raises the right error with its message)."""
    try:
        data = url.encode()
        base_data = base.encode() if base is not None else None
    except (AttributeError, UnicodeEncodeError):
        return None
    s = _scratch
    status = _write(mode, options_address, data, len(data), base_data,
                    len(base_data) if base_data is not None else 0, s.address, s.capacity,
                    s.length_address, s.spans_address if spans else None)
    if status == _native.STATUS_TOO_LARGE and s.length.value > s.capacity:
        s.grow(s.length.value)
        status = _write(mode, options_address, data, len(data), base_data,
                        len(base_data) if base_data is not None else 0, s.address, s.capacity,
                        s.length_address, s.spans_address if spans else None)
    if status != _native.STATUS_OK:
        return None
    href = s.buffer[:s.length.value].decode("ascii")
    return href, (bytes(s.spans) if spans else None)


def parse_url(url: str, base: Optional[str] = None) -> URL:
    """Parses `url` (relative to `base` when given) as browsers do; raises
    ValueError naming the reason when it is not a valid URL (a
    ValueError too for a host label longer than 1,000 code points), TypeError
    when `url` or `base` is not a str."""
    done = _write_href(_WRITE_PARSED, None, url, base, True)
    if done is not None:
        return URL(*done)
    data = _utf8(url, "url")
    base_data = _utf8(base, "base") if base is not None else None
    handle = _native.URLPointer()
    status = lib.galley_url_parse(data, len(data), base_data, len(base_data) if base_data else 0,
                                  byref(handle))
    return _finish(status, handle)


def canonicalize_url(url: str, base: Optional[str] = None, *, keep_fragment: bool = False,
                     sort_query: bool = True, tracking: Optional[Iterable[str]] = None,
                     match_key: bool = False, keep_hashbang: bool = True) -> str:
    """The canonical form of a link, for matching: resolved against `base`,
    fragment dropped (a "#!" route kept unless `keep_hashbang` is false),
    tracking parameters and session ids dropped (`tracking`: names, prefixes
    ending in "*" or "name=value" pairs that replace Galley's default list of
    utm_*, fbclid, gclid, CMP, smid, xtor, PHPSESSID, …), the other query
    parameters sorted by name (stable), percent-escapes upper-cased and
    unreserved characters decoded. Never merges two different pages.

    With `match_key`, the match key instead (see link_key()).

    >>> galley.canonicalize_url("HTTPS://Example.com/a%7eb?utm_source=x&z=1&a=2#top")
    'https://example.com/a~b?a=2&z=1'
    """
    if not keep_fragment and sort_query and tracking is None and keep_hashbang:
        done = _write_href(_WRITE_CANONICAL, _KEY_ADDRESS if match_key else _CANONICAL_ADDRESS, url, base,
                           False)
        if done is not None:
            return done[0]
    data = _utf8(url, "url")
    base_data = _utf8(base, "base") if base is not None else None
    options, _keep = _options(keep_fragment, sort_query, tracking, match_key, keep_hashbang)
    handle = _native.URLPointer()
    status = lib.galley_url_canonicalize(byref(options), data, len(data), base_data,
                                         len(base_data) if base_data else 0, byref(handle))
    return _finish(status, handle).href


def link_key(url: str, base: Optional[str] = None) -> str:
    """The match key of a link, for deciding that two links point at the
    same story: its canonical URL with http folded into https, a leading
    "www.", "m.", "mobile." or "amp." host label and a trailing host dot
    dropped, AMP forms folded ("/amp/", "/story/amp", ".amp.html", "?amp=1",
    "outputType=amp", AMP cache and Google AMP viewer URLs to the page they
    serve) and trailing slashes dropped. For comparing, not fetching.
    Raises as canonicalize_url().

    >>> galley.link_key("http://m.example.com/world/story-123/amp/?utm_source=tw")
    'https://example.com/world/story-123'
    """
    done = _write_href(_WRITE_CANONICAL, _KEY_ADDRESS, url, base, False)
    if done is not None:
        return done[0]
    return canonicalize_url(url, base, match_key=True)


def link_keys(urls: Sequence[str], base: Union[None, str, Sequence[Optional[str]]] = None
              ) -> List[Optional[str]]:
    """link_key() for many URLs in one call into the library; None where a
    URL (or its base) is not valid. `base` as canonicalize_urls()."""
    return canonicalize_urls(urls, base, match_key=True)


def canonicalize_urls(urls: Sequence[str], base: Union[None, str, Sequence[Optional[str]]] = None, *,
                      keep_fragment: bool = False, sort_query: bool = True,
                      tracking: Optional[Iterable[str]] = None, match_key: bool = False,
                      keep_hashbang: bool = True) -> List[Optional[str]]:
    """canonicalize_url() for many URLs in one call into the library: a
    list with each URL's canonical form, or None where the URL (or its
    base) is not a valid URL — canonicalize_url() on it says why. `base` is
    None, one base URL for all, or a sequence with one base (or None) per
    URL; each distinct base is parsed once. Options as canonicalize_url().

    >>> galley.canonicalize_urls(["/a?utm_source=x", "http://[x"], base="https://Example.com/")
    ['https://example.com/a', None]

    Raises TypeError when an item is not a str, ValueError when `base` is a
    sequence of another length.
    """
    if not isinstance(urls, list):
        urls = list(urls)
    n = len(urls)
    # Every URL encoded in one go, with its length in code points (the
    # library finds the byte offsets); the distinct bases likewise.
    data, lengths = _joined(urls, "URL")

    base_data: Union[bytes, None] = None
    base_lengths = base_index = None
    base_count = 0
    if isinstance(base, str):
        base_data, base_lengths = _joined([base], "base")
        base_count = 1
    elif base is not None:
        if not isinstance(base, list):
            base = list(base)
        if len(base) != n:
            raise ValueError(f"{len(base)} bases for {n} URLs")
        try:
            number = dict.fromkeys(base)
        except TypeError:  # an unhashable item
            raise TypeError("base must be None, a str, or a sequence of str or None") from None
        number.pop(None, None)
        distinct = list(number)
        for i, b in enumerate(distinct):
            number[b] = i
        number[None] = -1
        # One C-level pass: itemgetter(*base) looks every base up at once.
        if n > 1:
            base_index = array("i", itemgetter(*base)(number))
        else:
            base_index = array("i", [number[b] for b in base])
        base_data, base_lengths = _joined(distinct, "base")
        base_count = len(distinct)

    options, _keep = _options(keep_fragment, sort_query, tracking, match_key, keep_hashbang)
    handle = _native.URLListPointer()
    status = lib.galley_url_canonicalize_lengths(
        byref(options), _CODE_POINTS, data, len(data), _address(lengths), n, base_data,
        len(base_data) if base_data is not None else 0, _address(base_lengths), base_count,
        _address(base_index), byref(handle))
    if status != _native.STATUS_OK:
        raise _native.last_error(status)
    try:
        size = c_size_t()
        address = lib.galley_url_list_text(handle, byref(size))
        # Decoded straight from the library's buffer (no bytes copy first).
        text = str((ctypes.c_char * size.value).from_address(address), "ascii") if size.value else ""
        result: List[Optional[str]] = text.split("\n")
        result.pop()  # the text ends with "\n"
        if lib.galley_url_list_failures(handle):
            result = [href or None for href in result]
        return result
    finally:
        lib.galley_url_list_free(handle)


_CODE_POINTS = 1  # GALLEY_URL_LENGTHS_CODE_POINTS


def _joined(items: List[Any], what: str):
    """`items` as one UTF-8 buffer (a lone surrogate encoded with
    "surrogatepass", so that the library rejects that item alone) and an
    array of their lengths in code points; TypeError names an item that is
    not a str."""
    try:
        joined = "".join(items)
    except TypeError:
        bad = next(i for i, u in enumerate(items) if not isinstance(u, str))
        raise TypeError(f"{what} {bad} must be str, not {type(items[bad]).__name__}") from None
    data = joined.encode("ascii") if joined.isascii() else joined.encode("utf-8", "surrogatepass")
    return data, array(_native.SIZE_T_CODE, map(len, items))


def _address(values) -> Optional[int]:
    """The address of an array's items (alive as long as the array), or None."""
    return values.buffer_info()[0] if values is not None else None


def _options(keep_fragment: bool, sort_query: bool, tracking: Optional[Iterable[str]],
             match_key: bool = False, keep_hashbang: bool = True):
    """galley_canonical_options and what must stay alive while they are used."""
    options = _native.CanonicalOptions()
    lib.galley_canonical_options_init(byref(options), ctypes.sizeof(options))
    options.flags = ((_KEEP_FRAGMENT if keep_fragment else 0) | (0 if sort_query else _KEEP_ORDER)
                     | (_MATCH_KEY if match_key else 0) | (0 if keep_hashbang else _DROP_HASHBANG))
    keep = None
    if tracking is not None:
        if isinstance(tracking, str):
            raise TypeError("tracking must be an iterable of names, not a str")
        names = [_utf8(n, "tracking name") for n in tracking]
        keep = (c_char_p * max(len(names), 1))(*names)
        options.tracking = ctypes.cast(keep, ctypes.POINTER(c_char_p))
        options.tracking_count = len(names)
    return options, keep


def _finish(status: int, handle) -> URL:
    try:
        if status != _native.STATUS_OK:
            raise _native.last_error(status)
        size = c_size_t()
        values = []
        for i in range(len(_PARTS)):
            p = lib.galley_url_component(handle, i, byref(size))
            values.append(string_at(p, size.value).decode("utf-8"))
        return _url_of_parts(values)
    finally:
        lib.galley_url_free(handle)


def _url_of_parts(values: List[str]) -> URL:
    """A URL from the handle-based route's components: a serialized URL
    parses to itself, so its spans come from parsing the href again."""
    done = _write_href(_WRITE_PARSED, None, values[0], None, True)
    if done is None or done[0] != values[0]:
        raise _native.GalleyError(f"the href {values[0]!r} does not parse back to itself")
    return URL(*done)
