#!/usr/bin/env python3
"""Labelling aid (not part of the scorer): for every labelled rendering, the
related items Galley returns that the labels do not hold (FP) and the
labelled items it misses (FN), with the line of the rendering each comes
from, so that a person can group the failures into families.

    python3 itemdiff.py --galley .build/release/galley [--id PREFIX]"""
import argparse, json, os, re, subprocess, sys, tempfile
from common import HERE, LINK, BARE, load_pages, item_key, sha, unescape

sys.argv_saved = sys.argv
import importlib.util
spec = importlib.util.spec_from_file_location("label", os.path.join(HERE, "label.py"))


def label_items(text, block, ren):
    """(key, line number, line) for each labelled item of a block (label.py's rules)."""
    src = open(os.path.join(HERE, "label.py"), encoding="utf-8").read().split("\ndef main")[0]
    ns = {}
    exec(src, ns)
    lines = text.split("\n")
    a, b = block["lines"]
    out = []
    for k in range(a, b + 1):
        for key in ns["items_of"](lines[k], ren != "text", k == a):
            out.append((key, k, lines[k]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--galley", required=True)
    ap.add_argument("--id", default="")
    a = ap.parse_args()
    pages = load_pages()
    labels = {}
    for lab in json.load(open(os.path.join(HERE, "labels", "realpages.json"), encoding="utf-8")):
        if lab["id"].startswith(a.id):
            labels[(lab["id"], lab["renderer"])] = lab
    with tempfile.TemporaryDirectory() as d:
        inp, out = os.path.join(d, "in.jsonl"), os.path.join(d, "out.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for (pid, ren) in labels:
                r = pages[(pid, ren)]
                f.write(json.dumps({"id": f"{pid}#{ren}", "text": r["text"], "url": r["url"]}, ensure_ascii=False) + "\n")
        subprocess.run([a.galley, "process", inp, "--out", out, "--no-index", "--quiet"], check=False)
        res = {json.loads(l)["id"]: json.loads(l) for l in open(out, encoding="utf-8")}
    nfp = nfn = 0
    for (pid, ren), lab in labels.items():
        r = pages[(pid, ren)]
        rec = res[f"{pid}#{ren}"]
        text = r["text"]
        lines = text.split("\n")
        want = {}
        for b in lab["blocks"]:
            for key, k, line in label_items(text, b, ren):
                want.setdefault(key, (k, line))
        got = {}
        for it in rec["related"]:
            got.setdefault(item_key(it["url"], it["title"]), it)
        fp = [got[k] for k in got if k not in want]
        fn = [want[k] for k in want if k not in got]
        if not fp and not fn:
            continue
        print(f"== {pid} {ren}  blocks {[tuple(b['lines']) for b in lab['blocks']]}")
        tb = text.encode("utf-8")
        for it in fp:
            # Where it is: the line holding its url or title.
            needle = it["url"] or (it["title"] or {}).get("display") if isinstance(it["title"], dict) else it["url"] or it["title"]
            ln = next((n for n, l in enumerate(lines) if needle and needle in unescape(l)), -1)
            print(f"  FP line {ln}: {(it['title'] if it['title'] else '')!s:.60} | {it['url']!s:.90}")
            nfp += 1
        for k, line in fn:
            print(f"  FN line {k}: {line[:150]}")
            nfn += 1
    print(f"FP {nfp} FN {nfn}")


main()
