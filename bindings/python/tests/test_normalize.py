"""galley.normalize(): the shared vectors (Tests/vectors/normalization.json,
with UTF-8 byte maps converted to str indices here), every rule, the index
map, errors, threads and a large input."""

import json
import os
import random
import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor

import pytest

import galley
from galley import _native

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
VECTORS = os.path.join(ROOT, "Tests", "vectors", "normalization.json")
HEADER = os.path.join(ROOT, "include", "galley.h")

needs_vectors = pytest.mark.skipif(not os.path.exists(VECTORS), reason=f"{VECTORS} is absent")


def _cases():
    if not os.path.exists(VECTORS):
        return []
    with open(VECTORS, encoding="utf-8") as file:
        return json.load(file)["cases"]


def _options(case):
    return dict(form=case["form"], fold_quotes=case["fold_quotes"],
                fold_dashes=case["fold_dashes"], collapse_spaces=case["collapse_spaces"])


def _char_index(text, byte_offset):
    """The str index of a UTF-8 byte offset (test helper; offsets here are
    always on character boundaries)."""
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8"))


# --- Shared vectors ------------------------------------------------------------


@needs_vectors
@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["name"])
def test_vector(case):
    original = case["text"]
    n = galley.normalize(original, **_options(case))
    assert n.text == case["expected"]
    expected_utf8 = case["expected"].encode("utf-8")
    # The vectors map every UTF-8 offset; check the character boundaries as str indices.
    boundaries = [len(case["expected"][:i].encode("utf-8")) for i in range(len(case["expected"]) + 1)]
    assert boundaries[-1] == len(expected_utf8)
    for i, b in enumerate(boundaries):
        assert n.original_offset(i) == _char_index(original, case["starts"][b]), i
        if i > 0:
            assert n.original_span(0, i)[1] == _char_index(original, case["ends"][b]), i


def test_vectors_exist():
    assert os.path.exists(VECTORS), VECTORS


# --- Rules -------------------------------------------------------------------------


def test_joiners_are_kept():
    # ZWJ and ZWNJ carry meaning: emoji sequences, Indic and Persian spelling.
    for text in ["\U0001f468\u200d\U0001f469\u200d\U0001f467", "\u0915\u094d\u200d\u0937",
                 "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"]:
        assert galley.normalize(text).text == text


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0e", "\x1f", "\x7f", "\x80", "\x9f",
                                  "\u00ad", "\u180e", "\u200b", "\u2060", "\ufeff"])
def test_removed(char):
    n = galley.normalize(f"a{char}b")
    assert n.text == "ab"
    assert n.original_spans([(0, 1), (1, 2)]) == [(0, 1), (2, 3)]


@pytest.mark.parametrize("char", ["\t", "\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"])
def test_kept_controls_and_line_ends(char):
    assert galley.normalize(f"a{char}b").text == f"a{char}b"


SPACES = ["\u00a0", "\u1680"] + [chr(c) for c in range(0x2000, 0x200B)] + ["\u202f", "\u205f", "\u3000"]


@pytest.mark.parametrize("space", SPACES, ids=lambda s: f"U+{ord(s):04X}")
def test_unicode_spaces(space):
    assert unicodedata.category(space) == "Zs"
    n = galley.normalize(f"a{space}b")
    assert n.text == "a b"
    assert n.original_span(1, 2) == (1, 2)
    assert galley.normalize(f"a{space}{space}b", collapse_spaces=False).text == "a  b"


def test_space_runs():
    assert galley.normalize("a \t\u00a0 b").text == "a b"
    assert galley.normalize("a\tb").text == "a\tb"          # a lone tab stays
    assert galley.normalize("a\t\tb").text == "a b"
    assert galley.normalize("  lead\n  next  \r\nend \u2003").text == " lead\n next\r\nend"
    assert galley.normalize("x \u2028y \x85z \u2029").text == "x\u2028y\x85z\u2029"
    assert galley.normalize("a  \n", collapse_spaces=False).text == "a  \n"
    n = galley.normalize("one   two")
    assert n.text == "one two"
    assert n.original_span(3, 4) == (3, 4)       # the first space, exactly
    assert n.original_offset(4) == 6
    assert n.original_span(0, 7) == (0, 9)


