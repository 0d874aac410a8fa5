"""URLs through Python: the WHATWG conformance data (Tests/conformance/
urltestdata.json, in the repository) and the API."""

import json
import os

import pytest

import galley

DATA = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                     "Tests", "conformance", "urltestdata.json"))
PARTS = ("href", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search",
         "hash")


def test_urltestdata():
    with open(DATA, encoding="utf-8") as f:
        cases = [c for c in json.load(f) if isinstance(c, dict)]
    assert len(cases) == 891
    failures = []
    for c in cases:
        try:
            url = galley.parse_url(c["input"], c.get("base"))
        except ValueError:
            if not c.get("failure"):
                failures.append(f"{c['input']!r}: failed to parse")
            continue
        if c.get("failure"):
            failures.append(f"{c['input']!r}: parsed but should fail")
            continue
        for part in PARTS:
            if part in c and getattr(url, part) != c[part]:
                failures.append(f"{c['input']!r} {part}: {getattr(url, part)!r} != {c[part]!r}")
    assert failures == []


def test_api():
    url = galley.parse_url("../a?b#c", base="https://Example.COM/x/y")
    assert (url.href, url.hostname, url.pathname, url.search, url.hash) == (
        "https://example.com/a?b#c", "example.com", "/a", "?b", "#c")
    assert str(url) == url.href
    assert galley.parse_url("https://münchen.de/").host == "xn--mnchen-3ya.de"


def test_errors():
    with pytest.raises(ValueError, match="forbidden"):
        galley.parse_url("http://exa mple.com")
    with pytest.raises(ValueError, match="base URL"):
        galley.parse_url("a", base="nope")
    with pytest.raises(ValueError):
        galley.parse_url("bad \ud800 surrogate")
    with pytest.raises(TypeError):
        galley.parse_url(b"https://example.com/")
    with pytest.raises(ValueError):
        galley.parse_url("")


def test_canonicalize():
    c = galley.canonicalize_url
    assert c("HTTPS://Example.com/a%7eb?utm_source=x&z=1&a=2#top") == "https://example.com/a~b?a=2&z=1"
    assert c("../story?fbclid=1&id=5", base="https://News.Example.com/x/y/z") == \
        "https://news.example.com/x/story?id=5"
    assert c("https://x.com/?utm_medium=a&gclid=b") == "https://x.com/"
    assert c("https://x.com/p?b=1&a=2&b=0", sort_query=False) == "https://x.com/p?b=1&a=2&b=0"
    assert c("https://x.com/p?b=1&a=2&b=0") == "https://x.com/p?a=2&b=1&b=0"
    assert c("https://x.com/p#frag", keep_fragment=True) == "https://x.com/p#frag"
    assert c("https://x.com/?a=1&utm_x=2", tracking=["a"]) == "https://x.com/?utm_x=2"
    assert c("https://x.com/?a=1&utm_x=2", tracking=[]) == "https://x.com/?a=1&utm_x=2"
    once = c("https://x.com/%2f%zz?q=%e2%82%ac")
    assert c(once) == once
    with pytest.raises(ValueError):
        c("not a url")


def test_canonicalize_many_matches_one_by_one():
    urls = ["HTTPS://Example.com/a%7eb?utm_source=x&z=1&a=2#top", "../b?fbclid=1", "http://[x", "rel",
            "", "/c", "https://bücher.de/ü?q=€", "a\ud800b"]
    bases = [None, "https://News.Example.com/x/y/z", None, "not a base", "https://News.Example.com/x/y/z",
             "https://z.org/", None, None]

    def one(u, b):
        try:
            return galley.canonicalize_url(u, b)
        except ValueError:
            return None

    assert galley.canonicalize_urls(urls, bases) == [one(u, b) for u, b in zip(urls, bases)]
    assert galley.canonicalize_urls(urls) == [one(u, None) for u in urls]
    shared = "https://Q.org/d/e"
    assert galley.canonicalize_urls(urls, shared) == [one(u, shared) for u in urls]
    assert galley.canonicalize_urls(iter(urls), tuple(bases), keep_fragment=True, sort_query=False,
                                    tracking=["z"]) == \
        [one(u, b) if one(u, b) is None else galley.canonicalize_url(u, b, keep_fragment=True, sort_query=False,
                                                                     tracking=["z"])
         for u, b in zip(urls, bases)]


def test_canonicalize_many_code_point_lengths():
    # Items of every UTF-8 width and lone surrogates side by side (the
    # binding passes each item's length in code points; the library finds
    # its bytes), with bases of every width, repeated and alone.
    urls = ["https://ü.example/€/😀?q=日本&utm_source=x", "/a\udc80", "https://e.example/😀😀", "\ud800", "x",
            "https://é.example/", "😀", "", "../ü?b=1&a=2"] * 40
    pool = ["https://b.example/ü/", None, "https://b.example/😀/x", "https://b.example/\udfff", "not a base",
            "https://b.example/é/f"]
    bases = [pool[i % len(pool)] for i in range(len(urls))]

    def one(u, b):
        try:
            return galley.canonicalize_url(u, b)
        except ValueError:
            return None

    want = [one(u, b) for u, b in zip(urls, bases)]
    assert galley.canonicalize_urls(urls, bases) == want
    assert galley.canonicalize_urls(urls) == [one(u, None) for u in urls]
    assert galley.canonicalize_urls(urls, "https://q.example/😀/p") == [one(u, "https://q.example/😀/p") for u in urls]
    assert galley.canonicalize_urls(["x"], ["https://a.org/😀/"]) == ["https://a.org/%F0%9F%98%80/x"]
    assert galley.canonicalize_urls(["x", "y"], [None, None]) == [None, None]
    assert galley.link_keys(urls, bases) == [None if w is None else galley.link_key(u, b)
                                             for u, b, w in zip(urls, bases, want)]
    with pytest.raises(TypeError):
        galley.canonicalize_urls(["a"], base=[5])


def test_canonicalize_many_edges():
    assert galley.canonicalize_urls([]) == []
    assert galley.canonicalize_urls(["/a"], base="not a base") == [None]
    with pytest.raises(TypeError, match="URL 1"):
        galley.canonicalize_urls(["https://a.org/", b"https://b.org/"])
    with pytest.raises(ValueError, match="2 bases for 1 URLs"):
        galley.canonicalize_urls(["a"], base=["https://a.org/", None])
    with pytest.raises(TypeError):
        galley.canonicalize_urls(["a"], base=[["unhashable"]])
    with pytest.raises(TypeError):
        galley.canonicalize_urls(["a"], tracking="utm_*")
    # Many items, some invalid, through the fast (all-ASCII) and the general path.
    urls = [f"https://Site{i % 7}.example/p/{i}/../q?utm_source=x&b={i}" if i % 5 else "http://[bad"
            for i in range(3000)]
    got = galley.canonicalize_urls(urls)
    assert got[1] == "https://site1.example/p/q?b=1" and got[0] is None and got.count(None) == 600
    assert galley.canonicalize_urls(urls + ["https://ü.example/"])[:-1] == got
