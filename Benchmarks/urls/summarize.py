#!/usr/bin/env python3
"""Merges bench_c's and bench_python.py's JSON into results.json (machine,
date, command, commit, versions, every figure, ratios, targets) and prints
the table.

    python3 summarize.py --c c.json --py py.json --out results.json \\
        --command "..." --data-sha256 HEX --lib PATH
    python3 summarize.py --table results.json     # the table again
"""

import argparse
import datetime
import json
import os
import platform
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TARGET_C = 1_000_000          # URLs/s through the C ABI
TARGET_PY_VS_ADA = 3.0        # Python batch vs ada_url.normalize_url


def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except Exception:
        return None


def machine():
    info = {}
    lscpu = sh("lscpu") or ""
    for line in lscpu.splitlines():
        k, _, v = line.partition(":")
        k, v = k.strip(), v.strip()
        if k == "Model name":
            info["cpu_model"] = v
        elif k == "Hypervisor vendor":
            info["hypervisor"] = v
    info["cpus"] = os.cpu_count()
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
        info["memory_gib"] = round(kb / 2**20, 1)
    except Exception:
        pass
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    info["os"] = line.split("=", 1)[1].strip().strip('"')
    except Exception:
        pass
    info["kernel"] = platform.release()
    gcc = sh(os.environ.get("CC", "gcc"), "--version")
    info["cc"] = gcc.splitlines()[0] if gcc else None
    return info


def table(res):
    py = res["python"]["implementations"]
    ada = py["ada_normalize"]["urls_per_s"]
    rows = [("Galley C, batch (`galley_url_canonicalize_many`)", res["c"]["batch"]["urls_per_s"],
             res["c"]["batch"]["failed"]),
            ("Galley C, per call (`galley_url_canonicalize`)", res["c"]["urls_per_s"], res["c"]["failed"]),
            ("Galley C, parse only (`galley_url_parse`)", res["c"]["parse_only"]["urls_per_s"],
             res["c"]["parse_only"]["failed"])]
    names = {
        "galley_batch": "Galley Python, batch (`galley.canonicalize_urls`)",
        "galley": "Galley Python, per call (`galley.canonicalize_url`)",
        "galley_parse": "Galley Python, parse only (`galley.parse_url(...).href`)",
        "ada_normalize": "ada-url (`normalize_url` / `join_url`)",
        "courlan": "courlan (`normalize_url`)",
        "w3lib": "w3lib (`canonicalize_url`)",
    }
    for k, label in names.items():
        rows.append((label, py[k]["urls_per_s"], py[k]["failed"]))
    out = ["| Implementation | URLs/s | vs ada-url | failed |", "|---|---:|---:|---:|"]
    for label, ups, failed in rows:
        out.append("| %s | %s | %.2fx | %d |" % (label, format(round(ups), ","), ups / ada, failed))
    t = res["targets"]
    out.append("")
    out.append("Target C >= 1,000,000 URLs/s (batch call): %s (%s URLs/s, %.3f of target)" % (
        "met" if t["c"]["met"] else "NOT met", format(round(t["c"]["value"]), ","), t["c"]["value"] / TARGET_C))
    out.append("Target Python batch >= 3x ada-url: %s (%.2fx)" % (
        "met" if t["python_vs_ada"]["met"] else "NOT met", t["python_vs_ada"]["value"]))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--c")
    ap.add_argument("--py")
    ap.add_argument("--out")
    ap.add_argument("--command", default="Benchmarks/urls/run.sh")
    ap.add_argument("--data-sha256")
    ap.add_argument("--lib")
    ap.add_argument("--wall-seconds", type=int)
    ap.add_argument("--table")
    args = ap.parse_args()
    if args.table:
        with open(args.table) as f:
            print(table(json.load(f)))
        return
    with open(args.c) as f:
        c = json.load(f)
    with open(args.py) as f:
        py = json.load(f)
    impl = py["implementations"]
    ada = impl["ada_normalize"]["urls_per_s"]
    commit = sh("git", "-C", ROOT, "rev-parse", "--short", "HEAD")
    dirty = bool(sh("git", "-C", ROOT, "status", "--porcelain"))
    res = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": args.command,
        "wall_seconds": args.wall_seconds,
        "machine": machine(),
        "galley": {"library": args.lib, "commit": commit, "uncommitted_changes": dirty},
        "versions": py["versions"],
        "data": {"generator": "Benchmarks/urls/gen_urls.py", "urls": c["urls"],
                 "sha256": args.data_sha256},
        "c": c,
        "python": py,
        "ratios_vs_ada": {k: v["urls_per_s"] / ada for k, v in impl.items()}
                         | {"galley_c": c["urls_per_s"] / ada, "galley_c_batch": c["batch"]["urls_per_s"] / ada},
        "targets": {
            "c": {"target_urls_per_s": TARGET_C, "value": c["batch"]["urls_per_s"],
                  "met": c["batch"]["urls_per_s"] >= TARGET_C,
                  "note": "measured through the batch call; per call: %.0f URLs/s" % c["urls_per_s"]},
            "python_vs_ada": {
                "target_ratio": TARGET_PY_VS_ADA,
                "value": impl["galley_batch"]["urls_per_s"] / ada,
                "met": impl["galley_batch"]["urls_per_s"] / ada >= TARGET_PY_VS_ADA,
            },
        },
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(res, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(table(res))


if __name__ == "__main__":
    main()
