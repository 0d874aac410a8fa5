#!/usr/bin/env python3
"""Reads run.sh's logs (galley's summary and --profile lines, /usr/bin/time)
and writes results.json and the table.

    python3 summarize.py --build build --runs 3 --out results/results.json
    python3 summarize.py --table results/results.json
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TARGET_MB_S = 20.0


def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except Exception:
        return None


def parse(build, name):
    err = open(os.path.join(build, name + ".err"), encoding="utf-8").read()
    wall, rss_kb = open(os.path.join(build, name + ".time")).read().split()
    summary = re.search(r"galley: (\d+) articles, (\d+) paragraphs, (\d+) sentences, (\d+) duplicates "
                        r"\((\d+) exact, (\d+) near, (\d+) contained\), (\d+) related links, (\d+) errors "
                        r"in ([\d.]+) s \(([\d.]+) MB, ([\d.]+) MB/s\)", err)
    stages = {}
    for m in re.finditer(r"^  ([a-z+ ()]+?)\s*: ([\d.]+) s, ([\d.]+) MB/s", err, re.M):
        stages[m.group(1).strip()] = {"seconds": float(m.group(2)), "mb_per_s": float(m.group(3))}
    g = [float(x) for x in summary.groups()]
    return {
        "articles": int(g[0]), "paragraphs": int(g[1]), "sentences": int(g[2]), "duplicates": int(g[3]),
        "exact": int(g[4]), "near": int(g[5]), "contained": int(g[6]), "related_links": int(g[7]),
        "errors": int(g[8]), "seconds": g[9], "mb": g[10], "mb_per_s": g[11],
        "wall_s": float(wall), "peak_rss_mib": round(int(rss_kb) / 1024, 1), "stages": stages,
    }


def table(res):
    best = res["best"]
    out = ["| Run | MB/s | seconds | peak RSS |", "|---|---:|---:|---:|"]
    for label, key in (("`--jobs 2` (best of %d)" % res["runs"], "best"), ("`--jobs 1`", "jobs1"),
                       ("`--jobs 2 --no-index`", "noindex")):
        r = res[key]
        out.append("| %s | %.1f | %.1f | %.0f MiB |" % (label, r["mb_per_s"], r["seconds"], r["peak_rss_mib"]))
    out += ["", "Stages of the best run (CPU seconds summed over the preparing threads; the index stage is "
            "the commit thread's wall time):", "", "| Stage | seconds | MB/s |", "|---|---:|---:|"]
    for name, s in best["stages"].items():
        out.append("| %s | %.2f | %.1f |" % (name, s["seconds"], s["mb_per_s"]))
    out += ["", "%d articles, %.1f MB, %d paragraphs, %d sentences, %d duplicates (%d exact, %d near, "
            "%d contained), %d related links." % (best["articles"], best["mb"], best["paragraphs"], best["sentences"],
                                                 best["duplicates"], best["exact"], best["near"], best["contained"],
                                                 best["related_links"]),
            "Target >= %.0f MB/s on 2 cores: %s (%.1f MB/s, %.2f of target)." % (
                TARGET_MB_S, "met" if best["mb_per_s"] >= TARGET_MB_S else "NOT met", best["mb_per_s"],
                best["mb_per_s"] / TARGET_MB_S)]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out")
    ap.add_argument("--command", default="Benchmarks/process/run.sh")
    ap.add_argument("--table")
    args = ap.parse_args()
    if args.table:
        print(table(json.load(open(args.table))))
        return
    runs = [parse(args.build, "jobs2-%d" % i) for i in range(1, args.runs + 1)]
    best = max(runs, key=lambda r: r["mb_per_s"])
    lscpu = sh("lscpu") or ""
    cpu = next((l.split(":", 1)[1].strip() for l in lscpu.splitlines() if l.startswith("Model name")), None)
    res = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": args.command,
        "machine": {"cpu_model": cpu, "cpus": os.cpu_count(), "kernel": platform.release()},
        "galley": {"commit": sh("git", "-C", ROOT, "rev-parse", "--short", "HEAD"),
                   "uncommitted_changes": bool(sh("git", "-C", ROOT, "status", "--porcelain"))},
        "corpus": json.load(open(os.path.join(args.build, "corpus.json"))),
        "runs": args.runs,
        "jobs2_runs": runs,
        "best": best,
        "jobs1": parse(args.build, "jobs1"),
        "noindex": parse(args.build, "noindex"),
        "target": {"mb_per_s": TARGET_MB_S, "value": best["mb_per_s"], "met": best["mb_per_s"] >= TARGET_MB_S},
    }
    with open(args.out, "w") as f:
        json.dump(res, f, indent=2)
        f.write("\n")
    print(table(res))


if __name__ == "__main__":
    main()
