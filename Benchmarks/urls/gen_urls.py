#!/usr/bin/env python3
"""Writes the URL benchmark's input: news-style links, one per line, as
`url<TAB>base` (base empty for an absolute URL). Deterministic: a fixed
seed and no input, so every machine gets the same bytes (the sha256 is
printed and recorded in results.json).

    python3 gen_urls.py --out build/urls.tsv [--count 120000]

Features, mixed per URL (rates are approximate, drawn independently):
  - tracking parameters (utm_*, fbclid, gclid, mc_cid/mc_eid, _ga, igshid,
    msclkid) mixed with real ones (id, page, ref, q), in random order     ~60%
  - mixed-case scheme and host (HTTPS://WWW.Example.COM)                  ~30%
  - IDN hosts written in Unicode (bücher.de, παράδειγμα.gr, 例え.jp)      ~10%
  - explicit default ports (:80 on http, :443 on https)                   ~10%
  - dot segments (/a/./b/../c)                                            ~15%
  - fragments (#comments, #section-3)                                     ~25%
  - lower-case percent-escapes and escaped unreserved chars (%7e, %2d)    ~10%
  - relative references (../2024/05/x.html, /world/y, ?page=2, //cdn/…)
    resolved against a base article URL                                    ~20%
"""

import argparse
import hashlib
import random
import sys

SEED = 20240505

HOSTS = [
    "www.nytimes.com", "www.theguardian.com", "www.bbc.co.uk", "edition.cnn.com",
    "www.reuters.com", "apnews.com", "www.lemonde.fr", "www.spiegel.de",
    "www.elpais.com", "www.corriere.it", "www.washingtonpost.com", "news.ycombinator.com",
    "www.aljazeera.com", "www.npr.org", "www.ft.com", "www.bloomberg.com",
    "www.economist.com", "www.theatlantic.com", "arstechnica.com", "www.wired.com",
    "www.zeit.de", "www.faz.net", "www.nzz.ch", "www.asahi.com", "www.abc.net.au",
    "www.cbc.ca", "www.independent.co.uk", "www.politico.eu", "www.lefigaro.fr",
    "blog.example.org", "local.news-site.example", "m.example-times.com",
]
IDN_HOSTS = [
    "bücher.de", "www.zürich-zeitung.ch", "παράδειγμα.gr", "例え.jp", "пример.рф",
    "www.müller-news.de", "café.example.fr", "nachrichten.köln", "новости.рф",
    "日本語.jp", "ñandú.example.es", "straße.example.de", "ejemplo.españa.es",
]
SECTIONS = ["world", "politics", "business", "technology", "science", "sport",
            "culture", "opinion", "health", "us-news", "uk-news", "europe", "asia",
            "climate", "economy", "media", "travel", "books", "film", "music"]
WORDS = ["election", "market", "storm", "court", "minister", "budget", "vaccine",
         "strike", "talks", "record", "league", "final", "report", "study", "crisis",
         "deal", "ban", "protest", "summit", "trial", "rates", "energy", "housing",
         "border", "ai", "chip", "space", "ocean", "fire", "flood", "heat", "vote"]
TRACKING = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content",
            "fbclid", "gclid", "mc_cid", "mc_eid", "_ga", "igshid", "msclkid",
            "utm_id", "dclid", "yclid"]
TRACK_VALUES = ["twitter", "facebook", "newsletter", "rss", "email", "social",
                "IwAR2xYz_abc123", "Cj0KCQjw", "a1b2c3d4e5", "share_button", "pocket"]
REAL_PARAMS = ["id", "page", "ref", "q", "lang", "s", "p", "article", "v", "edition"]
FRAGMENTS = ["comments", "top", "section-3", "main", "share", "related", "c-12345",
             "", "%C3%BCber", "para%2d4"]


def slug(rng):
    n = rng.randint(3, 9)
    return "-".join(rng.choice(WORDS) for _ in range(n))


