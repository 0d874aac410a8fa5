"""The whole pipeline on one article: galley.process."""

from __future__ import annotations

import ctypes
import json
from ctypes import byref, c_size_t, c_void_p, string_at
from typing import Any, Dict, List, Literal, NamedTuple, Optional, Union, overload

from . import _native
from ._dedup import DedupIndex
from ._native import lib
from ._related import RelatedLink
from ._segment import Span


class Duplicate(NamedTuple):
    """The earlier paragraph a paragraph repeats: its article id, its index
    there, how similar (1 for exact copies; Jaccard for near ones;
    containment for contained ones, to four decimals) and the kind:
    "exact", "near" or "contained"."""

    id: str
    paragraph: int
    similarity: float
    kind: str

    def to_dict(self) -> Dict[str, Any]:
        """``{"id", "paragraph", "similarity", "kind"}``: the record's
        ``duplicate`` (and the fields of :meth:`Match.to_dict`)."""
        return {"id": self.id, "paragraph": self.paragraph, "similarity": self.similarity, "kind": self.kind}


class Paragraph(NamedTuple):
    """A paragraph of the body: its normalized text, where it is in the
    input (``text[start:end]`` of the str given), its sentences (Spans of
    the input), and the paragraph it duplicates (None when kept)."""

    text: str
    start: int
    end: int
    sentences: List[Span]
    duplicate: Optional[Duplicate]

    def to_dict(self) -> Dict[str, Any]:
        """``{"text", "span": [start, end], "sentences": [[start, end], ...],
        "duplicate": {...} or None}``, as in ``galley process``'s record."""
        return {"text": self.text, "span": [self.start, self.end],
                "sentences": [[s.start, s.end] for s in self.sentences],
                "duplicate": self.duplicate.to_dict() if self.duplicate is not None else None}


class Article(NamedTuple):
    """A processed article (see galley.process)."""

    id: str
    url: Optional[str]
    lang: str
    lang_detected: bool
    paragraphs: List[Paragraph]
    related: List[RelatedLink]
    counts: Dict[str, int]
    #: The match key of ``url`` (galley.link_key), None without a URL or
    #: when it does not parse; last so that positional construction keeps working.
    link_key: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        """The article as ``galley process`` writes it, with the same field
        names, recursively plain dicts, lists, str, int, float, bool and
        None (``json.dumps`` takes it as it is). Spans are indices into the
        ``str`` given to :func:`process` (the CLI's are UTF-8 byte offsets).

        >>> galley.process("A. B.").to_dict()["paragraphs"]
        [{'text': 'A. B.', 'span': [0, 5], 'sentences': [[0, 2], [3, 5]], 'duplicate': None}]
        """
        return {"id": self.id, "url": self.url, "link_key": self.link_key, "lang": self.lang, "lang_detected": self.lang_detected,
                "paragraphs": [p.to_dict() for p in self.paragraphs],
                "related": [r.to_dict() for r in self.related], "counts": dict(self.counts)}

    def to_json(self) -> str:
        """:meth:`to_dict` as one line of JSON (non-ASCII kept as is)."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


@overload
def process(text: str, url: Optional[str] = ..., lang: Optional[str] = ...,
            index: Optional[DedupIndex] = ..., id: Optional[str] = ..., *,
            repair: bool = ..., related: bool = ..., as_json: Literal[False] = ...) -> Article: ...


@overload
def process(text: str, url: Optional[str] = ..., lang: Optional[str] = ...,
            index: Optional[DedupIndex] = ..., id: Optional[str] = ..., *,
            repair: bool = ..., related: bool = ..., as_json: Literal[True]) -> str: ...


def process(text: str, url: Optional[str] = None, lang: Optional[str] = None,
            index: Optional[DedupIndex] = None, id: Optional[str] = None, *,
            repair: bool = True, related: bool = True, as_json: bool = False) -> Union[Article, str]:
    """Galley's pipeline on one article, as ``galley process`` runs it:
    normalization, the related-link block split off (its links canonicalized
    against `url`), paragraphs, sentences (in `lang`, detected when None;
    glued sentences split unless `repair` is False), and duplicate
    paragraphs — within the article, and with an `index` against everything
    it holds (the article's paragraphs are then added to it under `id`,
    which defaults to `url`, else "").

    >>> a = galley.process("Title\\n\\nIt rained.But not for long.\\n\\nRead also:\\n- Floods")
    >>> a.lang, [p.text for p in a.paragraphs], a.related[0].title
    ('en', ['Title', 'It rained.But not for long.'], 'Floods')
    >>> [s.text for s in a.paragraphs[1].sentences]
    ['It rained.', 'But not for long.']

    With ``as_json=True`` the record comes back as the library wrote it,
    one line of JSON text, without building Python objects:
    ``json.loads(process(t, as_json=True)) == process(t).to_dict()``.

    Raises InvalidUTF8Error (a ValueError) for a str with a lone surrogate,
    InvalidArgumentError (a ValueError) for a malformed language tag,
    TypeError for arguments of the wrong type.
    """
    data = _native.encode(text)
    if index is not None and not isinstance(index, DedupIndex):
        raise TypeError(f"index must be a galley.DedupIndex, not {type(index).__name__}")
    if id is None:
        id = url if url is not None else ""
    options = _native.ProcessOptions()
    lib.galley_process_options_init(byref(options), ctypes.sizeof(options))
    options.flags = 4 | (0 if repair else 1) | (0 if related else 2)  # spans in code points
    options.id = _native.encode(id, "id")
    options.url = _native.encode(url, "url") if url is not None else None
    options.lang = _native.encode(lang, "lang") if lang is not None else None
    out = c_void_p()
    size = c_size_t()
    handle = index._handle if index is not None else None
    status = lib.galley_process_article(byref(options), data, len(data), handle, byref(out), byref(size))
    if status != _native.STATUS_OK:
        raise _native.last_error(status)
    try:
        raw = string_at(out.value, size.value).decode("utf-8")
    finally:
        lib.galley_string_free(out)
    if as_json:
        return raw
    return _article(json.loads(raw), text)


def _article(record: dict, text: str) -> Article:
    paragraphs = []
    for p in record["paragraphs"]:
        d = p["duplicate"]
        sentences = [Span(s, e, text[s:e]) for s, e in p["sentences"]]
        paragraphs.append(Paragraph(p["text"], p["span"][0], p["span"][1], sentences,
                                    Duplicate(d["id"], d["paragraph"], float(d["similarity"]), d["kind"]) if d else None))
    related = [RelatedLink(r["title"], r["key"], r["slug"], r["url"], r["canonical_url"], r["error"],
                           r.get("kind", "related"))
               for r in record["related"]]
    return Article(record["id"], record["url"], record["lang"], record["lang_detected"], paragraphs, related,
                   record["counts"], record.get("link_key"))
