#!/usr/bin/env python3
"""Sentence-splitting quality: Galley against its peers on the golden rules.

    Benchmarks/.venv/bin/python Benchmarks/quality.py
        [--splitters galley,pysbd,sentencex,blingfire]
        [--golden-dir Tests/conformance] [--lib build/libgalley.so]
        [--json Benchmarks/results/quality.json]

Scores each splitter on the golden-rule files (golden_en.json, the 48
"Golden Rules" of pySBD's English benchmark; golden_en_pragmatic52.json, the
52 of pragmatic_segmenter's README; golden_de/ru/es/fr/ja/zh.json from
pySBD's language tests). Each file is a JSON list of
{name, text, sentences, source}; the language is the two letters after
"golden_" in the file name, and every splitter is called with it:

  galley     [s.text for s in galley.sentences(text, lang=L)]
  pysbd      pysbd.Segmenter(language=L, clean=False).segment(text)
             ("n/a" for a language pySBD does not support)
  sentencex  list(sentencex.segment(L, text))
  blingfire  blingfire.text_to_sentences(text).split("\\n")  (no language)

A case passes when the splitter's sentences, each normalised with key() and
empty ones dropped, equal the expected sentences normalised the same way.
The comparison is the same for every splitter. An exception counts as a
failure (its message is recorded). Galley is loaded from this repository
(bindings/python, and $GALLEY_LIBRARY or --lib, default build/libgalley.so);
the peers come from the venv the script runs in.

Writes --json (per file and splitter: passes, failing case names, errors;
versions, date, commit) and prints every Galley failure (expected vs got)
and then a Markdown table of pass counts.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Callable, Dict, List, Optional

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_GOLDEN_DIR = Path(__file__).resolve().parent.parent / "Tests" / "conformance"
# Table order: files (any other golden_*.json in the directory follows these),
# then splitters.
GOLDEN_FILES = [
    "golden_en.json", "golden_en_pragmatic52.json", "golden_de.json", "golden_ru.json",
    "golden_es.json", "golden_fr.json", "golden_ja.json", "golden_zh.json",
]
SPLITTERS = ["galley", "pysbd", "sentencex", "blingfire"]
TITLES = {"galley": "Galley", "pysbd": "pySBD", "sentencex": "sentencex", "blingfire": "blingfire"}
NA = "n/a"

# ---------------------------------------------------------------------------
# The normalisation key (the lead's conformance tests use the same one).

# Mandatory line breaks (UAX #14 classes BK, CR, LF, NL): LF, VT, FF, CR,
# NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
LINE_BREAKS = frozenset("\n\x0b\x0c\r\x85\u2028\u2029")

# Code point ranges of the scripts a line break between which is dropped
# rather than turned into a space: Han, Hiragana, Katakana, Hangul, and the
# fullwidth forms (U+FF01..FF60, U+FFE0..FFE6, i.e. East Asian Width "F").
CJK_RANGES = (
    # Han: radicals, Kangxi radicals, ideographic iteration/closing marks,
    # Hangzhou numerals, unified ideographs and all extensions, compatibility
    # ideographs.
    (0x2E80, 0x2FDF), (0x3005, 0x3007), (0x3021, 0x3029), (0x3038, 0x303B),
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F), (0x30000, 0x323AF),
    # Hiragana, Katakana (with phonetic extensions, halfwidth katakana
    # U+FF66..FF9F and the kana supplements).
    (0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F), (0x1AFF0, 0x1B16F),
    # Hangul: jamo, compatibility jamo, jamo extensions A and B, syllables,
    # halfwidth jamo.
    (0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF),
    (0xFFA0, 0xFFDC),
    # Fullwidth forms.
    (0xFF01, 0xFF60), (0xFFE0, 0xFFE6),
)

_WHITESPACE_RUN = re.compile(r"\s+")   # str.isspace() characters


def is_cjk(ch: str) -> bool:
    """True if `ch` is Han, Hiragana, Katakana, Hangul or a fullwidth form."""
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in CJK_RANGES)


def key(s: str) -> str:
    """The form in which a produced and an expected sentence are compared.

    1. Surrounding whitespace is stripped (``str.strip``).
    2. Every run of whitespace (``str.isspace`` characters) that contains a
       line break (LF, CR, VT, FF, NEL, U+2028, U+2029) is replaced by ""
       if the characters on both sides of it are CJK (Han, Hiragana,
       Katakana, Hangul, fullwidth forms; see ``CJK_RANGES``) and by a
       single " " otherwise. Runs without a line break are left unchanged.

    This is how the golden files' "errant newline" rules are meant: a
    hard-wrapped line joins the next one, with a space in alphabetic text
    ("a cold \\nnight" -> "a cold night") and with nothing between CJK
    characters ("父の\\n家" -> "父の家"). A splitter that breaks the sentence
    at the newline instead still fails, because the number of sentences
    differs. Callers drop sentences whose key is "".

    >>> key("  It was a cold \\nnight.\\n")
    'It was a cold night.'
    >>> key("これは父の\\n家です。")
    'これは父の家です。'
    >>> key("Tab\\tstays,  two spaces stay")
    'Tab\\tstays,  two spaces stay'
    """
    s = s.strip()

    def join(m: "re.Match[str]") -> str:
        run = m.group()
        if not LINE_BREAKS.intersection(run):
            return run
        # The run is inside the stripped string, so both neighbours exist.
        before, after = s[m.start() - 1], s[m.end()]
        return "" if is_cjk(before) and is_cjk(after) else " "

    return _WHITESPACE_RUN.sub(join, s)


def keys(sentences: List[str]) -> List[str]:
    """key() of every sentence, empty ones dropped."""
    return [k for k in map(key, sentences) if k]


# ---------------------------------------------------------------------------
# Splitters. Each factory returns (version, make) where make(lang) returns a
# function text -> list of str, or None if the language is unsupported.

def version_of(dist: str) -> Optional[str]:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def load_galley(lib: Optional[str]):
    if lib:
        os.environ["GALLEY_LIBRARY"] = str(Path(lib).resolve())
    elif "GALLEY_LIBRARY" not in os.environ:
        os.environ["GALLEY_LIBRARY"] = str(ROOT / "build" / "libgalley.so")
    sys.path.insert(0, str(ROOT / "bindings" / "python"))
    import galley

    def make(lang: str):
        return lambda text: [s.text for s in galley.sentences(text, lang=lang)]

    return {"version": galley.__version__, "library": os.environ["GALLEY_LIBRARY"]}, make


def load_pysbd(_lib):
    import pysbd
    from pysbd.languages import LANGUAGE_CODES

    def make(lang: str):
        if lang not in LANGUAGE_CODES:
            return None
        seg = pysbd.Segmenter(language=lang, clean=False)
        return seg.segment

    return {"version": version_of("pysbd")}, make


def load_sentencex(_lib):
    import sentencex

    def make(lang: str):
        return lambda text: list(sentencex.segment(lang, text))

    return {"version": version_of("sentencex")}, make


def load_blingfire(_lib):
    import blingfire

    def make(_lang: str):
        return lambda text: blingfire.text_to_sentences(text).split("\n")

    return {"version": version_of("blingfire")}, make


LOADERS = {"galley": load_galley, "pysbd": load_pysbd,
           "sentencex": load_sentencex, "blingfire": load_blingfire}


# ---------------------------------------------------------------------------


def lang_of(filename: str) -> str:
    m = re.match(r"golden_([a-z]{2,3})(?:_|\.)", filename)
    if not m:
        raise SystemExit(f"quality.py: cannot tell the language of {filename}")
    return m.group(1)


def score_file(cases: List[dict], fn: Optional[Callable[[str], List[str]]]):
    """Runs `fn` on every case. Returns the per-file result and the details
    of each failure (name, text, expected, got or error)."""
    if fn is None:
        return {"passed": NA, "total": len(cases), "failing": [], "errors": {}}, []
    passed, failing, errors, details = 0, [], {}, []
    for case in cases:
        expected = keys(case["sentences"])
        try:
            got_raw = fn(case["text"])
            got = keys(got_raw)
            error = None
        except Exception as e:  # noqa: BLE001 - any failure of the splitter is a failed case
            got_raw, got = None, None
            error = "".join(traceback.format_exception_only(type(e), e)).strip()
        if error is None and got == expected:
            passed += 1
            continue
        failing.append(case["name"])
        if error is not None:
            errors[case["name"]] = error
        details.append({"name": case["name"], "text": case["text"], "expected": expected,
                        "got": got, "got_raw": got_raw, "error": error})
    return {"passed": passed, "total": len(cases), "failing": failing, "errors": errors}, details


def git_commit() -> Optional[str]:
    def sh(*cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""
    head = sh("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD")
    if not head:
        return None
    dirty = sh("git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no")
    return head + ("-dirty" if dirty else "")


def cell(res: dict) -> str:
    return NA if res["passed"] == NA else f"{res['passed']}/{res['total']}"


def table(files: List[str], totals: Dict[str, int], names: List[str], results: dict) -> str:
    head = "| file (cases) | " + " | ".join(TITLES[n] for n in names) + " |"
    sep = "| --- | " + " | ".join("---:" for _ in names) + " |"
    rows = [head, sep]
    for f in files:
        rows.append(f"| `{f}` ({totals[f]}) | "
                    + " | ".join(cell(results[n]["files"][f]) for n in names) + " |")
    total_cases = sum(totals.values())
    tot = []
    for n in names:
        per = [results[n]["files"][f] for f in files]
        scored = [r for r in per if r["passed"] != NA]
        p = sum(r["passed"] for r in scored)
        t = sum(r["total"] for r in scored)
        tot.append(f"**{p}/{t}**" + ("" if t == total_cases else " (of scored)"))
    rows.append(f"| **all** ({total_cases}) | " + " | ".join(tot) + " |")
    return "\n".join(rows)


def print_failures(title: str, by_file: Dict[str, List[dict]]) -> None:
    n = sum(len(v) for v in by_file.values())
    print(f"## {title}: {n} failing case{'s' if n != 1 else ''}\n")
    for f, details in by_file.items():
        for d in details:
            print(f"### {f}: {d['name']}")
            print(f"text:     {d['text']!r}")
            print("expected:")
            for s in d["expected"]:
                print(f"    {s!r}")
            if d["error"] is not None:
                print(f"error:    {d['error']}")
            else:
                print("got:")
                for s in d["got"]:
                    print(f"    {s!r}")
            print()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--splitters", default=",".join(SPLITTERS),
                    help="comma-separated subset of " + ",".join(SPLITTERS))
    ap.add_argument("--golden-dir", type=Path, default=DEFAULT_GOLDEN_DIR,
                    help=f"directory of the golden_*.json files (default {DEFAULT_GOLDEN_DIR})")
    ap.add_argument("--lib", help="libgalley.so to load (default $GALLEY_LIBRARY, "
                                  "else build/libgalley.so)")
    ap.add_argument("--json", type=Path, default=HERE / "results" / "quality.json",
                    help="where to write the results (default Benchmarks/results/quality.json)")
    args = ap.parse_args()

    names = [n.strip().lower() for n in args.splitters.split(",") if n.strip()]
    unknown = [n for n in names if n not in LOADERS]
    if unknown or not names:
        ap.error(f"unknown splitter(s) {', '.join(unknown) or '(none)'}; "
                 f"choose from {','.join(SPLITTERS)}")
    names = [n for n in SPLITTERS if n in names]  # table order, no duplicates

    started = time.perf_counter()
    files = [f for f in GOLDEN_FILES if (args.golden_dir / f).is_file()]
    missing = [f for f in GOLDEN_FILES if f not in files]
    # Any other golden_*.json (a new language) comes after the known ones.
    files += sorted(p.name for p in args.golden_dir.glob("golden_*.json")
                    if p.name not in GOLDEN_FILES)
    if not files:
        raise SystemExit(f"quality.py: no golden files in {args.golden_dir}")
    if missing:
        print(f"quality.py: missing, skipped: {', '.join(missing)}", file=sys.stderr)
    corpus = {f: json.loads((args.golden_dir / f).read_text(encoding="utf-8")) for f in files}
    totals = {f: len(cases) for f, cases in corpus.items()}

    results: dict = {}
    galley_failures: Dict[str, List[dict]] = {}
    for n in names:
        t0 = time.perf_counter()
        try:
            info, make = LOADERS[n](args.lib)
        except Exception as e:  # noqa: BLE001 - report the splitter as unavailable
            raise SystemExit(f"quality.py: cannot load {n}: {type(e).__name__}: {e}")
        res = {**info, "files": {}}
        for f in files:
            lang = lang_of(f)
            try:
                fn = make(lang)
            except Exception as e:  # noqa: BLE001 - e.g. a constructor rejecting the language
                fn = None
                res.setdefault("setup_errors", {})[f] = f"{type(e).__name__}: {e}"
            per, details = score_file(corpus[f], fn)
            per["lang"] = lang
            res["files"][f] = per
            if n == "galley" and details:
                galley_failures[f] = details
        res["seconds"] = round(time.perf_counter() - t0, 3)
        results[n] = res

    elapsed = time.perf_counter() - started
    out = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "git_commit": git_commit(),
        "python": platform.python_version(),
        "golden_dir": str(args.golden_dir),
        "files": {f: {"lang": lang_of(f), "cases": totals[f]} for f in files},
        "comparison": ("a case passes when [key(s) for s in produced if key(s)] == "
                       "[key(s) for s in expected if key(s)]; key() strips the sentence "
                       "and replaces each whitespace run containing a line break with '' "
                       "between two CJK characters, else ' '; an exception is a failure"),
        "splitters": results,
        "seconds": round(elapsed, 3),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    if "galley" in names:
        print_failures(f"Galley {results['galley']['version']} failures", galley_failures)
    versions = ", ".join(f"{TITLES[n]} {results[n]['version']}" for n in names)
    print(f"## Golden-rule pass counts ({versions}; {elapsed:.1f} s)\n")
    print(table(files, totals, names, results))
    print(f"\nwritten to {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