def path(rng):
    kind = rng.random()
    if kind < 0.45:
        p = "/%d/%02d/%02d/%s/%s" % (rng.randint(2015, 2025), rng.randint(1, 12),
                                     rng.randint(1, 28), rng.choice(SECTIONS), slug(rng))
        if rng.random() < 0.5:
            p += ".html"
    elif kind < 0.75:
        p = "/%s/%s-%d" % (rng.choice(SECTIONS), slug(rng), rng.randint(10**7, 10**8))
    elif kind < 0.9:
        p = "/news/articles/%s%d" % (rng.choice(["c", "cx", "a"]), rng.randint(10**6, 10**9))
    else:
        p = "/%s/" % rng.choice(SECTIONS)
    if rng.random() < 0.15:  # dot segments
        parts = p.split("/")
        i = rng.randint(1, max(1, len(parts) - 1))
        parts.insert(i, rng.choice([".", "..", "x/..", "./.", "%2e", "amp/.."]))
        p = "/".join(parts)
    if rng.random() < 0.10:  # escapes: lower-case hex, escaped unreserved
        p += rng.choice(["/%7euser", "/caf%c3%a9", "/a%2db", "/%41%42c", "/x%2fy"])
    return p


def query(rng):
    params = []
    if rng.random() < 0.6:
        for _ in range(rng.randint(1, 5)):
            params.append("%s=%s" % (rng.choice(TRACKING), rng.choice(TRACK_VALUES)))
    if rng.random() < 0.45:
        for _ in range(rng.randint(1, 3)):
            params.append("%s=%s" % (rng.choice(REAL_PARAMS), rng.choice(
                [str(rng.randint(1, 500)), rng.choice(WORDS), "a+b", "x%20y", "%e2%82%ac"])))
    rng.shuffle(params)
    return ("?" + "&".join(params)) if params else ""


def mixed_case(rng, s):
    return "".join(c.upper() if rng.random() < 0.5 else c for c in s)


def absolute(rng):
    scheme = "https" if rng.random() < 0.85 else "http"
    host = rng.choice(IDN_HOSTS) if rng.random() < 0.10 else rng.choice(HOSTS)
    if rng.random() < 0.30:
        scheme, host = mixed_case(rng, scheme), mixed_case(rng, host)
    port = ""
    if rng.random() < 0.10:
        port = ":443" if scheme.lower() == "https" else ":80"
    elif rng.random() < 0.01:
        port = ":8080"
    frag = ""
    if rng.random() < 0.25:
        frag = "#" + rng.choice(FRAGMENTS)
    return "%s://%s%s%s%s%s" % (scheme, host, port, path(rng), query(rng), frag)


def relative(rng):
    kind = rng.random()
    if kind < 0.3:
        ref = "../" * rng.randint(1, 3) + "%s/%s.html" % (rng.choice(SECTIONS), slug(rng))
    elif kind < 0.55:
        ref = path(rng)
    elif kind < 0.7:
        ref = "%s-%d" % (slug(rng), rng.randint(1000, 99999))
    elif kind < 0.8:
        ref = "./%s/./%s" % (rng.choice(SECTIONS), slug(rng))
    elif kind < 0.9:
        ref = "//%s%s" % (mixed_case(rng, rng.choice(HOSTS)), path(rng))
    else:
        ref = "?page=%d" % rng.randint(2, 20)
    ref += query(rng)
    if rng.random() < 0.25:
        ref += "#" + rng.choice(FRAGMENTS)
    return ref


def generate(count, seed=SEED):
    rng = random.Random(seed)
    bases = []
    for _ in range(200):  # article pages the relative links appear on
        b = rng.choice(HOSTS)
        bases.append("https://%s/%d/%02d/%s/%s.html" % (
            b, rng.randint(2018, 2025), rng.randint(1, 12), rng.choice(SECTIONS), slug(rng)))
    rows = []
    for _ in range(count):
        if rng.random() < 0.20:
            rows.append((relative(rng), rng.choice(bases)))
        else:
            rows.append((absolute(rng), ""))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=120000)
    args = ap.parse_args()
    rows = generate(args.count)
    data = "".join("%s\t%s\n" % r for r in rows).encode("utf-8")
    with open(args.out, "wb") as f:
        f.write(data)
    rel = sum(1 for _, b in rows if b)
    print("%s: %d URLs (%d relative), %d bytes, sha256 %s" % (
        args.out, len(rows), rel, len(data), hashlib.sha256(data).hexdigest()), file=sys.stderr)


if __name__ == "__main__":
    main()
