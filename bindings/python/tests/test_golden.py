"""The sentence golden rules through Python: Tests/conformance/golden_*.json
(in the repository; never skipped), compared
after stripping each sentence and joining hard-wrapped lines (see key())."""

import json
import os
import re

import pytest

import galley

HERE = os.path.dirname(os.path.abspath(__file__))
DIRECTORY = os.path.normpath(os.path.join(HERE, "..", "..", "..", "Tests", "conformance"))
FILES = ["en", "en_pragmatic52", "de", "ru", "es", "fr", "ja", "zh"]

_RUN = re.compile(r"\s+")
_BREAKS = set("\n\r\x0b\x0c\x85\u2028\u2029")
_CJK = [(0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF),
        (0xFF00, 0xFFEF), (0x20000, 0x2FFFF)]


def _cjk(ch):
    return any(lo <= ord(ch) <= hi for lo, hi in _CJK)


def key(s):
    """Stripped; a whitespace run holding a line break becomes "" between
    two CJK characters and " " otherwise (a hard-wrapped line continues)."""
    s = s.strip()

    def join(m):
        run = m.group()
        if not _BREAKS.intersection(run):
            return run
        return "" if _cjk(s[m.start() - 1]) and _cjk(s[m.end()]) else " "

    return _RUN.sub(join, s)


def _cases():
    for name in FILES:
        path = os.path.join(DIRECTORY, f"golden_{name}.json")
        with open(path, encoding="utf-8") as f:
            for case in json.load(f):
                yield pytest.param(name, case, id=f"{name}:{case['name']}")


@pytest.mark.parametrize("name,case", list(_cases()))
def test_golden(name, case):
    lang = name[:2]
    got = [k for k in (key(s.text) for s in galley.sentences(case["text"], lang)) if k]
    want = [k for k in map(key, case["sentences"]) if k]
    assert got == want