def test_folding():
    quotes = "“a” „b‟ «c» ‹d› ‘e’ ‚f‛"
    assert galley.normalize(quotes, fold_quotes=True).text == '"a" "b" "c" "d" \'e\' \'f\''
    assert galley.normalize(quotes).text == quotes
    dashes = "a‐b‑c‒d–e—f―g−h"
    assert galley.normalize(dashes, fold_dashes=True).text == "a-b-c-d-e-f-g-h"
    assert galley.normalize(dashes).text == dashes
    n = galley.normalize("“Hi” — ok", fold_quotes=True, fold_dashes=True)
    assert n.text == '"Hi" - ok'
    assert n.original_span(0, 4) == (0, 4)
    assert n.original_span(5, 6) == (5, 6)


def test_nfc_and_nfkc():
    assert galley.normalize("Cafe\u0301").text == "Café"
    assert galley.normalize("e\u200b\u0301").text == "é"          # removal first
    r = galley.normalize("q\u0301\u0323x")                         # reordered marks
    assert r.text == "q\u0323\u0301x"
    assert r.original_offset(1) == 0 and r.original_span(1, 2) == (0, 3)
    assert r.original_span(3, 4) == (3, 4)
    compat = "ﬁne ①Ａ² ｶ"
    assert galley.normalize(compat).text == compat
    k = galley.normalize(compat, form="NFKC")
    assert k.text == "fine 1A2 カ"
    assert k.text == unicodedata.normalize("NFKC", compat)
    assert k.original_span(0, 2) == (0, 1)         # "fi" from "ﬁ"
    assert k.original_offset(1) == 0 and k.original_span(1, 2) == (0, 1)
    assert k.original_span(2, 4) == (1, 3)         # "ne", exactly
    assert galley.normalize("ｶ", form="nfkc").text == "カ"   # the form's case does not matter


def test_sentences_map_back():
    original = "\ufeffDr.\u00a0Smith  arrived\u00ad today.\u200b   He   left.  \n\n“Fine,” she said."
    n = galley.normalize(original, fold_quotes=True)
    assert n.text == 'Dr. Smith arrived today. He left.\n\n"Fine," she said.'
    spans = n.original_spans(galley.sentences(n.text))
    assert [original[s:e] for s, e in spans] == [
        "Dr.\u00a0Smith  arrived\u00ad today.", "He   left.", "“Fine,” she said."]
    assert spans == [n.original_span(s.start, s.end) for s in galley.sentences(n.text)]


def test_astral_characters_count_as_one_index():
    original = "\U0001d4b3\u00a0\U0001f44d\U0001f3fd  end"
    n = galley.normalize(original)
    assert n.text == "\U0001d4b3 \U0001f44d\U0001f3fd end"
    assert n.original_span(2, 4) == (2, 4)
    assert n.original_span(5, 8) == (6, 9)
    assert galley.normalize(original, form="NFKC").text == "X \U0001f44d\U0001f3fd end"


def test_random_text():
    alphabet = ["a", "e", "q", "K", " ", "  ", "\t", "\n", "\r\n", ".", "\u0301", "\u0323", "\u0308",
                "\u00a0", "\u2009", "\u3000", "\u200b", "\u200d", "\u00ad", "\ufeff", "\x01", "\x7f",
                "\x9c", "\x85", "é", "ﬁ", "Ａ", "①", "\u00a8", "“", "”", "’", "—", "−", "ｶ", "\uff9e",
                "가", "\u1100", "\u1161", "\u11a8", "👍🏽", "𝒳", "Å", "\u212b"]
    rng = random.Random(20251126)
    for _ in range(300):
        original = "".join(rng.choice(alphabet) for _ in range(rng.randrange(40)))
        for options in ({}, {"form": "NFKC", "fold_quotes": True, "fold_dashes": True},
                        {"collapse_spaces": False}):
            n = galley.normalize(original, **options)
            assert galley.normalize(n.text, **options).text == n.text, original
            form = options.get("form", "NFC")
            assert unicodedata.is_normalized(form, n.text), (original, n.text)
            _check_map(original, n, options)


def _check_map(original, n, options):
    """What every map must satisfy: the end maps to the end, indices map
    monotonically, characters kept as they were map to themselves, and every
    other character maps to original text that normalizes to text holding
    it (a rewritten stretch, a replaced space, a folded quote)."""
    text = n.text
    assert n.original_offset(len(text)) == len(original)
    starts = [n.original_offset(i) for i in range(len(text) + 1)]
    assert starts == sorted(starts)
    spans = n.original_spans([(i, i + 1) for i in range(len(text))])
    assert spans == [n.original_span(i, i + 1) for i in range(len(text))]
    assert [e for _, e in spans] == sorted(e for _, e in spans)
    for i, (start, end) in enumerate(spans):
        piece = original[start:end]
        if piece == text[i]:
            continue
        assert text[i] == " " or text[i] in galley.normalize(piece, **options).text, (i, text, piece)


