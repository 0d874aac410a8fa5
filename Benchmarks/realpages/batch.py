#!/usr/bin/env python3
"""Labelling aid: for each "ID LINE" pair on standard input, prints the
rendering's lines LINE-1 .. LINE+N (markdown) with numbers, cut at 100 chars."""
import json, sys
from common import load_pages
pages = load_pages()
n = int(sys.argv[1]) if len(sys.argv) > 1 else 18
ren = sys.argv[2] if len(sys.argv) > 2 else "markdown"
for req in sys.stdin:
    parts = req.split()
    if not parts: continue
    pid = parts[0]
    r = pages.get((pid, ren))
    if not r: continue
    lines = r["text"].split("\n")
    for at in map(int, parts[1:]):
        print(f"=== {pid[:20]} @{at}")
        for k in range(max(0, at - 1), min(len(lines), at + n)):
            s = lines[k].strip()
            if s: print(f"{k:4} {s[:100]}")
