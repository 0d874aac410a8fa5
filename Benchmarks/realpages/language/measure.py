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


def score(name, guesses, records):
    per = collections.defaultdict(lambda: {"pages": 0, "agree": 0, "und": 0})
    wrong = collections.defaultdict(list)
    for k, r in enumerate(records):
        c = per[r["renderer"]]
        c["pages"] += 1
        g = primary(guesses.get(k))
        if g == primary(r["lang"]):
            c["agree"] += 1
        else:
            if g == "und":
                c["und"] += 1
            wrong[r["renderer"]].append([r["id"], primary(r["lang"]), g])
    for c in per.values():
        c["agreement"] = round(c["agree"] / c["pages"], 4) if c["pages"] else None
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
    results = []
    for b in a.binaries:
        guesses, seconds = galley(b, records)
        res = score(f"galley {b}", guesses, records)
        res["seconds"] = round(seconds, 2)
        results.append(res)
    for name, prep in (("cld2 raw", lambda t: t), ("cld2 stripped", strip_markdown)):
        t0 = time.time()
        guesses = {k: cld2(prep(r["text"])) for k, r in enumerate(records)}
        res = score(name, guesses, records)
        res["seconds"] = round(time.time() - t0, 2)
        results.append(res)
    for res in results:
        line = "  ".join(f'{ren} {c["agree"]}/{c["pages"]} ({100 * c["agreement"]:.1f}%, und {c["und"]})'
                         for ren, c in sorted(res["per_renderer"].items()))
        print(f'{res["name"]:50} {line}')
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"command": " ".join(sys.argv), "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
