#!/usr/bin/env python3
"""Collects the JSON lines of one benchmark run into results.json (machine,
versions, every figure, ratios against the targets, and the golden-rule
pass counts of quality.py's quality.json when --quality is given) and
prints the summary tables in Markdown. Called by run.sh; can be re-run on a
results.json:

    python3 Benchmarks/summarize.py --table Benchmarks/results/results.json
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# Sentences with Galley's rules (the default) are issue 3's targets; raw
# sentences (GALLEY_SEGMENT_RAW: ICU's, no rules) keep issue 2's.
TARGETS = {
    # name: (value: a key of ratios or "figure:" + a key of the C sentence
    #        figures, minimum, unit, what it means)
    "c_sentence_galley_mb_per_s": (
        "figure:galley", 150, " MB/s",
        "Galley C sentences, rules on, >= 150 MB/s"),
    "c_sentence_galley_vs_icu_utf16": (
        "c_sentence_galley_vs_icu_utf16", 0.6, "x",
        "Galley C sentences, rules on, >= 0.6x raw ICU (UTF-16 iterator, ss=standard, paired)"),
    "c_sentence_galley_raw_vs_icu_utf16": (
        "c_sentence_galley_raw_vs_icu_utf16", 0.8, "x",
        "Galley C sentences, raw, >= 0.8x raw ICU (UTF-16 iterator, ss=standard, paired)"),
    "py_sentence_galley_vs_sentencex": (
        "py_sentence_galley_vs_sentencex", 1.5, "x",
        "Galley Python sentences, rules on, >= 1.5x sentencex"),
    "py_sentence_galley_raw_vs_sentencex": (
        "py_sentence_galley_raw_vs_sentencex", 1.0, "x",
        "Galley Python sentences, raw, >= 1.0x sentencex"),
}


def sh(*cmd: str) -> str:
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def machine() -> dict:
    info = {}
    for line in sh("lscpu").splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    return {
        "cpu_model": info.get("Model name", platform.processor()),
        "cpus": int(info.get("CPU(s)", os.cpu_count() or 0) or 0),
        "threads_per_core": info.get("Thread(s) per core"),
        "cpu_mhz": info.get("CPU MHz") or info.get("CPU max MHz"),
        "l3_cache": info.get("L3 cache"),
        "hypervisor": info.get("Hypervisor vendor"),
        "memory_gib": round(mem_kb / 2**20, 1),
        "kernel": platform.release(),
        "os": sh("sh", "-c", ". /etc/os-release && echo \"$PRETTY_NAME\""),
        "note": "shared, noisy machine: every figure is the best of N runs",
    }


def load(paths: list[str]) -> list[dict]:
    recs = []
    for p in paths:
        for line in Path(p).read_text().splitlines():
            line = line.strip()
            if line.startswith("{"):
                recs.append(json.loads(line))
    return recs


def find(recs, impl, bench, unit=None):
    for r in recs:
        if r.get("impl") == impl and r.get("bench") == bench and (unit is None or r.get("unit") == unit):
            return r
    return None


def mbps(rec) -> float | None:
    return rec["mb_per_s"] if rec and "mb_per_s" in rec else None


def ratio(a, b) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return round(a / b, 3)


def build(args) -> dict:
    recs = load(args.jsonl)
    info_icu = find(recs, "icu", "info") or {}
    info_galley = find(recs, "galley", "info") or {}
    info_py = find(recs, "python", "info") or {}

    fig = {"c": {}, "python": {}}
    for unit in ("sentence", "word"):
        fig["c"][unit] = {
            "icu_utf16": mbps(find(recs, "icu", "utf16", unit)),
            "icu_utf8_to_16": mbps(find(recs, "icu", "utf8_to_16", unit)),
            "icu_utext_utf8": mbps(find(recs, "icu", "utext_utf8", unit)),
            "icu_utf16_paired": mbps(find(recs, "icu", "utf16_paired", unit)),
            "galley": mbps(find(recs, "galley", "split", unit)),
            "galley_raw": mbps(find(recs, "galley", "split_raw", unit)),
            "galley_keep_whitespace": mbps(find(recs, "galley", "split_keep_whitespace", unit)),
        }
    fig["c"]["utf8_validate"] = mbps(find(recs, "galley", "utf8_validate"))
    py = fig["python"]
    py["sentence"] = {
        "galley": mbps(find(recs, "galley", "python", "sentence")),
        "galley_raw": mbps(find(recs, "galley", "python", "sentence_raw")),
        "sentencex": mbps(find(recs, "sentencex", "python", "sentence")),
        "blingfire": mbps(find(recs, "blingfire", "python", "sentence")),
    }
    py["word"] = {
        "galley": mbps(find(recs, "galley", "python", "word")),
        "blingfire": mbps(find(recs, "blingfire", "python", "word")),
    }
    py["sentence_1mb_prefix"] = {
        "galley": mbps(find(recs, "galley", "python", "sentence_pysbd_prefix")),
        "pysbd_per_paragraph": mbps(find(recs, "pysbd", "python", "sentence_per_paragraph")),
        "pysbd_whole_prefix": mbps(find(recs, "pysbd", "python", "sentence_whole_prefix")),
    }

    c_s, c_w = fig["c"]["sentence"], fig["c"]["word"]
    ratios = {
        # The headline C ratios use the paired ICU runs (same process, taking
        # turns with Galley); the standalone icu_raw figures are given too.
        "c_sentence_galley_vs_icu_utf16": ratio(c_s["galley"], c_s["icu_utf16_paired"]),
        "c_sentence_galley_vs_icu_utf16_standalone": ratio(c_s["galley"], c_s["icu_utf16"]),
        "c_sentence_galley_vs_icu_utf8_to_16": ratio(c_s["galley"], c_s["icu_utf8_to_16"]),
        "c_sentence_galley_raw_vs_icu_utf16": ratio(c_s["galley_raw"], c_s["icu_utf16_paired"]),
        "c_sentence_galley_raw_vs_icu_utf16_standalone": ratio(c_s["galley_raw"], c_s["icu_utf16"]),
        "c_sentence_galley_raw_vs_icu_utf8_to_16": ratio(c_s["galley_raw"], c_s["icu_utf8_to_16"]),
        "c_sentence_galley_vs_galley_raw": ratio(c_s["galley"], c_s["galley_raw"]),
        "c_sentence_galley_keep_ws_vs_icu_utf16": ratio(c_s["galley_keep_whitespace"], c_s["icu_utf16_paired"]),
        "c_word_galley_vs_icu_utf16": ratio(c_w["galley"], c_w["icu_utf16_paired"]),
        "c_word_galley_vs_icu_utf8_to_16": ratio(c_w["galley"], c_w["icu_utf8_to_16"]),
        "c_word_galley_keep_ws_vs_icu_utf16": ratio(c_w["galley_keep_whitespace"], c_w["icu_utf16_paired"]),
        "py_sentence_galley_vs_sentencex": ratio(py["sentence"]["galley"], py["sentence"]["sentencex"]),
        "py_sentence_galley_raw_vs_sentencex": ratio(py["sentence"]["galley_raw"], py["sentence"]["sentencex"]),
        "py_sentence_galley_vs_galley_raw": ratio(py["sentence"]["galley"], py["sentence"]["galley_raw"]),
        "py_sentence_galley_vs_blingfire": ratio(py["sentence"]["galley"], py["sentence"]["blingfire"]),
        "py_word_galley_vs_blingfire": ratio(py["word"]["galley"], py["word"]["blingfire"]),
        "py_sentence_galley_vs_pysbd_per_paragraph": ratio(
            py["sentence_1mb_prefix"]["galley"], py["sentence_1mb_prefix"]["pysbd_per_paragraph"]),
        "py_sentence_galley_vs_pysbd_whole_prefix": ratio(
            py["sentence_1mb_prefix"]["galley"], py["sentence_1mb_prefix"]["pysbd_whole_prefix"]),
        "py_vs_c_galley_sentence": ratio(py["sentence"]["galley"], c_s["galley"]),
        "py_vs_c_galley_sentence_raw": ratio(py["sentence"]["galley_raw"], c_s["galley_raw"]),
        "py_vs_c_galley_word": ratio(py["word"]["galley"], c_w["galley"]),
    }
    targets = {}
    for name, (source, minimum, unit, text) in TARGETS.items():
        if source.startswith("figure:"):
            value = c_s.get(source[len("figure:"):])
        else:
            value = ratios.get(source)
        targets[name] = {"target": text, "minimum": minimum, "value": value,
                         "unit": unit.strip(),
                         "met": None if value is None else value >= minimum}

    versions = {
        "galley": info_galley.get("galley_version"),
        "icu": info_icu.get("icu_version") or info_galley.get("icu_version"),
        "python": info_py.get("python"),
        "cc": sh(args.cc, "--version").splitlines()[0] if sh(args.cc, "--version") else None,
    }
    for r in recs:
        if r.get("bench") == "python" and r.get("impl") not in (None, "galley") and r.get("version"):
            versions[r["impl"]] = r["version"]
    if args.venv_python:
        numpy = sh(args.venv_python, "-c", "import numpy; print(numpy.__version__)")
        if numpy:
            versions["numpy (for blingfire)"] = numpy
    missing = [r["impl"] for r in recs if r.get("missing")]

    corpus = Path(args.corpus)
    raw = corpus.read_bytes() if corpus.exists() else b""
    git = sh("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD") or None
    dirty = bool(sh("git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"))

    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": args.command,
        "runs": args.runs,
        "wall_seconds": args.seconds,
        "machine": machine(),
        "git_commit": git and (git + ("-dirty" if dirty else "")),
        "library": os.path.relpath(args.lib, ROOT) if args.lib.startswith(str(ROOT)) else args.lib,
        "versions": versions,
        "missing": missing,
        "corpus": {
            "path": os.path.relpath(corpus, ROOT) if raw else str(corpus),
            "bytes": len(raw),
            "sha256": hashlib.sha256(raw).hexdigest() if raw else None,
            "paragraphs": raw.count(b"\n\n") + 1 if raw else 0,
            "non_ascii_chars": sum(1 for c in raw.decode("utf-8") if ord(c) > 127) if raw else 0,
            "made_by": "Benchmarks/make_corpus.py (docs and man pages of this machine)",
        },
        "units": "MB/s = 10^6 bytes of UTF-8 input per second, best of N runs",
        "figures_mb_per_s": fig,
        "ratios": ratios,
        "targets": targets,
        "quality": quality_summary(args.quality),
        "records": recs,
    }


def quality_summary(path: Path | None) -> dict | None:
    """The pass counts of quality.py's JSON (per file and splitter), or None."""
    if not path:
        return None
    if not path.exists():
        print(f"summarize.py: no {path}; no quality table", file=sys.stderr)
        return None
    q = json.loads(path.read_text(encoding="utf-8"))
    return {
        "file": os.path.relpath(path, ROOT) if str(path.resolve()).startswith(str(ROOT)) else str(path),
        "made_by": "Benchmarks/quality.py",
        "date": q.get("date"),
        "git_commit": q.get("git_commit"),
        "golden_dir": q.get("golden_dir"),
        "comparison": q.get("comparison"),
        "cases": {f: v["cases"] for f, v in q["files"].items()},
        "splitters": {
            n: {"version": s.get("version"),
                "passed": {f: r["passed"] for f, r in s["files"].items()},
                "failing": {f: r["failing"] for f, r in s["files"].items() if r["failing"]}}
            for n, s in q["splitters"].items()
        },
    }


