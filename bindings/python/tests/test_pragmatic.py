"""pragmatic_segmenter's specification (Tests/conformance/pragmatic/*.json, in the
repository; never skipped) through galley.sentences, without its text cleaner.

The per-language pass counts are pinned in Tests/vectors/pragmatic_pins.json: a
language that passes fewer cases fails the test (a regression), and so does one that
passes more (raise the pin in the same change, so that the gain is kept). Comparison as
the suite's README says: each sentence stripped, whitespace runs collapsed to one space
(a run holding a line break between two CJK characters removed), empty ones dropped.
Benchmarks/pragmatic.py prints the same counts beside pySBD's and sentencex's."""

import json
import os
import re

import pytest

import galley

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
SUITE = os.path.join(ROOT, "Tests", "conformance", "pragmatic")
PINS = os.path.join(ROOT, "Tests", "vectors", "pragmatic_pins.json")

_WS = re.compile(r"\s+")
_BREAKS = set("\n\r\x0b\x0c\x85\u2028\u2029")
_CJK = [(0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF),
        (0xFF00, 0xFFEF), (0x20000, 0x2FFFF), (0x2E80, 0x2FDF), (0x3005, 0x3007)]


def _cjk(ch):
    return any(lo <= ord(ch) <= hi for lo, hi in _CJK)


def pkey(s):
    s = s.strip()

    def join(m):
        if _BREAKS.intersection(m.group()) and _cjk(s[m.start() - 1]) and _cjk(s[m.end()]):
            return ""
        return " "

    return _WS.sub(join, s)


def pkeys(sentences):
    return [k for k in map(pkey, sentences) if k]


with open(PINS, encoding="utf-8") as f:
    _PINNED = json.load(f)["passed"]


@pytest.mark.parametrize("lang", sorted(_PINNED))
def test_pragmatic_pass_count(lang):
    with open(os.path.join(SUITE, f"{lang}.json"), encoding="utf-8") as f:
        cases = [c for c in json.load(f)["cases"] if c.get("peer_mark") != "skip"]
    failing = []
    for case in cases:
        got = pkeys(s.text for s in galley.sentences(case["text"], lang=lang))
        if got != pkeys(case["expected"]):
            failing.append(f"{case['id']}: got {got}")
    passed = len(cases) - len(failing)
    assert passed == _PINNED[lang], (
        f"{lang}: {passed}/{len(cases)} pass, pinned {_PINNED[lang]} "
        f"(update Tests/vectors/pragmatic_pins.json if this is a gain)\n" + "\n".join(failing))


def test_every_language_of_the_suite_is_pinned():
    langs = {name[:-5] for name in os.listdir(SUITE) if name.endswith(".json")}
    assert langs == set(_PINNED)
