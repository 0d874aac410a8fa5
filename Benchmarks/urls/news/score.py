#!/usr/bin/env python3
"""Scores URL normalizers on the team's news set (news_urls.json): for each
implementation, how many same-article pairs it merges (both URLs give the
same string) and how many different-article pairs it merges (false merges).

    GALLEY_LIBRARY=build/libgalley.so PYTHONPATH=bindings/python \\
      Benchmarks/urls/.venv/bin/python Benchmarks/urls/news/score.py \\
      [--json Benchmarks/urls/results/news.json] [--show]

Implementations: the URL as written (lower bound), Galley's canonical URL
and match key, courlan.normalize_url(url, strict=True), w3lib's
canonicalize_url, url-normalize's url_normalize, ada-url's normalize_url
(a WHATWG parse and serialize: the floor every normalizer should reach).
A call that raises counts as the URL itself.
"""

import argparse
import itertools
import json
import os
import platform
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def implementations():
    import galley
    impls = [
        ("as written", lambda u: u),
        ("galley canonical_url", galley.canonicalize_url),
        ("galley link_key", galley.link_key),
    ]
    try:
        import ada_url
        impls.append(("ada-url normalize_url", ada_url.normalize_url))
    except ImportError:
        pass
    try:
        import courlan
        impls.append(("courlan normalize_url(strict=True)", lambda u: courlan.normalize_url(u, strict=True)))
    except ImportError:
        pass
    try:
        import w3lib.url
        impls.append(("w3lib canonicalize_url", w3lib.url.canonicalize_url))
    except ImportError:
        pass
    try:
        from url_normalize import url_normalize
        impls.append(("url-normalize", url_normalize))
    except ImportError:
        pass
    return impls


def versions():
    out = {}
    for dist in ("ada-url", "courlan", "w3lib", "url-normalize"):
        try:
            from importlib.metadata import version
            out[dist] = version(dist)
        except Exception:
            pass
    import galley
    out["galley"] = galley.__version__
    return out


def score(groups, fn):
    keyed = []
    errors = 0
    for g, group in enumerate(groups):
        for url in group["urls"]:
            try:
                key = fn(url)
            except Exception:
                key, errors = url, errors + 1
            keyed.append((g, url, key))
    same = merged = false = 0
    misses, false_pairs = [], []
    for (ga, ua, ka), (gb, ub, kb) in itertools.combinations(keyed, 2):
        if ga == gb:
            same += 1
            if ka == kb:
                merged += 1
            else:
                misses.append((ua, ub))
        elif ka == kb:
            false += 1
            false_pairs.append((ua, ub, ka))
    return {"same_article_pairs": same, "merged": merged, "false_merges": false, "errors": errors,
            "missed": misses, "false_merged": false_pairs}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(HERE, "news_urls.json"))
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--show", action="store_true", help="list the missed pairs and false merges")
    args = ap.parse_args()
    with open(args.data, encoding="utf-8") as f:
        groups = json.load(f)["groups"]
    n_urls = sum(len(g["urls"]) for g in groups)
    rows = []
    for name, fn in implementations():
        r = score(groups, fn)
        r["name"] = name
        rows.append(r)
    same = rows[0]["same_article_pairs"]
    print(f"{n_urls} URLs in {len(groups)} articles: {same} same-article pairs, "
          f"{n_urls * (n_urls - 1) // 2 - same} different-article pairs\n")
    print("| Implementation | Same-article pairs merged | Per 32 | False merges | Errors |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['name']} | {r['merged']} / {r['same_article_pairs']} | "
              f"{32 * r['merged'] / r['same_article_pairs']:.1f} | {r['false_merges']} | {r['errors']} |")
    if args.show:
        for r in rows[1:]:
            print(f"\n## {r['name']}")
            for a, b in r["missed"]:
                print(f"  missed  {a}\n          {b}")
            for a, b, k in r["false_merged"]:
                print(f"  FALSE   {a}\n          {b}\n       -> {k}")
    if args.json:
        out = {"command": "Benchmarks/urls/news/score.py --json " + args.json,
               "machine": platform.platform(), "python": platform.python_version(),
               "versions": versions(), "urls": n_urls, "articles": len(groups),
               "rows": [{k: v for k, v in r.items()} for r in rows]}
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=1, ensure_ascii=False)
            f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
