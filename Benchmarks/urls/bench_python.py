#!/usr/bin/env python3
"""URL canonicalizations per second from Python: Galley (ctypes: one batch
call for all URLs, and one call per URL) against ada-url, courlan and w3lib,
over the same URLs (gen_urls.py's `url<TAB>base` lines), best of N, the
implementations taking turns within each round. Prints JSON on stdout.

    GALLEY_LIBRARY=build/libgalley.so PYTHONPATH=bindings/python \\
      .venv/bin/python bench_python.py build/urls.tsv --runs 3

What each call does (they are not the same job; see README.md):
  galley_batch      galley.canonicalize_urls(urls, bases): the same job as
                    `galley` for every URL in one call (the lists of URLs and
                    of per-URL bases are the input; the timed call builds the
                    flat buffers and the result list)
  galley            galley.canonicalize_url(url, base): WHATWG parse + IDNA,
                    fragment and tracking parameters dropped, query sorted,
                    escapes normalized
  galley_parse      galley.parse_url(url, base).href: WHATWG parse and
                    serialize only (ada's job), for reference
  ada_normalize     ada_url.normalize_url(url), or ada_url.join_url(base, url)
                    for relative ones: WHATWG parse + serialize; keeps the
                    fragment, tracking parameters and query order
  courlan           courlan.normalize_url(url) (after urllib.parse.urljoin
                    for relative ones, timed): urllib-based; lower-cases the
                    host, drops default ports, strips trackers, sorts the
                    query; keeps the fragment, dot segments and Unicode hosts
  w3lib             w3lib.url.canonicalize_url(url) (after urljoin, timed):
                    IDNA-encodes, resolves dot segments, sorts the query,
                    drops the fragment, decodes unreserved escapes; keeps
                    tracking parameters and default ports
"""

import argparse
import json
import sys
import time
from urllib.parse import urljoin


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            url, _, base = line.rstrip("\n").partition("\t")
            rows.append((url, base or None))
    return rows


def implementations():
    import galley
    import ada_url
    import courlan
    import w3lib.url

    g_canon = galley.canonicalize_url
    g_parse = galley.parse_url
    a_norm, a_join = ada_url.normalize_url, ada_url.join_url
    c_norm = courlan.normalize_url
    w_canon = w3lib.url.canonicalize_url

    def galley_canon(url, base):
        return g_canon(url, base)

    def galley_parse(url, base):
        return g_parse(url, base).href

    def ada(url, base):
        return a_join(base, url) if base is not None else a_norm(url)

    def cour(url, base):
        return c_norm(urljoin(base, url) if base is not None else url)

    def w3(url, base):
        return w_canon(urljoin(base, url) if base is not None else url)

    g_many = galley.canonicalize_urls

    def galley_batch(urls, bases):
        return g_many(urls, bases)

    galley_batch.batch = True

    return [
        ("galley_batch", "galley.canonicalize_urls(urls, bases) — one call for all", galley_batch),
        ("galley", "galley.canonicalize_url(url, base) — per call", galley_canon),
        ("galley_parse", "galley.parse_url(url, base).href — parse+serialize only", galley_parse),
        ("ada_normalize", "ada_url.normalize_url(url) / join_url(base, url)", ada),
        ("courlan", "courlan.normalize_url(urljoin(base, url))", cour),
        ("w3lib", "w3lib.url.canonicalize_url(urljoin(base, url))", w3),
    ]


def run_once(fn, rows):
    if getattr(fn, "batch", False):
        urls = [u for u, _ in rows]
        bases = [b for _, b in rows]
        t0 = time.perf_counter()
        out = fn(urls, bases)
        return time.perf_counter() - t0, sum(x is None for x in out)
    failed = 0
    t0 = time.perf_counter()
    for url, base in rows:
        try:
            fn(url, base)
        except Exception:
            failed += 1
    return time.perf_counter() - t0, failed


EXAMPLES = [
    ("HTTPS://WWW.Example.COM:443/a/./b/../c?utm_source=tw&b=2&a=1#comments", None),
    ("https://bücher.de/caf%c3%a9/%7euser?fbclid=IwAR&q=x%20y", None),
    ("../2024/05/world/x.html?gclid=Cj0&page=2#top", "https://www.reuters.com/2023/01/opinion/y.html"),
]


def one(fn, url, base):
    """One URL through an implementation (a batch one gets a list of one)."""
    if getattr(fn, "batch", False):
        out = fn([url], [base])[0]
        if out is None:
            raise ValueError("not a URL")
        return out
    return fn(url, base)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("urls")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    rows = load(args.urls)
    impls = implementations()

    import galley, ada_url, courlan, w3lib  # noqa: E401 (versions)
    from importlib.metadata import version
    versions = {"galley": galley.__version__, "ada-url": version("ada-url"),
                "courlan": version("courlan"), "w3lib": version("w3lib"),
                "python": sys.version.split()[0]}

    # Warm-up (imports, caches: courlan and w3lib memoize nothing that
    # matters here, but the first call of each pays lazy set-up).
    for _, _, fn in impls:
        run_once(fn, rows[:2000])

    times = {name: [] for name, _, _ in impls}
    failed = {}
    for r in range(args.runs):
        for name, _, fn in impls:
            dt, nfail = run_once(fn, rows)
            times[name].append(dt)
            failed[name] = nfail
            print("  %-13s run %d: %.3f s (%.0f URLs/s, %d failed)"
                  % (name, r + 1, dt, len(rows) / dt, nfail), file=sys.stderr)

    examples = []
    for url, base in EXAMPLES:
        out = {}
        for name, _, fn in impls:
            try:
                out[name] = one(fn, url, base)
            except Exception as e:  # pragma: no cover
                out[name] = "error: %s" % e
        examples.append({"url": url, "base": base, "outputs": out})

    # How often each peer's output equals Galley's canonical href (untimed;
    # they do different jobs, so this measures the difference, not errors).
    sample = rows[::10]
    ref = {}
    for i, (url, base) in enumerate(sample):
        try:
            ref[i] = one(impls[0][2], url, base)
        except Exception:
            ref[i] = None
    agree = {}
    for name, _, fn in impls[1:]:
        same = 0
        for i, (url, base) in enumerate(sample):
            try:
                same += one(fn, url, base) == ref[i]
            except Exception:
                pass
        agree[name] = {"sample": len(sample), "same_as_galley": same}

    result = {
        "urls": len(rows),
        "runs": args.runs,
        "versions": versions,
        "implementations": {
            name: {
                "call": call,
                "times_s": times[name],
                "best_s": min(times[name]),
                "urls_per_s": len(rows) / min(times[name]),
                "failed": failed[name],
            }
            for name, call, _ in impls
        },
        "agreement_with_galley": agree,
        "examples": examples,
    }
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
