"""The canonical URL's news rules, the match key (galley.link_key), the
one-call URL (parse_url's lazy components) and issue 16's defects, through
Python."""

import json
import os
import threading

import pytest

import galley

DATA = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                     "Tests", "conformance", "urltestdata.json"))


def cases():
    with open(DATA, encoding="utf-8") as f:
        return [c for c in json.load(f) if isinstance(c, dict)]


def test_news_trackers_and_session_ids():
    c = galley.canonicalize_url
    for t in ["CMP=share", "smid=tw", "smtyp=cur", "partner=rss", "emc=rss", "at_medium=RSS", "ns_source=tw",
              "xtor=RSS-1", "ocid=msn", "outputType=amp", "PHPSESSID=1", "sid=2", "jsessionid=3"]:
        assert c(f"https://n.example/a?id=7&{t}") == "https://n.example/a?id=7", t
    assert c("https://n.example/a.html;jsessionid=8F3A?x=1") == "https://n.example/a.html?x=1"
    assert c("https://x.com/a/status/1?s=20&t=x") == "https://x.com/a/status/1"
    assert c("https://blog.example/?s=bridge") == "https://blog.example/?s=bridge"
    assert c("https://spa.example/#!/article/123") == "https://spa.example/#!/article/123"
    assert c("https://spa.example/#!/article/123", keep_hashbang=False) == "https://spa.example/"
    assert c("https://spa.example/?a=1#top") == "https://spa.example/?a=1"


def test_link_key():
    k = galley.link_key
    assert k("http://m.example.com/world/story-123/amp/?utm_source=tw") == "https://example.com/world/story-123"
    assert k("https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a/b.amp.html") == \
        "https://example.com/a/b.html"
    assert k("https://www.google.com/amp/s/example.com/a/") == "https://example.com/a"
    assert k("https://news.example.com./a/?amp=1") == "https://news.example.com/a"
    assert k("../x/", base="http://www.example.com/a/b") == "https://example.com/x"
    assert k("https://e.example/?page=2") != k("https://e.example/")
    assert galley.canonicalize_url("http://www.e.example/a/", match_key=True) == "https://e.example/a"
    urls = ["http://www.e.example/a/", "nope", "https://m.e.example/a?amp"]
    assert galley.link_keys(urls) == ["https://e.example/a", None, "https://e.example/a"]
    with pytest.raises(ValueError):
        k("not a url")
    with pytest.raises(TypeError):
        k(b"https://e.example/")


def test_idempotent_on_urltestdata():
    failures = []
    for case in cases():
        if case.get("failure"):
            continue
        for fn in (galley.canonicalize_url, galley.link_key):
            try:
                once = fn(case["input"], case.get("base"))
            except ValueError:
                continue
            if fn(once) != once:
                failures.append((fn.__name__, case["input"], once, fn(once)))
    assert failures == []


def test_url_object_lazy_components():
    url = galley.parse_url("https://u:p@Example.COM:8080/a/b?q=1#f")
    assert (url.protocol, url.username, url.password, url.host, url.hostname, url.port, url.pathname,
            url.search, url.hash) == ("https:", "u", "p", "example.com:8080", "example.com", "8080", "/a/b",
                                      "?q=1", "#f")
    href, protocol, *_ = url
    assert href == url.href and protocol == "https:"
    assert url._asdict()["pathname"] == "/a/b"
    assert url == galley.parse_url("https://u:p@example.com:8080/a/b?q=1#f") and hash(url) == hash(url.href)
    assert repr(url) == "URL('https://u:p@example.com:8080/a/b?q=1#f')"
    assert galley.parse_url("web+demo:/.//not-a-host/").pathname == "//not-a-host/"
    assert galley.parse_url("http://h.example/?").search == ""
    # A URL longer than the first buffer.
    long = "https://h.example/" + "a" * 10000 + "?q=" + "é" * 3000
    parsed = galley.parse_url(long)
    assert parsed.pathname == "/" + "a" * 10000 and parsed.search == "?q=" + "%C3%A9" * 3000
    assert galley.canonicalize_url(long).startswith("https://h.example/aaaa")


def test_threads_do_not_share_the_buffer():
    urls = [f"https://site{i}.example/p/{'x' * (i % 50)}?b={i}&utm_source=t" for i in range(400)]
    want = [galley.canonicalize_url(u) for u in urls]
    paths = [galley.parse_url(u).pathname for u in urls]
    errors = []

    def work():
        for _ in range(5):
            if [galley.canonicalize_url(u) for u in urls] != want:
                errors.append("mismatch")
            if [galley.parse_url(u).pathname for u in urls] != paths:
                errors.append("pathname")

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_overlong_idn_label_is_value_error():
    label = "ü" * 1001
    for fn in (galley.parse_url, galley.canonicalize_url, galley.link_key):
        with pytest.raises(ValueError, match="1,000 code points"):
            fn(f"https://{label}.example/")
    assert galley.canonicalize_urls([f"https://{label}.example/"]) == [None]


def test_file_drive_letter_escape_is_idempotent():
    once = galley.canonicalize_url("file:/%43|")
    assert once == "file:///%43|" and galley.canonicalize_url(once) == once


def test_bidi_domain_with_digit_label_is_rejected():
    # UTS #46 CheckBidi applies RFC 5893 to every label of a bidi domain
    # name; ada and Python's idna accept it (docs/urls.md).
    with pytest.raises(ValueError, match="bidi"):
        galley.parse_url("http://1.\u05d0\u05d1/")
    assert galley.parse_url("http://a1.\u05d0\u05d1/").hostname == "a1.xn--4dbc"
