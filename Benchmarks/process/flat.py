#!/usr/bin/env python3
"""Is `galley process` flat over a long run? (issue 11)

Runs `galley process ARTICLES --index FRESH --out FILE --jobs 2 --profile`
once, reads its progress lines (one every 5 s: bytes done), and samples the
process's CPU time (utime + stime from /proc) and RSS at each line. Reports
the rate (MB/s) and CPU-seconds per MB over the first and the last 10% of
the input bytes, their ratio, peak RSS (/usr/bin/time), the final index
size, and the --profile breakdown. CPU-seconds per MB is the figure to
trust on a shared machine; MB/s moves with the neighbours' load.

    flat.py --galley .build/release/galley --articles build/articles.jsonl --json results/flat-1gb.json
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    total = 0.0
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICK
    except OSError:
        pass
    return total


def rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def window(samples, lo, hi):
    """Rate and CPU/MB between the samples bracketing bytes lo and hi."""
    a = min((s for s in samples if s["bytes"] >= lo), key=lambda s: s["bytes"])
    b = max((s for s in samples if s["bytes"] <= hi), key=lambda s: s["bytes"])
    mb = (b["bytes"] - a["bytes"]) / 1e6
    return {"from_mb": a["bytes"] / 1e6, "to_mb": b["bytes"] / 1e6, "mb_per_s": mb / (b["t"] - a["t"]),
            "cpu_s_per_mb": (b["cpu"] - a["cpu"]) / mb}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--galley", required=True)
    ap.add_argument("--articles", required=True)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--tmp", default=tempfile.gettempdir())
    ap.add_argument("--json")
    a = ap.parse_args()
    total = os.path.getsize(a.articles)
    tmp = tempfile.mkdtemp(dir=a.tmp)
    index, out, timef = (os.path.join(tmp, n) for n in ("index.db", "out.jsonl", "time.txt"))
    cmd = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", timef, a.galley, "process", a.articles,
           "--index", index, "--out", out, "--jobs", str(a.jobs), "--profile"]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    child = None
    samples = [{"t": 0.0, "bytes": 0, "cpu": 0.0, "rss": 0}]
    lines = []
    line_re = re.compile(r"galley: \d+%: \d+ articles, ([\d.]+) MB")
    for line in p.stderr:
        lines.append(line.rstrip("\n"))
        if child is None:
            kids = subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True, text=True).stdout.split()
            child = int(kids[0]) if kids else None
        m = line_re.search(line)
        if m and child:
            samples.append({"t": time.monotonic() - t0, "bytes": float(m.group(1)) * 1e6,
                            "cpu": cpu_seconds(child), "rss": rss(child)})
    p.wait()
    wall, user, sys_, maxrss = open(timef).read().split()[-4:]
    samples.append({"t": float(wall), "bytes": total, "cpu": float(user) + float(sys_), "rss": 0})
    first = window(samples, 0, 0.1 * total)
    last = window(samples, 0.9 * total, total)
    # RSS as the run grows: sampled at every progress line; its growth per
    # input MB and per paragraph between the 10% sample and the last one.
    sampled = [s for s in samples if s["rss"] > 0]
    at10 = min((s for s in sampled if s["bytes"] >= 0.1 * total), key=lambda s: s["bytes"], default=None)
    end = max(sampled, key=lambda s: s["bytes"], default=None)
    summary = next((l for l in reversed(lines) if " paragraphs, " in l and " articles, " in l), "")
    m = re.search(r"(\d+) paragraphs", summary)
    paragraphs = int(m.group(1)) if m else 0
    rss_growth = {}
    if at10 and end and end["bytes"] > at10["bytes"]:
        growth_per_mb = (end["rss"] - at10["rss"]) / ((end["bytes"] - at10["bytes"]) / 1e6)
        rss_growth = {"at_10pct_bytes": at10["rss"], "at_last_sample_bytes": end["rss"],
               "last_sample_mb": end["bytes"] / 1e6, "growth_bytes_per_input_mb": growth_per_mb,
               "growth_bytes_per_paragraph": growth_per_mb * (total / 1e6) / paragraphs if paragraphs else None,
               "paragraphs": paragraphs}
    result = {
        "command": " ".join(cmd[5:]).replace(tmp, "$TMP"),
        "input_bytes": total, "wall_seconds": float(wall), "user_seconds": float(user),
        "system_seconds": float(sys_), "peak_rss_bytes": int(maxrss) * 1024,
        "mb_per_s": total / 1e6 / float(wall), "cpu_s_per_mb": (float(user) + float(sys_)) / (total / 1e6),
        "first_10pct": first, "last_10pct": last,
        "last_over_first_rate": last["mb_per_s"] / first["mb_per_s"],
        "first_over_last_cpu_per_mb": first["cpu_s_per_mb"] / last["cpu_s_per_mb"],
        "index_bytes": os.path.getsize(index), "exit": p.returncode, "rss": rss_growth,
        "load_average_at_end": open("/proc/loadavg").read().split()[:3],
        "profile": [l for l in lines if not l.startswith("galley: ") or "articles," not in l or "%" not in l],
        "samples": samples,
    }
    for f in (index, index + "-wal", out, timef):
        if os.path.exists(f):
            os.remove(f)
    os.rmdir(tmp)
    print(json.dumps({k: v for k, v in result.items() if k != "samples"}, indent=1))
    if a.json:
        Path(a.json).write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
