"""galley.process: the whole pipeline on one article, through Python."""

import pytest

import galley

TEXT = ("Bridge reopens\n\nThe bridge reopened on Monday.But the council\u00a0says little.\n\n"
        "Read also:\n- [Steel](/economy/steel?utm_source=rss)\n- Council approves budget\n")


def test_process():
    a = galley.process(TEXT, url="https://News.Example.com/city/bridge")
    assert a.id == "https://News.Example.com/city/bridge" and a.lang == "en" and a.lang_detected
    assert [p.text for p in a.paragraphs] == ["Bridge reopens", "The bridge reopened on Monday.But the council says little."]
    # Spans index the str given (the no-break space is one character).
    assert [s.text for s in a.paragraphs[1].sentences] == ["The bridge reopened on Monday.",
                                                           "But the council\u00a0says little."]
    p = a.paragraphs[1]
    assert TEXT[p.start:p.end] == "The bridge reopened on Monday.But the council\u00a0says little."
    assert [r.title for r in a.related] == ["Steel", "Council approves budget"]
    assert a.related[0].canonical_url == "https://news.example.com/economy/steel"
    assert a.counts == {"bytes": len(TEXT.encode()), "paragraphs": 2, "sentences": 3, "duplicates": 0, "related": 2}


def test_non_ascii_spans_and_language():
    text = "Київ відкрив нову станцію метро.\n\nЩе одне речення тут. І ще одне."
    a = galley.process(text)
    assert a.lang == "uk"
    assert [[s.text for s in p.sentences] for p in a.paragraphs] == [
        ["Київ відкрив нову станцію метро."], ["Ще одне речення тут.", "І ще одне."]]
    assert all(text[s.start:s.end] == s.text for p in a.paragraphs for s in p.sentences)
    assert galley.process("Hello there, friends.", lang="de").lang == "de"


def test_index_and_duplicates():
    para = "The council approved the budget for a second crossing after a long debate on Tuesday."
    index = galley.DedupIndex()
    first = galley.process(para + "\n\n" + para, index=index, id="a1")
    assert first.paragraphs[0].duplicate is None
    assert first.paragraphs[1].duplicate == galley.Duplicate("a1", 0, 1.0, "exact")
    second = galley.process(para, index=index, id="a2")
    assert second.paragraphs[0].duplicate.id == "a1"
    assert len(index) == 3
    assert galley.process(para).paragraphs[0].duplicate is None  # no index: the article alone


def test_switches():
    assert galley.process(TEXT, related=False).related == []
    unrepaired = galley.process(TEXT, repair=False)
    assert len(unrepaired.paragraphs[1].sentences) == 1


def test_bad_input():
    with pytest.raises(ValueError, match="BCP 47"):
        galley.process("text", lang="e n")
    with pytest.raises(ValueError):
        galley.process("bad \ud800 surrogate")
    with pytest.raises(TypeError):
        galley.process(b"bytes")
    with pytest.raises(TypeError):
        galley.process("x", index="not an index")
    empty = galley.process("")
    assert empty.paragraphs == [] and empty.lang == "und"
    big = galley.process("Word " * 400_000)  # 2 MB, one paragraph
    assert len(big.paragraphs) == 1 and big.counts["bytes"] == 2_000_000
