#!/usr/bin/env python3
"""Labelling aid: the blocks galley removes from the given renderings, as
line ranges with their first lines. Usage: predicted.py GALLEY RENDERER < ids"""
import json, subprocess, sys
from common import load_pages
pages = load_pages()
galley, ren = sys.argv[1], sys.argv[2]
ids = [l.split()[0] for l in sys.stdin if l.strip()]
inp = "".join(json.dumps({"id": i, "text": pages[(i, ren)]["text"], "url": pages[(i, ren)]["url"]}) + "\n"
              for i in ids if (i, ren) in pages)
out = subprocess.run([galley, "process", "-", "--no-index", "--quiet"], input=inp, capture_output=True, text=True).stdout
for line in out.splitlines():
    rec = json.loads(line)
    tb = pages[(rec["id"], ren)]["text"].encode()
    cov = bytearray(len(tb))
    for p in rec["paragraphs"]:
        cov[p["span"][0]:p["span"][1]] = b"\1" * (p["span"][1] - p["span"][0])
    lines = tb.split(b"\n")
    pos, blocks, cur = 0, [], None
    for n, l in enumerate(lines):
        un = l.strip() and not any(cov[pos:pos + len(l)])
        if un:
            cur = [n, n] if cur is None else [cur[0], n]
        elif l.strip() and cur:
            blocks.append(cur); cur = None
        pos += len(l) + 1
    if cur: blocks.append(cur)
    print(rec["id"][:24], len(rec["related"]), " ".join(f"{a}-{b}" for a, b in blocks))
