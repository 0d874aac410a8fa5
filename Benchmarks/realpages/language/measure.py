#!/usr/bin/env python3
"""Language detection on ../shared/realpages against each page's <html lang>,
per renderer: Galley (one or more `galley` binaries, through `galley process`
without a language, so the pipeline's own detection runs) side by side with
CLD2 (pycld2, Debian's libcld2 code; this script's own venv, never a
dependency of the library).

Only pages whose `lang` is set count; tags are compared by primary subtag
(`en-US` -> `en`). CLD2 runs twice: on the raw rendering (as a user would
call it) and, for fairness, on the rendering with Markdown link targets,
images, tags and bare URLs removed by regular expressions.

Usage:
  python3 -m venv Benchmarks/realpages/language/.venv
  Benchmarks/realpages/language/.venv/bin/pip install pycld2
  Benchmarks/realpages/language/.venv/bin/python Benchmarks/realpages/language/measure.py \
      [--pages PATH] [--out FILE] GALLEY_BINARY [GALLEY_BINARY ...]
No page text is written: counts, and for disagreements page ids and tags.

Label check (one rule, applied to every page): a page's `<html lang>` is
*contradicted* when two independent detectors, CLD2 and langid.py (both in
this folder's venv), agree with each other on one primary language other than
the declared one, on the page's reference text: the benchmark's ground-truth
`articleBody` where the page has one, else its trafilatura rendering with the
Markdown syntax stripped (else the rendering itself). Agreement is printed
twice: raw (every page with a `lang`), and over the pages whose label is not
contradicted. Galley plays no part in the rule. Lorem ipsum reads as `la` to
both, so a placeholder page labelled `en` is contradicted.

  Benchmarks/realpages/language/.venv/bin/pip install pycld2 langid
"""
import argparse, collections, json, os, re, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PAGES = os.path.join(HERE, "..", "..", "..", "..", "shared", "realpages", "pages.jsonl")

IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
BARE_URL = re.compile(r"(?:https?://|www\.)\S+")
TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def primary(tag):
    return tag.split("-")[0].split("_")[0].lower() if tag else None


def strip_markdown(text):
    text = IMAGE.sub(" ", text)
    text = LINK_TARGET.sub("] ", text)
    text = TAG.sub(" ", text)
    text = BARE_URL.sub(" ", text)
    return re.sub(r"[\[\]*_#>]", " ", text)


def cld2(text):
    import pycld2
    try:
        reliable, _, details = pycld2.detect(text)
    except Exception:  # invalid characters for CLD2
        text = "".join(c for c in text if c.isprintable() or c.isspace())
        reliable, _, details = pycld2.detect(text)
    code = details[0][1]
    if code in ("un", "xx") or not code:
        return "und"
    return {"iw": "he", "zh-Hant": "zh", "nb": "no", "nn": "no"}.get(code, code.split("-")[0])


def langid_tag(text):
    import langid
    code, _ = langid.classify(text)
    return {"nb": "no", "nn": "no"}.get(code, code)


def contradicted_labels(records):
    """Page id -> (declared, cld2, langid) for the pages whose declared
    language both independent detectors contradict (see the module doc)."""
    by_page = collections.defaultdict(dict)
    for r in records:
        by_page[r["id"]][r["renderer"]] = r
    out = {}
    for pid, rs in sorted(by_page.items()):
        any_r = next(iter(rs.values()))
        declared = primary(any_r["lang"])
        if any_r.get("body_truth"):
            ref = any_r["body_truth"]
        elif "trafilatura" in rs:
            ref = strip_markdown(rs["trafilatura"]["text"])
        else:
            ref = strip_markdown(any_r["text"])
        a, b = cld2(ref), langid_tag(ref)
        if a == b and a not in ("und", declared):
            out[pid] = (declared, a, b)
    return out


def galley(binary, records):
    with tempfile.TemporaryDirectory() as tmp:
        inp = os.path.join(tmp, "in.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for k, r in enumerate(records):
                f.write(json.dumps({"id": str(k), "text": r["text"]}, ensure_ascii=False) + "\n")
        t0 = time.time()
        res = subprocess.run([binary, "process", inp, "--no-index", "--quiet"], capture_output=True)
        seconds = time.time() - t0
    out = {}
    for line in res.stdout.decode().splitlines():
        rec = json.loads(line)
        out[int(rec["id"])] = rec.get("lang", "error")
    return out, seconds


def score(name, guesses, records, contradicted=()):
    per = collections.defaultdict(lambda: {"pages": 0, "agree": 0, "und": 0, "checked_pages": 0, "checked_agree": 0})
    wrong = collections.defaultdict(list)
    for k, r in enumerate(records):
        c = per[r["renderer"]]
        c["pages"] += 1
        g = primary(guesses.get(k))
        checked = r["id"] not in contradicted
        c["checked_pages"] += checked
        if g == primary(r["lang"]):
            c["agree"] += 1
            c["checked_agree"] += checked
        else:
            if g == "und":
                c["und"] += 1
            wrong[r["renderer"]].append([r["id"], primary(r["lang"]), g])
    for c in per.values():
        c["agreement"] = round(c["agree"] / c["pages"], 4) if c["pages"] else None
        c["checked_agreement"] = round(c["checked_agree"] / c["checked_pages"], 4) if c["checked_pages"] else None
    return {"name": name, "per_renderer": dict(per), "disagreements": dict(wrong)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binaries", nargs="*")
    ap.add_argument("--pages", default=DEFAULT_PAGES)
    ap.add_argument("--out")
    a = ap.parse_args()
    if not os.path.exists(a.pages):
        sys.exit(f"no corpus at {a.pages} (../shared/realpages is not part of the repository)")
    records = [r for r in (json.loads(l) for l in open(a.pages, encoding="utf-8")) if r.get("lang")]
    contradicted = contradicted_labels(records)
    print(f"labels contradicted by both CLD2 and langid.py on the reference text: {len(contradicted)} pages")
    for pid, (declared, x, y) in contradicted.items():
        print(f"  {pid}: declared {declared}, CLD2 {x}, langid.py {y}")
    results = []
    for b in a.binaries:
        guesses, seconds = galley(b, records)
        res = score(f"galley {b}", guesses, records, contradicted)
        res["seconds"] = round(seconds, 2)
        results.append(res)
    for name, detect, prep in (("cld2 raw", cld2, lambda t: t), ("cld2 stripped", cld2, strip_markdown),
                               ("langid.py stripped", langid_tag, strip_markdown)):
        t0 = time.time()
        guesses = {k: detect(prep(r["text"])) for k, r in enumerate(records)}
        res = score(name, guesses, records, contradicted)
        res["seconds"] = round(time.time() - t0, 2)
        results.append(res)
    for res in results:
        line = "  ".join(f'{ren} {c["agree"]}/{c["pages"]} ({100 * c["agreement"]:.1f}%, und {c["und"]})'
                         f' checked {c["checked_agree"]}/{c["checked_pages"]} ({100 * c["checked_agreement"]:.1f}%)'
                         for ren, c in sorted(res["per_renderer"].items()))
        print(f'{res["name"]:50} {line}')
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"command": " ".join(sys.argv),
                       "contradicted_labels": [[pid, *v] for pid, v in contradicted.items()],
                       "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
