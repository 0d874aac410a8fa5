#!/usr/bin/env python3
"""The realpages evaluation: runs `galley process` over every rendering of
../shared/realpages/pages.jsonl and prints, per renderer, related-block
precision/recall and item precision/recall/F1 on the hand-labelled
renderings (labels/*.json), body bytes removed (against the labels, and for
the benchmark pages against their ground-truth bodies), related URLs with a
space or quote, Markdown breakage in sentences, language agreement with
<html lang>, and speed (MB/s, with --baseline another galley binary on the
same input in the same run).

    python3 score.py --galley .build/release/galley [--baseline /path/to/old/galley] [--out results.json]

Skips with a message when ../shared/realpages is absent."""
import argparse, collections, glob, json, os, re, subprocess, sys, tempfile, time
from common import HERE, PAGES, LINK, load_pages, item_key, sha, unescape

WS = set(b" \t\r\n\x0b\x0c")


def run_galley(binary, records, jobs):
    with tempfile.TemporaryDirectory() as d:
        inp = os.path.join(d, "in.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for key, r in records:
                f.write(json.dumps({"id": key, "text": r["text"], "url": r["url"]}, ensure_ascii=False) + "\n")
        out = os.path.join(d, "out.jsonl")
        t0 = time.monotonic()
        subprocess.run([binary, "process", inp, "--out", out, "--no-index", "--quiet", "--jobs", str(jobs)],
                       check=False, stderr=subprocess.DEVNULL)
        elapsed = time.monotonic() - t0
        res = {}
        with open(out, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                res[rec["id"]] = rec
        return res, elapsed, os.path.getsize(inp)


def uncovered_regions(text_b, rec):
    """Runs of non-whitespace bytes no paragraph covers, merged across whitespace."""
    covered = bytearray(len(text_b))
    for p in rec.get("paragraphs", []):
        s, e = p["span"]
        covered[s:e] = b"\x01" * (e - s)
    regions = []
    cur = None
    for i, b in enumerate(text_b):
        if covered[i] or b in WS:
            if covered[i] and cur:
                regions.append(cur); cur = None
            continue
        if cur is None:
            cur = [i, i + 1]
        else:
            cur[1] = i + 1
    if cur:
        regions.append(cur)
    return regions, covered


def nonws(text_b, s, e):
    return sum(1 for b in text_b[s:e] if b not in WS)


def plain_words(s):
    s = LINK.sub(lambda m: "" if m.group(1) else m.group(2), s)
    s = unescape(s)
    return " ".join(re.sub(r"[^\w]+", " ", s.lower()).split())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--galley", required=True)
    ap.add_argument("--baseline")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--out")
    ap.add_argument("--show", action="store_true", help="print every labelled miss and false block")
    a = ap.parse_args()
    if not os.path.exists(PAGES):
        print(f"skipped: {PAGES} is absent (third-party pages are not part of the repository)")
        return 0
    pages = load_pages()
    records = [(f"{pid}#{ren}", r) for (pid, ren), r in pages.items()]
    labels = {}
    for path in sorted(glob.glob(os.path.join(HERE, "labels", "*.json"))):
        for lab in json.load(open(path, encoding="utf-8")):
            labels[(lab["id"], lab["renderer"])] = lab

    res, elapsed, size = run_galley(a.galley, records, a.jobs)
    base = None
    if a.baseline:
        bres, belapsed, _ = run_galley(a.baseline, records, a.jobs)
        res2, elapsed2, _ = run_galley(a.galley, records, a.jobs)   # again, to even out the machine
        elapsed = min(elapsed, elapsed2)
        base = {"seconds": round(belapsed, 3), "mb_per_s": round(size / 1e6 / belapsed, 3)}

    # The breakage counters are written even when they are 0.
    R = collections.defaultdict(lambda: collections.Counter(dict.fromkeys(
        ("urls_with_space_or_quote", "boundaries_in_link_syntax", "boundaries_after_escaped_number",
         "marker_only_sentences"), 0)))
    shows = []
    for (pid, ren), r in pages.items():
        rec = res.get(f"{pid}#{ren}")
        c = R[ren]
        c["renderings"] += 1
        if rec is None or "error" in rec:
            c["errors"] += 1
            continue
        tb = r["text"].encode("utf-8")
        regions, covered = uncovered_regions(tb, rec)
        # Related URLs with a space or a quote.
        for it in rec["related"]:
            for u in (it["url"], it["canonical_url"]):
                if u and re.search(r"[ \"']|%20%22|%22", u):
                    c["urls_with_space_or_quote"] += 1
                    break
        c["related_items"] += len(rec["related"])
        c["related_more"] += sum(1 for it in rec["related"] if it.get("kind") == "more")
        # Body prose removed, against the ground truth (benchmark pages).
        if r.get("body_truth"):
            truth = plain_words(r["body_truth"])
            text = r["text"]
            # What the record returns as related items: a removed line that
            # is one of them (its link, or its headline) is an item the
            # ground truth happens to hold (an in-body "Read also" teaser),
            # counted apart from body prose.
            item_urls = set((it["url"] or "").strip() for it in rec["related"] if it["url"])
            item_titles = set(plain_words(it["title"]["display"] if isinstance(it["title"], dict) else it["title"])
                              for it in rec["related"] if it["title"])
            for s, e in regions:
                # Whole lines of the region, compared by their words.
                seg = tb[s:e].decode("utf-8", "replace")
                for line in seg.split("\n"):
                    w = plain_words(line)
                    if len(w) >= 40 and w in truth:
                        dests = [unescape(m.group(3)).strip("<>") for m in LINK.finditer(line) if not m.group(1)]
                        if (dests and all(d in item_urls for d in dests)) or w in item_titles:
                            c["truth_item_bytes_removed"] += len(line.encode("utf-8"))
                            if a.show:
                                shows.append(f"ITEM-IN-TRUTH {pid} {ren}: {line[:100]!r}")
                            continue
                        c["truth_body_bytes_removed"] += len(line.encode("utf-8"))
                        if a.show:
                            shows.append(f"BODY-CUT {pid} {ren}: {line[:100]!r}")
            c["truth_renderings"] += 1
        c["bytes_removed"] += sum(nonws(tb, s, e) for s, e in regions)
        # Markdown breakage in sentences.
        for p in rec["paragraphs"]:
            ps, pe = p["span"]
            links = [(m.start() + ps, m.end() + ps) for m in LINK.finditer(tb[ps:pe].decode("utf-8", "replace"))] \
                if False else []
            ptext = tb[ps:pe]
            spans = [(m.start(), m.end()) for m in re.finditer(
                rb'!?\[(?:[^\[\]\\]|\\.)*\]\((?:[^()\s\\]|\\.)*(?:\s+"[^"]*")?\)', ptext)]
            for s, e in p["sentences"]:
                if e < pe and any(ls < e - ps < le for ls, le in spans):
                    c["boundaries_in_link_syntax"] += 1
                if e < pe and re.search(rb'\d\\\.\s*$', tb[s:e]):
                    c["boundaries_after_escaped_number"] += 1
                if re.fullmatch(rb'[\s*_]+', tb[s:e] or b"*"):
                    c["marker_only_sentences"] += 1
                    if a.show:
                        shows.append(f"MKONLY {pid} {ren} {s}-{e}: {tb[max(ps, s - 30):min(pe, e + 30)]!r}")
            c["sentences"] += len(p["sentences"])
        # Language.
        if r["lang"]:
            c["lang_declared"] += 1
            want = r["lang"].split("-")[0].lower()
            c["lang_agree"] += rec["lang"].split("-")[0].lower() == want
        # Labelled blocks and items.
        lab = labels.get((pid, ren))
        if lab is None:
            continue
        c["labelled"] += 1
        if lab["text_sha256"] != sha(r["text"]):
            c["labels_stale"] += 1
            continue
        blocks = lab["blocks"]
        inblock = bytearray(len(tb))
        for b in blocks:
            inblock[b["start"]:b["end"]] = b"\x01" * (b["end"] - b["start"])
        c["blocks_labelled"] += len(blocks)
        for b in blocks:
            total = nonws(tb, b["start"], b["end"])
            cut = sum(1 for i in range(b["start"], b["end"]) if not covered[i] and tb[i] not in WS)
            if total and cut * 2 >= total:
                c["blocks_found"] += 1
            elif a.show:
                shows.append(f"MISS {pid} {ren} {b['start']}-{b['end']}: {tb[b['start']:b['start']+60]!r}")
        for s, e in regions:
            c["blocks_predicted"] += 1
            inside = sum(1 for i in range(s, e) if inblock[i] and tb[i] not in WS)
            outside = nonws(tb, s, e) - inside
            if inside * 2 >= inside + outside:
                c["blocks_predicted_right"] += 1
            elif a.show:
                shows.append(f"FALSE {pid} {ren} {s}-{e}: {tb[s:min(e, s+80)]!r}")
            c["labelled_body_bytes_removed"] += outside
        want = set(k for b in blocks for k in b["items"])
        got = set(item_key(it["url"], it["title"]) for it in rec["related"])
        c["items_labelled"] += len(want)
        c["items_predicted"] += len(got)
        c["items_right"] += len(want & got)

    def ratio(x, y):
        return round(x / y, 4) if y else None

    out = {"command": " ".join(sys.argv), "pages_sha256_prefix": None, "renderers": {}}
    total = collections.Counter()
    for ren, c in sorted(R.items()):
        total.update(c)
    for ren, c in list(sorted(R.items())) + [("all", total)]:
        p = ratio(c["blocks_predicted_right"], c["blocks_predicted"])
        rcl = ratio(c["blocks_found"], c["blocks_labelled"])
        ip = ratio(c["items_right"], c["items_predicted"])
        ir = ratio(c["items_right"], c["items_labelled"])
        f1 = round(2 * ip * ir / (ip + ir), 4) if ip and ir else None
        out["renderers"][ren] = dict(c) | {
            "block_precision": p, "block_recall": rcl, "item_precision": ip, "item_recall": ir, "item_f1": f1,
            "lang_agreement": ratio(c["lang_agree"], c["lang_declared"])}
    out["speed"] = {"bytes": size, "seconds": round(elapsed, 3), "mb_per_s": round(size / 1e6 / elapsed, 3),
                    "baseline": base,
                    "slowdown_per_mb": round(elapsed / (base["seconds"]) - 1, 4) if base else None}
    print(f"{'renderer':12} {'labelled':>8} {'blockP':>7} {'blockR':>7} {'itemP':>7} {'itemR':>7} {'itemF1':>7} "
          f"{'cut(lab)':>8} {'cut(truth)':>10} {'badURL':>6} {'inLink':>6} {'escNum':>6} {'mkOnly':>6} {'lang':>6}")
    for ren, v in out["renderers"].items():
        print(f"{ren:12} {v.get('labelled', 0):8} {v['block_precision']!s:>7} {v['block_recall']!s:>7} "
              f"{v['item_precision']!s:>7} {v['item_recall']!s:>7} {v['item_f1']!s:>7} "
              f"{v.get('labelled_body_bytes_removed', 0):8} {v.get('truth_body_bytes_removed', 0):10} "
              f"{v.get('urls_with_space_or_quote', 0):6} {v.get('boundaries_in_link_syntax', 0):6} "
              f"{v.get('boundaries_after_escaped_number', 0):6} {v.get('marker_only_sentences', 0):6} "
              f"{v['lang_agreement']!s:>6}")
    print("speed:", json.dumps(out["speed"]))
    for s in shows:
        print(s)
    if a.out:
        with open(a.out, "w") as f:
            json.dump(out, f, indent=1, sort_keys=True)
            f.write("\n")
    return 0


sys.exit(main())