def fmt(x) -> str:
    return "n/a" if x is None else (f"{x:.0f}" if x >= 100 else f"{x:.1f}" if x >= 1 else f"{x:.3f}")


def fmt_value(t: dict) -> str:
    unit = t.get("unit", "x")
    value = fmt(t.get("value", t.get("ratio")))
    return f"{value}x" if unit == "x" else f"{value} {unit}"


def table(res: dict) -> str:
    f, r = res["figures_mb_per_s"], res["ratios"]
    c_s, c_w = f["c"]["sentence"], f["c"]["word"]
    py = f["python"]
    lines = [
        f"Machine: {res['machine']['cpu_model']}, {res['machine']['cpus']} CPUs, "
        f"{res['machine']['memory_gib']} GiB ({res['machine'].get('os') or ''}); "
        f"{res['date']}; `{res['command']}`; best of {res['runs']}; "
        f"corpus {res['corpus']['bytes'] / 1e6:.1f} MB; "
        + ", ".join(f"{k} {v}" for k, v in res["versions"].items() if v and k != "cc"),
        "",
        "| C (one 12 MB call) | sentences MB/s | words MB/s |",
        "| --- | ---: | ---: |",
        f"| ICU, UTF-16 iterator, conversion not timed | {fmt(c_s['icu_utf16_paired'])} | {fmt(c_w['icu_utf16_paired'])} |",
        f"| ICU, UTF-16 iterator, standalone run | {fmt(c_s['icu_utf16'])} | {fmt(c_w['icu_utf16'])} |",
        f"| ICU, u_strFromUTF8 + iterator | {fmt(c_s['icu_utf8_to_16'])} | {fmt(c_w['icu_utf8_to_16'])} |",
        f"| ICU, UText over UTF-8 | {fmt(c_s['icu_utext_utf8'])} | {fmt(c_w['icu_utext_utf8'])} |",
        f"| **Galley** `galley_segmenter_split`, default flags (sentences: rules on) | **{fmt(c_s['galley'])}** | **{fmt(c_w['galley'])}** |",
        f"| **Galley**, `RAW` (sentences: ICU's, no rules) | **{fmt(c_s.get('galley_raw'))}** | - |",
        f"| Galley, `KEEP_WHITESPACE` (sentences: `RAW \\| KEEP_WHITESPACE`) | {fmt(c_s['galley_keep_whitespace'])} | {fmt(c_w['galley_keep_whitespace'])} |",
        f"| Galley rules / ICU UTF-16 (paired) | **{fmt(r['c_sentence_galley_vs_icu_utf16'])}x** | {fmt(r['c_word_galley_vs_icu_utf16'])}x |",
        f"| Galley raw / ICU UTF-16 (paired) | **{fmt(r.get('c_sentence_galley_raw_vs_icu_utf16'))}x** | - |",
        f"| Galley rules / ICU u_strFromUTF8 + iterator | {fmt(r['c_sentence_galley_vs_icu_utf8_to_16'])}x | {fmt(r['c_word_galley_vs_icu_utf8_to_16'])}x |",
        f"| Galley raw / ICU u_strFromUTF8 + iterator | {fmt(r.get('c_sentence_galley_raw_vs_icu_utf8_to_16'))}x | - |",
        "",
        "| Python (str in, list out) | sentences MB/s | words MB/s |",
        "| --- | ---: | ---: |",
        f"| **Galley** `galley.sentences` (rules on) / `galley.words` | **{fmt(py['sentence']['galley'])}** | **{fmt(py['word']['galley'])}** |",
        f"| **Galley raw** `galley.sentences(raw=True)` | **{fmt(py['sentence'].get('galley_raw'))}** | - |",
        f"| sentencex `segment` | {fmt(py['sentence']['sentencex'])} | - |",
        f"| blingfire `text_to_sentences` / `text_to_words` | {fmt(py['sentence']['blingfire'])} | {fmt(py['word']['blingfire'])} |",
        f"| Galley, 1 MB prefix | {fmt(py['sentence_1mb_prefix']['galley'])} | - |",
        f"| pySBD, 1 MB prefix, once per paragraph | {fmt(py['sentence_1mb_prefix']['pysbd_per_paragraph'])} | - |",
        f"| pySBD, 1 MB prefix, one call | {fmt(py['sentence_1mb_prefix']['pysbd_whole_prefix'])} | - |",
        f"| Galley rules / sentencex | **{fmt(r['py_sentence_galley_vs_sentencex'])}x** | - |",
        f"| Galley raw / sentencex | **{fmt(r.get('py_sentence_galley_raw_vs_sentencex'))}x** | - |",
        f"| Galley / blingfire | {fmt(r['py_sentence_galley_vs_blingfire'])}x | {fmt(r['py_word_galley_vs_blingfire'])}x |",
        f"| Galley / pySBD per paragraph (1 MB prefix) | {fmt(r['py_sentence_galley_vs_pysbd_per_paragraph'])}x | - |",
        "",
        "Targets:",
        "",
        *(f"- {t['target']}: {fmt_value(t)}, "
          f"{'met' if t['met'] else 'NOT met' if t['met'] is False else 'n/a'}"
          for t in res["targets"].values()),
    ]
    if res.get("quality"):
        lines += ["", quality_table(res["quality"])]
    return "\n".join(lines)


