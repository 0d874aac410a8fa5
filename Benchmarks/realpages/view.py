#!/usr/bin/env python3
"""Labelling aid (not part of the scorer): prints one rendering's lines with
their numbers, link lines and short lines in full (cut at 110 characters),
runs of prose collapsed, so that a person can write the related blocks'
line ranges into labels/. Usage: view.py ID RENDERER [FROM [TO]]"""
import json, re, sys

PAGES = "../../../shared/realpages/pages.jsonl"
LINK = re.compile(r"\[[^\]]*\]\([^)]*\)")

def load(pid, renderer):
    for line in open(PAGES, encoding="utf-8"):
        r = json.loads(line)
        if r["id"] == pid and r["renderer"] == renderer:
            return r
    raise SystemExit("no such page")

def main():
    pid, renderer = sys.argv[1], sys.argv[2]
    lo = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    hi = int(sys.argv[4]) if len(sys.argv) > 4 else 10**9
    r = load(pid, renderer)
    lines = r["text"].split("\n")
    prose = 0
    for n, l in enumerate(lines):
        if n < lo or n > hi:
            continue
        s = l.strip()
        short = len(s) < 90 or LINK.search(s) or s.startswith("#")
        if not s:
            continue
        if not short:
            prose += 1
            print(f"{n:5} P {s[:70]}…")
            continue
        print(f"{n:5}   {s[:110]}")
    print(len(lines), "lines; lang", r["lang"], "url", r["url"])

main()
