#!/usr/bin/env python3
"""Print the near-duplicate results as the README's markdown tables: the
peers (results/peers.json, from bench_peers.py) and, if given and present,
Galley (results/galley.json, from bench_galley.py), with Galley's ratios to
rensa and the issue-4 targets.

    summarize.py [results/peers.json [results/galley.json]]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

LABELS = {
    "galley": "**Galley** (Python batch API)",
    "ccnet": "CCNet-style exact hash (normalized text, SHA-1)",
    "datasketch": "datasketch `MinHashLSH`",
    "rensa": "rensa `RMinHash` + `RMinHashLSH`",
    "rensa-dedup": "rensa `RMinHashDeduplicator` (flags only)",
}


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "results" / "peers.json"
    gpath = Path(sys.argv[2]) if len(sys.argv) > 2 else path.parent / "galley.json"
    r = json.loads(path.read_text())
    g = json.loads(gpath.read_text()) if gpath.exists() else None
    m = r["machine"]
    print(f"Machine: {m['cpu']}, {m['cpus']} CPUs, {m['memory_bytes'] / 2**30:.1f} GiB, "
          f"{m['os']}, Python {m['python']}; {r['date']}; command `{r['command']}`; "
          f"{r['paragraphs']:,} paragraphs, best of {r['runs']} fresh-process runs; "
          f"corpus sha256 {str(r['corpus_sha256'])[:12]}…; git {r.get('git')}\n")
    ratios = r.get("speed_vs_rensa") or {}
    print("| system | bands x rows | precision | recall | paragraphs/s | vs rensa | peak RSS MiB | RSS growth B/paragraph |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s, v in r["systems"].items():
        sc = v["score"]
        if "precision" in sc:
            p, rc = f"{sc['precision']:.3f}", f"{sc['recall']:.3f}"
        else:  # flags only
            p, rc = f"({sc['flag_precision']:.3f})", f"({sc['flag_recall']:.3f})"
        params = f"{v['bands']} x {v['rows']}" if "bands" in v else ("8 x 16" if s == "rensa-dedup" else "–")
        ratio = f"{ratios[s]:.2f}x" if s in ratios else "–"
        name = LABELS.get(s, s) + (f" {v['version']}" if v.get("version") else "")
        print(f"| {name} | {params} | {p} | {rc} | {v['paragraphs_per_second']:,.0f} | {ratio} | "
              f"{v['peak_rss'] / 2**20:,.0f} | {v['rss_growth_bytes_per_paragraph']:,.0f} |")
    print()
    print("| system | tokenize s | sketch s | LSH + pick s | total s (all runs) | candidates | "
          "LSH-only precision / recall | false positives (Jaccard in [0.7, 0.8)) |")
    print("| --- | ---: | ---: | ---: | --- | ---: | --- | --- |")

    def f(x):
        return "–" if x is None else f"{x:.2f}"

    for s, v in r["systems"].items():
        sec = v["seconds"]
        lo = v.get("score_lsh_only")
        sc = v["score"]
        fp = (f"{sc['false_positives']:,} ({sc.get('false_positive_jaccard', {}).get('[0.7,0.8)', 0):,})"
              if "false_positives" in sc else "–")
        print(f"| {s} | {f(sec.get('tokenize'))} | {f(sec.get('sketch', sec.get('dedup')))} | "
              f"{f(sec.get('lsh'))} | {f(sec['total'])} ({', '.join(f'{x:.2f}' for x in v['all_totals'])}) | "
              f"{v.get('candidates', '–')} | "
              f"{(format(lo['precision'], '.3f') + ' / ' + format(lo['recall'], '.3f')) if lo else '–'} | {fp} |")
    print()
    per = {s: v["recall_by_class"] for s, v in r["systems"].items() if v.get("recall_by_class")}
    if per:
        names = list(per)
        classes = list(next(iter(per.values())))
        print("| recall by class of the closest earlier true partner | positives | "
              + " | ".join(names) + " |")
        print("| --- | ---: | " + " | ".join("---:" for _ in names) + " |")
        for c in classes:
            pos = per[names[0]][c][1]
            print(f"| {c} | {pos:,} | " + " | ".join(f"{per[s][c][0] / pos:.3f}" for s in names) + " |")
        print()
    rensa = r["systems"].get("rensa")
    if g is None:
        print("Galley: not measured (no galley.json; bench_galley.py not run or still a stub)")
        return 0
    gp = g.get("paragraphs_per_s") or g.get("paragraphs_per_second")
    ratio = gp / rensa["paragraphs_per_second"] if rensa and gp else None
    ib = g.get("index_bytes_per_paragraph")
    gfile = gpath.parent / "galley-file.json"
    gf = json.loads(gfile.read_text()) if gfile.exists() else None
    if ib is None and gf is not None:
        ib = gf.get("index_bytes_per_paragraph")
    print(f"Galley (bench_galley.py, {g.get('paragraphs'):,} paragraphs, version {g.get('version')}, "
          f"in memory): precision {g['precision']:.4f}, recall {g['recall']:.4f}, {gp:,.0f} paragraphs/s"
          f" = {ratio:.2f}x rensa, peak RSS {g['peak_rss'] / 2**20:,.0f} MiB")
    if gf is not None:
        gfp = gf["paragraphs_per_s"]
        print(f"Galley with an SQLite file index: {gfp:,.0f} paragraphs/s = "
              f"{gfp / rensa['paragraphs_per_second']:.2f}x rensa, index "
              f"{gf['index_bytes_per_paragraph']:,.1f} bytes/paragraph, precision {gf['precision']:.4f}, "
              f"recall {gf['recall']:.4f}")
    if g.get("paragraphs") != r["paragraphs"]:
        print(f"warning: Galley ran on {g.get('paragraphs')} paragraphs, the peers on {r['paragraphs']}")
    print()
    targets = [
        ("precision >= 0.99", g["precision"], g["precision"] >= 0.99),
        ("recall >= 0.98", g["recall"], g["recall"] >= 0.98),
        ("end to end >= 3x rensa's paragraphs/s", ratio, ratio is not None and ratio >= 3.0),
        ("index <= 256 bytes per paragraph", ib, ib is not None and ib <= 256),
    ]
    for name, value, met in targets:
        v = "–" if value is None else (f"{value:.4f}" if value < 10 else f"{value:,.0f}")
        print(f"- {name}: {'met' if met else 'NOT met'} ({v})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