def quality_table(q: dict) -> str:
    """quality.py's table, from the summary in results.json."""
    sys.path.insert(0, str(HERE))
    import quality  # the one implementation of the table
    names = [n for n in quality.SPLITTERS if n in q["splitters"]]
    files = list(q["cases"])
    results = {n: {"files": {f: {"passed": q["splitters"][n]["passed"][f], "total": q["cases"][f]}
                             for f in files}} for n in names}
    versions = ", ".join(f"{quality.TITLES[n]} {q['splitters'][n]['version']}" for n in names)
    return (f"Golden-rule pass counts ({versions}; `Benchmarks/quality.py`, {q['date']}):\n\n"
            + quality.table(files, q["cases"], names, results))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("jsonl", nargs="*")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--command", default="")
    ap.add_argument("--lib", default="")
    ap.add_argument("--corpus", default=str(ROOT / "Benchmarks" / "corpus" / "en.txt"))
    ap.add_argument("--runs", type=int, default=0)
    ap.add_argument("--seconds", type=int, default=0)
    ap.add_argument("--cc", default="gcc")
    ap.add_argument("--venv-python", default="")
    ap.add_argument("--quality", type=Path, help="quality.py's JSON output to include")
    ap.add_argument("--table", type=Path, help="print the table of an existing results.json")
    args = ap.parse_args()
    if args.table:
        print(table(json.loads(args.table.read_text())))
        return 0
    res = build(args)
    if args.out:
        args.out.write_text(json.dumps(res, indent=2) + "\n")
    print(table(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
