"""UAX #29 conformance through Python: Unicode's Grapheme-, Word- and
SentenceBreakTest.txt, read where Debian's unicode-data installs them.

Each line is a test, e.g. ``÷ 0020 × 0308 ÷	#  comment``: ÷ marks a
boundary, × a non-boundary. Segments are taken with keep_whitespace=True
(so they partition the text and their starts are the boundaries) and the
root rules (lang=""), which have no sentence suppressions.

ICU 72's root word rules take U+003A COLON out of MidLetter (CLDR keeps it
only for Swedish and Finnish), so the WordBreakTest cases that need
"a:b" to stay one word (WB6/WB7 over a colon) fail by design. They are
listed in ICU_COLON_CASES and marked strict xfail: any other failure fails
the suite, and so does one of these passing.
"""

import os

import pytest

import galley

DIRECTORY = "/usr/share/unicode/auxiliary"
UNICODE_VERSION = "15.0.0"   # of ICU 72, whose rules the library uses

# WordBreakTest-15.0.0.txt line -> its code points: ICU's root rules break
# around U+003A COLON where Unicode's MidLetter rules (WB6, WB7) do not.
ICU_COLON_CASES = {
    1253: "0061 003A 0041",
    1254: "0061 003A 0308 0041",
    1267: "0061 003A 05D0",
    1268: "0061 003A 0308 05D0",
    1283: "0061 003A 0061 2060",
    1284: "0061 003A 0308 0061 2060",
    1285: "0061 003A 0061 003A",
    1286: "0061 003A 0308 0061 003A",
    1287: "0061 003A 0061 0027",
    1288: "0061 003A 0308 0061 0027",
    1289: "0061 003A 0061 0027 2060",
    1290: "0061 003A 0308 0061 0027 2060",
    1291: "0061 003A 0061 002C",
    1292: "0061 003A 0308 0061 002C",
    1712: "0041 003A 0041",
}

SPLIT = {
    "Grapheme": lambda text: galley.graphemes(text, keep_whitespace=True),
    "Word": lambda text: galley.words(text, "", keep_whitespace=True),
    "Sentence": lambda text: galley.sentences(text, "", keep_whitespace=True, raw=True),
}


def _path(kind):
    return os.path.join(DIRECTORY, f"{kind}BreakTest.txt")


def _read(kind):
    """(line number, code points as written, text, boundaries) per test."""
    with open(_path(kind), encoding="utf-8") as file:
        lines = list(file)
    header = lines[0].strip() if lines else ""
    if header != f"# {kind}BreakTest-{UNICODE_VERSION}.txt":
        raise AssertionError(f"{_path(kind)} starts {header!r}, not Unicode {UNICODE_VERSION}: "
                             "update ICU_COLON_CASES and the counts for this version")
    for number, line in enumerate(lines, 1):
        data = line.split("#", 1)[0].split()
        if not data:
            continue
        chars, boundaries, points = [], [], []
        for token in data:
            if token == "÷":
                boundaries.append(len(chars))
            elif token != "×":
                points.append(token)
                chars.append(chr(int(token, 16)))
        yield number, " ".join(points), "".join(chars), boundaries


def _params(kind):
    if not os.path.exists(_path(kind)):
        return [pytest.param(kind, 0, "", "", [], id=f"{kind}-absent",
                             marks=pytest.mark.skip(
                                 reason=f"{_path(kind)} is absent: install Debian's "
                                        "unicode-data package to run UAX #29 conformance"))]
    params = []
    for number, points, text, boundaries in _read(kind):
        marks = []
        if kind == "Word" and number in ICU_COLON_CASES:
            marks = [pytest.mark.xfail(strict=True,
                                       reason="ICU root rules: U+003A is not MidLetter")]
        params.append(pytest.param(kind, number, points, text, boundaries,
                                   id=f"{kind}:{number}", marks=marks))
    return params


PARAMS = _params("Grapheme") + _params("Word") + _params("Sentence")


@pytest.mark.parametrize("kind,number,points,text,boundaries", PARAMS)
def test_uax29(kind, number, points, text, boundaries):
    spans = SPLIT[kind](text)
    got = [s.start for s in spans] + [len(text)]
    assert got == boundaries, f"{kind}BreakTest.txt:{number}: {points}"


@pytest.mark.parametrize("kind,total", [("Grapheme", 602), ("Word", 1823), ("Sentence", 502)])
def test_case_counts(kind, total):
    if not os.path.exists(_path(kind)):
        pytest.skip(f"{_path(kind)} is absent")
    assert sum(1 for _ in _read(kind)) == total


def test_colon_cases_are_the_listed_lines():
    if not os.path.exists(_path("Word")):
        pytest.skip(f"{_path('Word')} is absent")
    cases = {number: points for number, points, _, _ in _read("Word")}
    for number, points in ICU_COLON_CASES.items():
        assert cases.get(number) == points, f"WordBreakTest.txt:{number}"
        assert "003A" in points.split()
