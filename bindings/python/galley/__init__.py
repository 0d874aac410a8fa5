"""Galley: text cleaning for scraped news, on ICU.

Unicode segmentation (UAX #29 graphemes, words and sentences, and
paragraphs) through libgalley's C interface::

    >>> import galley
    >>> [s.text for s in galley.sentences("Mr. Smith left. He did.")]
    ['Mr. Smith left.', 'He did.']
    >>> galley.words("Don't stop 3.14")[2]
    Span(start=11, end=15, text='3.14', kind='number')

Every function takes a ``str`` (spans index its characters) or UTF-8
``bytes`` (spans hold byte offsets), and returns a list of :class:`Span`.
All of them may be called from any number of threads at once.

Normalization (NFC or NFKC, Unicode spaces, invisible characters, optional
quote and dash folding) keeps a map back to the original, so spans found on
the normalized text point into what was scraped::

    >>> n = galley.normalize("Tea\\u00a0\\u00a0time.\\u200b Done.")
    >>> n.text
    'Tea time. Done.'
    >>> n.original_spans(galley.sentences(n.text))
    [(0, 10), (12, 17)]

The library is found through the ``GALLEY_LIBRARY`` environment variable,
else next to this package, else on the system's library path.
"""

from ._native import (
    GalleyError,
    IndexBusyError,
    IndexCorruptError,
    IndexFileError,
    IndexFullError,
    IndexReadOnlyError,
    InvalidArgumentError,
    NotAnIndexError,
    InvalidUTF8Error,
    TooLargeError,
    version_string as _library_version,
)
from ._segment import Span, graphemes, paragraphs, sentences, sentences_many, validate_utf8, words
from ._normalize import Normalized, normalize
from ._dedup import DedupIndex, Fingerprints, Match, dedup_paragraphs, fingerprints
from ._url import URL, canonicalize_url, canonicalize_urls, link_key, link_keys, parse_url
from ._related import RelatedLink, related_links
from ._article import Article, Duplicate, Paragraph, process

#: The version of the loaded libgalley ("0.3.0"; galley.h is the one source).
__version__: str = _library_version

__all__ = [
    "Article",
    "Duplicate",
    "Paragraph",
    "process",
    "RelatedLink",
    "related_links",
    "canonicalize_url",
    "canonicalize_urls",
    "link_key",
    "link_keys",
    "URL",
    "parse_url",
    "DedupIndex",
    "Fingerprints",
    "fingerprints",
    "Match",
    "dedup_paragraphs",
    "GalleyError",
    "IndexBusyError",
    "IndexCorruptError",
    "IndexFileError",
    "IndexFullError",
    "IndexReadOnlyError",
    "InvalidArgumentError",
    "NotAnIndexError",
    "InvalidUTF8Error",
    "Normalized",
    "Span",
    "TooLargeError",
    "graphemes",
    "normalize",
    "paragraphs",
    "sentences",
    "sentences_many",
    "validate_utf8",
    "words",
]
