"""Related links: galley.related_links."""

from __future__ import annotations

from ctypes import byref, c_size_t, string_at
from typing import Any, Dict, List, NamedTuple, Optional, Tuple

from . import _native
from ._native import lib


class RelatedLink(NamedTuple):
    """One link of a "Related:" / "Read also:" block: the title (display
    form), its matching key and ASCII slug (None for a bare URL), the URL as
    written and its canonical form (None for a plain headline, or when the
    URL does not parse: then `error` says why)."""

    title: Optional[str]
    key: Optional[str]
    slug: Optional[str]
    url: Optional[str]
    canonical_url: Optional[str]
    error: Optional[str]
    kind: str = "related"  # "related" (Related, Read also, ...) or "more" (Most read, Latest, Trending, ...)

    def to_dict(self) -> Dict[str, Any]:
        """``{"title", "key", "slug", "url", "canonical_url", "error", "kind"}``, as
        in ``galley process``'s record."""
        return dict(zip(self._fields, self))


def related_links(text: str, base_url: Optional[str] = None) -> Tuple[str, List[RelatedLink]]:
    """Splits the related-link blocks (markers in 14 languages) from `text`:
    returns the body without them and their links, collapsed on canonical
    URL (or title key). `base_url` resolves relative links.

    >>> body, links = galley.related_links("It rained.\\n\\nRead also:\\n- [Floods](https://x.org/f?utm_source=a)")
    >>> body, links[0].canonical_url
    ('It rained.', 'https://x.org/f')
    """
    data = _native.encode(text)
    base = _native.encode(base_url, "base_url") if base_url is not None else None
    handle = _native.RelatedPointer()
    status = lib.galley_related_links(data, len(data), base, len(base) if base else 0, byref(handle),
                                      None)
    if status != _native.STATUS_OK:
        raise _native.last_error(status)
    try:
        size = c_size_t()
        p = lib.galley_related_body(handle, byref(size))
        body = string_at(p, size.value).decode("utf-8")
        links = []
        for i in range(lib.galley_related_count(handle)):
            fields = []
            for part in range(7):
                q = lib.galley_related_field(handle, i, part, byref(size))
                fields.append(string_at(q, size.value).decode("utf-8") if q else None)
            links.append(RelatedLink(*fields))
        return body, links
    finally:
        lib.galley_related_free(handle)
