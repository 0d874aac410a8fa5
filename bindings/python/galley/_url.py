"""URLs: galley.parse_url, a WHATWG URL Standard parser."""

from __future__ import annotations

import ctypes
from array import array
from ctypes import byref, c_char_p, c_size_t, string_at
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Sequence, Union

from . import _native
from ._native import lib

_PARTS = ("href", "protocol", "username", "password", "host", "hostname", "port", "pathname",
          "search", "hash")


class URL(NamedTuple):
    """A URL parsed to the WHATWG URL Standard; the fields are its API
    attributes ("https:", "example.com:8080", "?q=1", ...).

    >>> galley.parse_url("../a?b#c", base="https://Example.COM/x/y").href
    'https://example.com/a?b#c'
    """

    href: str
    protocol: str
    username: str
    password: str
    host: str
    hostname: str
    port: str
    pathname: str
    search: str
    hash: str

    def __str__(self) -> str:
        return self.href

    def to_dict(self) -> Dict[str, Any]:
        """The fields by name: ``{"href", "protocol", ..., "hash"}``."""
        return dict(zip(self._fields, self))


_utf8 = _native.encode


def parse_url(url: str, base: Optional[str] = None) -> URL:
    """Parses `url` (relative to `base` when given) as browsers do; raises
    ValueError naming the reason when it is not a valid URL."""
    data = _utf8(url, "url")
    base_data = _utf8(base, "base") if base is not None else None
    handle = _native.URLPointer()
    status = lib.galley_url_parse(data, len(data), base_data, len(base_data) if base_data else 0,
                                  byref(handle))
    return _finish(status, handle)


def canonicalize_url(url: str, base: Optional[str] = None, *, keep_fragment: bool = False,
                     sort_query: bool = True, tracking: Optional[Iterable[str]] = None) -> str:
    """The canonical form of a link, for matching: resolved against `base`,
    fragment dropped, tracking parameters dropped (`tracking`: names or
    prefixes ending in "*" that replace Galley's default list of utm_*,
    fbclid, gclid, … ), the other query parameters sorted by name (stable),
    percent-escapes upper-cased and unreserved characters decoded.

    >>> galley.canonicalize_url("HTTPS://Example.com/a%7eb?utm_source=x&z=1&a=2#top")
    'https://example.com/a~b?a=2&z=1'
    """
    data = _utf8(url, "url")
    base_data = _utf8(base, "base") if base is not None else None
    options, _keep = _options(keep_fragment, sort_query, tracking)
    handle = _native.URLPointer()
    status = lib.galley_url_canonicalize(byref(options), data, len(data), base_data,
                                         len(base_data) if base_data else 0, byref(handle))
    return _finish(status, handle).href


def canonicalize_urls(urls: Sequence[str], base: Union[None, str, Sequence[Optional[str]]] = None, *,
                      keep_fragment: bool = False, sort_query: bool = True,
                      tracking: Optional[Iterable[str]] = None) -> List[Optional[str]]:
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
    data, offsets = _flat(urls, "URL")

    base_data: Union[bytes, None] = None
    base_offsets = base_index = None
    base_count = 0
    if isinstance(base, str):
        base_data, base_offsets = _flat([base], "base")
        base_count = 1
    elif base is not None:
        if not isinstance(base, list):
            base = list(base)
        if len(base) != n:
            raise ValueError(f"{len(base)} bases for {n} URLs")
        distinct = [b for b in dict.fromkeys(base) if b is not None]
        number = {b: i for i, b in enumerate(distinct)}
        number[None] = -1
        try:
            base_index = array("i", map(number.__getitem__, base))
        except TypeError:  # an unhashable item
            raise TypeError("base must be None, a str, or a sequence of str or None") from None
        base_data, base_offsets = _flat(distinct, "base")
        base_count = len(distinct)

    options, _keep = _options(keep_fragment, sort_query, tracking)
    handle = _native.URLListPointer()
    status = lib.galley_url_canonicalize_many(
        byref(options), data, _address(offsets), n, base_data, _address(base_offsets), base_count,
        _address(base_index), byref(handle))
    if status != _native.STATUS_OK:
        raise _native.make_error(status, f"canonicalize_urls: {_native._status_name(status)}")
    try:
        size = c_size_t()
        text = string_at(lib.galley_url_list_text(handle, byref(size)), size.value).decode("ascii")
        result: List[Optional[str]] = text.split("\n")
        result.pop()  # the text ends with "\n"
        if lib.galley_url_list_failures(handle):
            result = [href or None for href in result]
        return result
    finally:
        lib.galley_url_list_free(handle)


def _flat(items: List[str], what: str):
    """`items` as one UTF-8 buffer and count + 1 byte offsets; an item with
    a lone surrogate fails alone, in the library."""
    return _native.flat_utf8(items, what, lone_surrogates="pass")


def _address(values) -> Optional[int]:
    """The address of an array's items (alive as long as the array), or None."""
    return values.buffer_info()[0] if values is not None else None


def _options(keep_fragment: bool, sort_query: bool, tracking: Optional[Iterable[str]]):
    """galley_canonical_options and what must stay alive while they are used."""
    options = _native.CanonicalOptions()
    lib.galley_canonical_options_init(byref(options), ctypes.sizeof(options))
    options.flags = (0 if not keep_fragment else 1) | (0 if sort_query else 2)
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
            message = lib.galley_url_errmsg(handle).decode("utf-8", "replace") if handle else ""
            raise _native.make_error(status, message or _native._status_name(status))
        size = c_size_t()
        values = []
        for i in range(len(_PARTS)):
            p = lib.galley_url_component(handle, i, byref(size))
            values.append(string_at(p, size.value).decode("utf-8"))
        return URL(*values)
    finally:
        lib.galley_url_free(handle)
