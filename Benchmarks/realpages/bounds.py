#!/usr/bin/env python3
"""Labelling aid: for "ID a-b c-d ..." lines, prints each range's first lines, last line and the lines after it."""
import sys
from common import load_pages
pages = load_pages()
ren = sys.argv[1] if len(sys.argv) > 1 else "markdown"
full = {k[0][:24]: k[0] for k in pages}
for req in sys.stdin:
    parts = req.split()
    if not parts: continue
    pid = full.get(parts[0][:24], parts[0])
    lines = pages[(pid, ren)]["text"].split("\n")
    def show(k, tag=" "):
        if 0 <= k < len(lines) and lines[k].strip(): print(f"{tag}{k:4} {lines[k].strip()[:95]}")
    print("=====", pid[:30], len(lines))
    for rg in parts[2:]:
        a, b = map(int, rg.split("-"))
        show(a, ">"); show(a + 2)
        print("   ...") if b > a + 3 else None
        show(b, "<")
        n = 0
        for k in range(b + 1, min(len(lines), b + 12)):
            if lines[k].strip():
                show(k, "+"); n += 1
                if n == 3: break
