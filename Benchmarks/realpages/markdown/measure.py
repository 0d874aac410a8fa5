#!/usr/bin/env python3
"""Markdown breakage in Galley's sentences on ../shared/realpages, per renderer.

Runs `galley process --no-index` over every rendering (with the page's `lang`
primary subtag when it has one, so that detection does not change the
sentences) and counts, with checks written here independently of Galley's
Markdown layer:

- link:      sentence boundaries strictly inside link syntax `[text](dest "title")`
             (including before and after `](`), images and nested images included;
- escaped:   boundaries right after an escaped number (`12\\.`, `**12\\.`);
- markers:   sentences that are only `*`, `_`, `~` (within paragraphs that have
             other text); `marker_paragraphs` counts paragraphs of markers alone
             (`* * *`), which are not sentences of a longer text;
- line_cont: boundaries at a single line break where the line before ends with
             a comma or a lower-case letter and the next starts lower-case (the
             plain-text renderings' one-inline-element-per-line pattern);
             line_cont_prose: those of them in a paragraph where a sentence ends
             later (.!? before the next blank line), i.e. not a menu.

Usage: measure.py GALLEY_BINARY [GALLEY_BINARY ...] [--pages PATH] [--out FILE]
Each binary is measured in the same run; the results (JSON) go to --out.
No page text is written: only counts, and for failures page ids and offsets.
"""
import argparse, json, os, re, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PAGES = os.path.join(HERE, "..", "..", "..", "..", "shared", "realpages", "pages.jsonl")


def link_ranges(b: bytes):
    """Byte ranges of `[...](...)` links and images: a `](` whose `[` is found by
    bracket balance backwards and whose `)` by parenthesis balance forwards
    (backslash escapes skipped, at most one line break, no blank line)."""
    out = []
    for m in re.finditer(rb"\]\(", b):
        close = m.start()
        # Backwards to the matching "[".
        depth, i = 0, close - 1
        start = None
        while i >= 0 and close - i < 4000:
            c = b[i]
            escaped = i > 0 and b[i - 1] == 0x5C
            if b[i:i + 1] == b"\n" and i > 0 and b[i - 1:i] == b"\n":
                break
            if not escaped and c == 0x5D:
                depth += 1
            elif not escaped and c == 0x5B:
                if depth == 0:
                    start = i - 1 if i > 0 and b[i - 1] == 0x21 else i
                    break
                depth -= 1
            i -= 1
        if start is None:
            continue
        depth, j = 0, close + 2
        end = None
        quote = None
        while j < len(b) and j - close < 4000:
            c = b[j]
            if c == 0x5C:
                j += 2
                continue
            if b[j:j + 2] == b"\n\n":
                break
            if quote:
                if c == quote:
                    quote = None
            elif c in (0x22, 0x27) and b[j - 1] in (0x20, 0x0A):
                quote = c
            elif c == 0x28:
                depth += 1
            elif c == 0x29:
                if depth == 0:
                    end = j + 1
                    break
                depth -= 1
            j += 1
        if end is not None:
            out.append((start, end))
    out.sort()
    merged = []
    for s, e in out:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def inside(ranges, p):
    # ranges sorted, disjoint
    lo, hi = 0, len(ranges)
    while lo < hi:
        mid = (lo + hi) // 2
        if ranges[mid][1] <= p:
            lo = mid + 1
        else:
            hi = mid
    return lo < len(ranges) and ranges[lo][0] < p < ranges[lo][1]


ESCAPED_END = re.compile(rb"\d\\\.[*_]*$")
MARKERS = re.compile(rb"^[*_~\s]+$")


def measure(binary, records):
    with tempfile.TemporaryDirectory() as tmp:
        inp = os.path.join(tmp, "in.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for k, r in enumerate(records):
                rec = {"id": str(k), "text": r["text"]}
                if r.get("url"):
                    rec["url"] = r["url"]
                if r.get("lang"):
                    rec["lang"] = r["lang"].split("-")[0].split("_")[0].lower()
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        t0 = time.time()
        res = subprocess.run([binary, "process", inp, "--no-index", "--quiet"],
                             capture_output=True, check=False)
        seconds = time.time() - t0
    outs = [json.loads(l) for l in res.stdout.decode("utf-8").splitlines() if l.strip()]
    counts = {}
    examples = {}
    for rec in outs:
        r = records[int(rec["id"])]
        ren = r["renderer"]
        c = counts.setdefault(ren, {"pages": 0, "sentences": 0, "boundaries": 0, "link": 0, "escaped": 0,
                                    "markers": 0, "marker_paragraphs": 0, "line_cont": 0, "line_cont_prose": 0,
                                    "errors": 0})
        c["pages"] += 1
        if "error" in rec:
            c["errors"] += 1
            continue
        b = r["text"].encode("utf-8")
        links = link_ranges(b) if b"](" in b else []
        for para in rec["paragraphs"]:
            sents = para["sentences"]
            c["sentences"] += len(sents)
            texts = [b[s:e] for s, e in sents]
            if len(sents) == 1 and MARKERS.match(texts[0]):
                c["marker_paragraphs"] += 1
            for k, (s, e) in enumerate(sents):
                if len(sents) > 1 and MARKERS.match(texts[k]):
                    c["markers"] += 1
                    examples.setdefault(ren + "/markers", []).append((r["id"], s))
                if k == 0:
                    continue
                c["boundaries"] += 1
                pe = sents[k - 1][1]
                if inside(links, s) or inside(links, pe):
                    c["link"] += 1
                    examples.setdefault(ren + "/link", []).append((r["id"], s))
                if ESCAPED_END.search(texts[k - 1]):
                    c["escaped"] += 1
                    examples.setdefault(ren + "/escaped", []).append((r["id"], s))
                gap = b[pe:s]
                if gap.count(b"\n") == 1 and gap.strip(b" \t\r\n") == b"":
                    before = b[:pe].decode("utf-8", "replace")[-1:]
                    after = b[s:s + 4].decode("utf-8", "replace")[:1]
                    if (before == "," or before.islower()) and after.islower():
                        c["line_cont"] += 1
                        # ...in a paragraph where a sentence ends later (not a menu
                        # of lower-case lines, which stay apart).
                        rest = b[s:].split(b"\n\n", 1)[0]
                        if re.search(rb"[.!?]", rest):
                            c["line_cont_prose"] += 1
                            examples.setdefault(ren + "/line_cont", []).append((r["id"], s))
    return {"binary": binary, "seconds": round(seconds, 2), "exit": res.returncode,
            "counts": counts, "examples": {k: v[:10] for k, v in examples.items()}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binaries", nargs="+")
    ap.add_argument("--pages", default=DEFAULT_PAGES)
    ap.add_argument("--out")
    a = ap.parse_args()
    if not os.path.exists(a.pages):
        sys.exit(f"no corpus at {a.pages} (../shared/realpages is not part of the repository)")
    records = [json.loads(l) for l in open(a.pages, encoding="utf-8")]
    results = [measure(b, records) for b in a.binaries]
    for res in results:
        print(res["binary"], f'{res["seconds"]} s')
        for ren, c in sorted(res["counts"].items()):
            print(f"  {ren:12} " + " ".join(f"{k}={v}" for k, v in c.items()))
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"command": " ".join(sys.argv), "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