# --- API ---------------------------------------------------------------------------


def test_normalized_object():
    n = galley.normalize("a\u00a0b")
    assert isinstance(n, galley.Normalized)
    assert repr(n) == "Normalized(text='a b')"
    assert len(n) == 3
    with pytest.raises(AttributeError):
        n.other = 1
    assert galley.normalize("").text == "" and galley.normalize("").original_offset(0) == 0
    assert galley.normalize("\u200b\u200b").original_offset(0) == 2
    assert n.original_spans([]) == []
    assert n.original_spans(iter([(0, 1)])) == [(0, 1)]
    assert n.original_span(1, 1) == (1, 1)


def test_unchanged_text_is_returned_as_is():
    text = "Plain text, already clean: nothing to do. Ünïcödé too.\n" * 100
    n = galley.normalize(text)
    assert n.text == text
    assert n.text is text


def test_index_errors():
    n = galley.normalize("abc")
    for bad in (-1, 4):
        with pytest.raises(IndexError):
            n.original_offset(bad)
    with pytest.raises(IndexError):
        n.original_span(2, 1)
    with pytest.raises(IndexError):
        n.original_span(0, 4)
    with pytest.raises(IndexError, match="span 1"):
        n.original_spans([(0, 1), (2, 9)])
    with pytest.raises(IndexError):
        n.original_spans([(-1, 1)])
    with pytest.raises(TypeError):
        n.original_offset("1")


def test_argument_errors():
    with pytest.raises(TypeError):
        galley.normalize(b"bytes")
    with pytest.raises(galley.InvalidArgumentError):
        galley.normalize("x", form="NFD")
    with pytest.raises(ValueError):
        galley.normalize("x", form="nfkd")
    with pytest.raises(galley.InvalidUTF8Error) as info:
        galley.normalize("ok \ud800 no")
    assert info.value.offset == 3


def test_invalid_utf8_reaches_python_with_its_offset():
    # Only bytes can hold invalid UTF-8; call the C function as the binding does.
    options = _native.NormalizeOptions(_native.ctypes.sizeof(_native.NormalizeOptions), 0, 0, 0, 0)
    handle = _native.NormalizedPointer()
    with pytest.raises(galley.InvalidUTF8Error) as info:
        _native.lib.galley_normalize(options, b"ab\xe2\x82a", 5, _native.ctypes.byref(handle),
                                     _native.c_size_t(0))
    assert info.value.offset == 2
    assert not handle


def test_function_table_lists_every_function_of_the_header():
    with open(HEADER, encoding="utf-8") as file:
        code = re.sub(r"/\*.*?\*/", "", file.read(), flags=re.S)
    declared = set(re.findall(r"\b(galley_\w+)\s*\(", code))
    deprecated = set(re.findall(r"GALLEY_DEPRECATED\(\"[^\"]*\"\)\s+[^;(]*?\b(galley_\w+)\s*\(", code))
    listed = {name for name, *_ in _native._FUNCTIONS}
    # Every current function of the header has its ctypes prototype, and
    # nothing else; a deprecated one only while the binding still uses it.
    assert any(name.startswith("galley_normaliz") for name in declared)
    assert "galley_segmenter_errmsg" in deprecated
    assert declared - deprecated <= listed <= declared, (sorted(declared - deprecated - listed),
                                                         sorted(listed - declared))


def test_threads_share_results():
    text = "Tea\u00a0\u00a0time. “Quotes” — and ﬁ.\n" * 2000
    n = galley.normalize(text, form="NFKC", fold_quotes=True, fold_dashes=True)
    sentences = galley.sentences(n.text)
    want = n.original_spans(sentences)

    def work(_):
        m = galley.normalize(text, form="NFKC", fold_quotes=True, fold_dashes=True)
        return m.text == n.text and n.original_spans(sentences) == want

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(work, range(16)))


def test_large_input():
    paragraph = "The quick\u00a0brown fox “jumps”  over the lazy dog.\u200b Ünïcödé\u0301 ﬁsh.\n"
    expected = 'The quick brown fox "jumps" over the lazy dog. Ünïcödé\u0301 fish.\n'
    reps = 200_000   # 15 MB
    n = galley.normalize(paragraph * reps, form="NFKC", fold_quotes=True)
    assert n.text == expected * reps
    last = len(expected) * (reps - 1)
    assert n.original_span(last + 4, last + 9) == (len(paragraph) * (reps - 1) + 4,
                                                   len(paragraph) * (reps - 1) + 9)
    assert n.original_offset(len(n.text)) == len(paragraph) * reps
