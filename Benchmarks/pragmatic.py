#!/usr/bin/env python3
"""pragmatic_segmenter's specification, per language: Galley against pySBD and sentencex.

    GALLEY_LIBRARY=build/libgalley.so Benchmarks/.venv/bin/python Benchmarks/pragmatic.py
        [--splitters galley,pysbd,sentencex] [--suite Tests/conformance/pragmatic]
        [--json Benchmarks/results/pragmatic.json] [--failures FILE]

Every case of Tests/conformance/pragmatic/<lang>.json (see its README in the team's
shared/conformance/pragmatic) is run through each splitter with the case's language:

  galley     [s.text for s in galley.sentences(text, lang=L)]
  pysbd      pysbd.Segmenter(language=L, clean=False).segment(text)   (n/a where pySBD has no L)
  sentencex  list(sentencex.segment(L, text))

Nobody cleans the text first (pragmatic_segmenter's own runs cleaned 443 of 453 cases:
`peer_options.clean`); the comparison is the suite's: each sentence stripped, whitespace
runs collapsed to one space (a run holding a line break between two CJK characters is
removed), empty sentences dropped. Cases the spec itself skips (`peer_mark: skip`) are
counted separately and not in the totals.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import traceback
from pathlib import Path
from typing import Dict, List

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from quality import LOADERS, TITLES, NA, is_cjk, version_of  # noqa: E402

_WS = re.compile(r"\s+")
_BREAKS = frozenset("\n\x0b\x0c\r\x85\u2028\u2029")


def pkey(s: str) -> str:
    """The suite's comparison form of one sentence."""
    s = s.strip()

    def join(m: "re.Match[str]") -> str:
        run = m.group()
        if _BREAKS.intersection(run) and is_cjk(s[m.start() - 1]) and is_cjk(s[m.end()]):
            return ""
        return " "

    return _WS.sub(join, s)


def pkeys(sentences: List[str]) -> List[str]:
    return [k for k in map(pkey, sentences) if k]


def load_suite(folder: Path) -> Dict[str, List[dict]]:
    out = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out[data["lang"]] = data["cases"]
    return out


def score(cases: List[dict], fn):
    if fn is None:
        return {"passed": NA, "total": 0, "failing": []}, []
    passed, failing, details = 0, [], []
    total = 0
    for case in cases:
        if case.get("peer_mark") == "skip":
            continue
        total += 1
        want = pkeys(case["expected"])
        try:
            got = pkeys(fn(case["text"]))
            error = None
        except Exception as e:  # noqa: BLE001
            got, error = None, "".join(traceback.format_exception_only(type(e), e)).strip()
        if error is None and got == want:
            passed += 1
            continue
        failing.append(case["id"])
        details.append({"id": case["id"], "text": case["text"], "expected": want, "got": got,
                        "error": error})
    return {"passed": passed, "total": total, "failing": failing}, details


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--splitters", default="galley,pysbd,sentencex")
    ap.add_argument("--suite", default=str(ROOT / "Tests" / "conformance" / "pragmatic"))
    ap.add_argument("--lib", default=None)
    ap.add_argument("--json", default=None, help="write per-language results here")
    ap.add_argument("--failures", default=None, help="write Galley's failures (JSON) here")
    args = ap.parse_args()

    suite = load_suite(Path(args.suite))
    names = [n for n in args.splitters.split(",") if n]
    results: Dict[str, dict] = {"versions": {}, "languages": {}}
    galley_failures = []
    for name in names:
        info, make = LOADERS[name](args.lib)
        results["versions"][name] = info
        for lang, cases in suite.items():
            res, details = score(cases, make(lang))
            results["languages"].setdefault(lang, {})[name] = res
            if name == "galley":
                galley_failures.extend(details)

    header = "| lang | cases | " + " | ".join(TITLES[n] for n in names) + " |"
    print(header)
    print("|" + "---|" * (2 + len(names)))
    totals = {n: 0 for n in names}
    all_cases = 0
    for lang in sorted(results["languages"]):
        row = results["languages"][lang]
        total = next(r["total"] for r in row.values() if r["passed"] != NA)
        all_cases += total
        cells = []
        for n in names:
            p = row[n]["passed"]
            if p != NA:
                totals[n] += p
            cells.append(str(p))
        print(f"| {lang} | {total} | " + " | ".join(cells) + " |")
    print(f"| all | {all_cases} | " + " | ".join(str(totals[n]) for n in names) + " |")
    results["totals"] = totals
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    if args.failures:
        Path(args.failures).write_text(json.dumps(galley_failures, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
