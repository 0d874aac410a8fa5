"""URLs: galley.parse_url, a WHATWG URL Standard parser."""

from __future__ import annotations

import ctypes
from ctypes import byref, c_char_p, c_size_t, string_at
from typing import Iterable, NamedTuple, Optional

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
    options = _native.CanonicalOptions()
    lib.galley_canonical_options_init(byref(options), ctypes.sizeof(options))
    options.flags = (0 if not keep_fragment else 1) | (0 if sort_query else 2)
    if tracking is not None:
        names = [_utf8(n, "tracking name") for n in tracking]
        array_type = c_char_p * max(len(names), 1)
        keep = array_type(*names)
        options.tracking = ctypes.cast(keep, ctypes.POINTER(c_char_p))
        options.tracking_count = len(names)
    handle = _native.URLPointer()
    status = lib.galley_url_canonicalize(byref(options), data, len(data), base_data,
                                         len(base_data) if base_data else 0, byref(handle))
    return _finish(status, handle).href


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
