"""The language-neutral segmentation vectors (Tests/vectors/segmentation.json),
shared with the Swift and C tests, run through the Python API with both str
and bytes input. Offsets in the file are UTF-8 byte offsets."""

import json
import os

import pytest

import galley

VECTORS = os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "Tests", "vectors",
    "segmentation.json"))


def _load():
    if not os.path.exists(VECTORS):
        return {"cases": [], "invalid_utf8": []}
    with open(VECTORS, encoding="utf-8") as file:
        return json.load(file)


DATA = _load()
needs_vectors = pytest.mark.skipif(not os.path.exists(VECTORS),
                                   reason=f"{VECTORS} is absent")


def _split(case, text):
    unit = case["unit"]
    keep = case.get("keep_whitespace", False)
    if unit == "sentence":
        return galley.sentences(text, case.get("lang", "en"), keep_whitespace=keep,
                                raw=case.get("raw", False), repair=case.get("repair", True))
    if unit == "word":
        return galley.words(text, case.get("lang", "en"), keep_whitespace=keep)
    if unit == "paragraph":
        return galley.paragraphs(text, keep_whitespace=keep)
    if unit == "grapheme":
        return galley.graphemes(text, keep_whitespace=keep)
    raise AssertionError(f"unknown unit {unit!r} in {case['name']}")


def _expected_kind(case, kind):
    # The file says "other" for non-word units; Python says None there.
    return kind if case["unit"] == "word" else None


@needs_vectors
def test_vectors_file_has_cases():
    assert DATA["cases"], f"{VECTORS} has no cases"
    assert {case["unit"] for case in DATA["cases"]} == {"sentence", "word", "paragraph", "grapheme"}


@needs_vectors
@pytest.mark.parametrize("case", DATA["cases"], ids=[c["name"] for c in DATA["cases"]])
def test_bytes_input_gives_the_byte_offsets(case):
    data = case["text"].encode("utf-8")
    spans = _split(case, data)
    assert [(s.start, s.end, s.kind) for s in spans] == [
        (start, end, _expected_kind(case, kind)) for start, end, kind in case["spans"]]
    assert [s.text for s in spans] == [data[start:end].decode() for start, end, _ in case["spans"]]
    if "texts" in case:
        assert [s.text for s in spans] == case["texts"]


@needs_vectors
@pytest.mark.parametrize("case", DATA["cases"], ids=[c["name"] for c in DATA["cases"]])
def test_str_input_gives_the_same_segments_as_str_indices(case):
    text = case["text"]
    spans = _split(case, text)
    # Map each str index to its UTF-8 byte offset (test code; the binding
    # itself never loops over characters).
    byte_offset = [0]
    for char in text:
        byte_offset.append(byte_offset[-1] + len(char.encode("utf-8")))
    assert [(byte_offset[s.start], byte_offset[s.end], s.kind) for s in spans] == [
        (start, end, _expected_kind(case, kind)) for start, end, kind in case["spans"]]
    assert all(text[s.start:s.end] == s.text for s in spans)
    if "texts" in case:
        assert [s.text for s in spans] == case["texts"]


@needs_vectors
@pytest.mark.parametrize("unit", ["sentence", "word", "paragraph", "grapheme"])
@pytest.mark.parametrize("case", DATA.get("invalid_utf8", []),
                         ids=[c["name"] for c in DATA.get("invalid_utf8", [])])
def test_invalid_utf8(case, unit):
    data = bytes.fromhex(case["hex"])
    offset = case["offset"]
    with pytest.raises(galley.InvalidUTF8Error, match=rf"\boffset {offset}\b") as info:
        _split({"unit": unit, "name": case["name"]}, data)
    assert info.value.offset == offset
    with pytest.raises(galley.InvalidUTF8Error) as info:
        galley.validate_utf8(data)
    assert info.value.offset == offset
