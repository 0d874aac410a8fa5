#!/usr/bin/env python3
"""Per-call and batch speed from Python against ada-url's URL(u).href, in one
process (issue 16). The implementations take turns within each round; every
call is timed on the process CPU clock (steady on a loaded machine) and on
the wall clock at once. Figures are medians over `--runs` rounds (best also
given); ratios are CPU medians against ada_href's. Prints JSON on stdout
and a table on stderr, with the load average before and after.

    GALLEY_LIBRARY=build/libgalley.so PYTHONPATH=bindings/python \\
      Benchmarks/urls/.venv/bin/python Benchmarks/urls/per_call.py \\
      Benchmarks/urls/build/urls.tsv --count 30000 --runs 9

Rows (every one resolves relative URLs against their base):
  ada_href          ada_url.URL(url, base).href — the reference (1.00x)
  ada_normalize     ada_url.normalize_url(url) / join_url(base, url)
  galley_canonical  galley.canonicalize_url(url, base)
  galley_parse      galley.parse_url(url, base).href
  galley_key        galley.link_key(url, base)
  galley_batch      galley.canonicalize_urls(urls, bases): one call for all
  galley_key_batch  galley.link_keys(urls, bases)
"""

import argparse
import json
import os
import sys
import time


def load(path, count):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            url, _, base = line.rstrip("\n").partition("\t")
            rows.append((url, base or None))
            if len(rows) == count:
                break
    return rows


def clocks():
    return time.process_time(), time.perf_counter()


def implementations():
    import ada_url
    import galley

    URL, a_norm, a_join = ada_url.URL, ada_url.normalize_url, ada_url.join_url
    canon, parse, key = galley.canonicalize_url, galley.parse_url, galley.link_key
    many, keys = galley.canonicalize_urls, galley.link_keys

    def per_call(fn):
        def run(rows):
            c0, w0 = clocks()
            for url, base in rows:
                fn(url, base)
            c1, w1 = clocks()
            return c1 - c0, w1 - w0
        return run

    def batch(fn):
        def run(rows):
            urls = [u for u, _ in rows]
            bases = [b for _, b in rows]
            c0, w0 = clocks()
            fn(urls, bases)
            c1, w1 = clocks()
            return c1 - c0, w1 - w0
        return run

    def ada_href(url, base):
        return URL(url, base).href if base is not None else URL(url).href

    def ada_normalize(url, base):
        return a_join(base, url) if base is not None else a_norm(url)

    return [
        ("ada_href", "ada_url.URL(url, base).href", per_call(ada_href)),
        ("ada_normalize", "ada_url.normalize_url(url) / join_url(base, url)", per_call(ada_normalize)),
        ("galley_canonical", "galley.canonicalize_url(url, base)", per_call(canon)),
        ("galley_parse", "galley.parse_url(url, base).href", per_call(lambda u, b: parse(u, b).href)),
        ("galley_key", "galley.link_key(url, base)", per_call(key)),
        ("galley_batch", "galley.canonicalize_urls(urls, bases)", batch(many)),
        ("galley_key_batch", "galley.link_keys(urls, bases)", batch(keys)),
    ]


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("urls")
    ap.add_argument("--count", type=int, default=30000)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--clock", choices=("wall", "cpu"), default="cpu",
                    help="the clock the ratios use (both are recorded); cpu: this process's CPU time")
    args = ap.parse_args()
    rows = load(args.urls, args.count)
    impls = implementations()
    for _, _, run in impls:  # warm-up
        run(rows[:1000])
    cpu = {name: [] for name, _, _ in impls}
    wall = {name: [] for name, _, _ in impls}
    load_before = os.getloadavg()
    for _ in range(args.runs):
        for name, _, run in impls:
            c, w = run(rows)
            cpu[name].append(c)
            wall[name].append(w)
    load_after = os.getloadavg()
    chosen = cpu if args.clock == "cpu" else wall
    ref = len(rows) / median(chosen["ada_href"])
    result = {"urls": len(rows), "runs": args.runs, "clock": args.clock,
              "load_average_before": load_before, "load_average_after": load_after,
              "reference": "ada_href", "statistic": "median", "rows": {}}
    print(f"{len(rows)} URLs, median of {args.runs} runs, {args.clock} clock; load average "
          f"{load_before[0]:.1f} before, {load_after[0]:.1f} after", file=sys.stderr)
    print("| Call | URLs/s | µs per URL | vs ada_url.URL(u).href | (best) | wall µs per URL |", file=sys.stderr)
    print("|---|---:|---:|---:|---:|---:|", file=sys.stderr)
    best_ref = len(rows) / min(chosen["ada_href"])
    for name, call, _ in impls:
        ups = len(rows) / median(chosen[name])
        best = len(rows) / min(chosen[name])
        result["rows"][name] = {"call": call, "cpu_s": cpu[name], "wall_s": wall[name],
                                "median_s": median(chosen[name]), "best_s": min(chosen[name]),
                                "urls_per_s": ups, "ratio_vs_ada_href": ups / ref,
                                "best_ratio_vs_ada_href": best / best_ref}
        print(f"| `{call}` | {ups:,.0f} | {1e6 / ups:.2f} | {ups / ref:.2f}x | {best / best_ref:.2f}x "
              f"| {median(wall[name]) * 1e6 / len(rows):.2f} |", file=sys.stderr)
    r = result["rows"]
    result["targets"] = {
        "per_call_canonical_ge_1.0x": r["galley_canonical"]["ratio_vs_ada_href"] >= 1.0,
        "per_call_parse_href_ge_1.0x": r["galley_parse"]["ratio_vs_ada_href"] >= 1.0,
        "batch_ge_5x": r["galley_batch"]["ratio_vs_ada_href"] >= 5.0,
    }
    import ada_url  # noqa: F401
    from importlib.metadata import version
    import galley
    result["versions"] = {"ada-url": version("ada-url"), "galley": galley.__version__,
                          "python": sys.version.split()[0]}
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
