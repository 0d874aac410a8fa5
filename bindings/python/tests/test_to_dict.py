"""Results as data: to_dict() on every result type, Article.to_json(),
galley.process(as_json=True), and a clear error for pickling an index."""

import json
import pickle

import pytest

import galley

TEXT = ("Harbour bridge reopens\n\nThe old bridge reopened on Monday.But the council says little about the cost.\n\n"
        "Read also:\n- [Steel prices](/economy/steel?utm_source=rss)\n- Council approves budget\n")
URL = "https://news.example.com/city/bridge"


def test_article_to_dict_is_the_record_with_its_field_names():
    index = galley.DedupIndex()
    galley.process(TEXT, url=URL, index=index, id="a1")
    article = galley.process(TEXT, url=URL, index=index, id="a2")
    record = article.to_dict()
    assert list(record) == ["id", "url", "link_key", "lang", "lang_detected", "paragraphs", "related", "counts"]
    assert record["paragraphs"][0] == {"text": "Harbour bridge reopens", "span": [0, 22], "sentences": [[0, 22]],
                                       "duplicate": {"id": "a1", "paragraph": 0, "similarity": 1.0, "kind": "exact"}}
    assert record["link_key"] == galley.link_key(URL) == "https://news.example.com/city/bridge"
    assert galley.process("A. B.").link_key is None
    assert list(record["paragraphs"][1]["duplicate"]) == ["id", "paragraph", "similarity", "kind"]
    assert record["related"][0] == {"title": "Steel prices", "key": "steel prices", "slug": "steel-prices",
                                    "url": "/economy/steel?utm_source=rss",
                                    "canonical_url": "https://news.example.com/economy/steel", "error": None,
                                    "kind": "related"}
    assert record["counts"] == {"bytes": len(TEXT.encode()), "paragraphs": 2, "sentences": 3, "duplicates": 2,
                                "related": 2}
    # Plain data all the way down: JSON takes it as it is, and to_json agrees.
    assert json.loads(json.dumps(record)) == record
    assert json.loads(article.to_json()) == record


def test_as_json_is_the_library_record_and_equals_to_dict():
    for text in (TEXT, "A. B.", "Київ — столиця.Тут тепло.\n\nЧитайте також:\n- Тарифи зростуть", ""):
        raw = galley.process(text, url=URL, as_json=True)
        assert isinstance(raw, str) and "\n" not in raw
        assert json.loads(raw) == galley.process(text, url=URL).to_dict()
    # Spans are str indices, as the Article's are.
    record = json.loads(galley.process("Київ.Тут.", as_json=True))
    assert record["paragraphs"][0]["sentences"] == [[0, 5], [5, 9]]
    with pytest.raises(galley.InvalidArgumentError):
        galley.process("x", lang="e n", as_json=True)


def test_match_and_duplicate_use_the_same_field_names():
    index = galley.DedupIndex()
    index.add("a", ["The council approved the budget for the new bridge on Monday."])
    match = index.add("b", ["The council approved the budget for the new bridge on Monday!"])[0]
    assert match.to_dict() == {"id": "a", "paragraph": 0, "similarity": 1.0, "kind": "exact", "sequence": 0}
    duplicate = galley.Duplicate("a", 0, 1.0, "exact")
    assert duplicate.to_dict() == {k: v for k, v in match.to_dict().items() if k != "sequence"}


def test_other_results():
    span = galley.words("Don't stop 3.14")[2]
    assert span.to_dict() == {"start": 11, "end": 15, "text": "3.14", "kind": "number"}
    assert galley.sentences("One. Two.")[0].to_dict()["kind"] is None
    url = galley.parse_url("https://user@Example.com:8080/a?b#c")
    assert url.to_dict()["hostname"] == "example.com" and url.to_dict()["port"] == "8080"
    assert list(url.to_dict()) == list(galley.URL._fields)
    _, links = galley.related_links("Body.\n\nRead also:\n- https://x.org/a?utm_source=y")
    assert links[0].to_dict()["canonical_url"] == "https://x.org/a" and links[0].to_dict()["title"] is None
    fp = galley.fingerprints(["One paragraph of text here, long enough."]).to_dict()
    assert set(fp) == set(galley.Fingerprints._fields) and all(isinstance(v, list) for v in fp.values())
    json.dumps(fp)


def test_an_index_does_not_pickle_and_says_why():
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(galley.DedupIndex())
