"""Near-duplicate paragraphs through Python: the shared vectors
(Tests/vectors/dedup.json), the API and bad input."""

import json
import os

import pytest

import galley

VECTORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "Tests", "vectors",
                       "dedup.json")
BASE = ("The council approved the budget for the second crossing on Monday after a long debate "
        "about steel prices and delays.")


def test_shared_vectors():
    with open(VECTORS, encoding="utf-8") as f:
        v = json.load(f)
    index = galley.DedupIndex(**{k: v["options"][k] for k in ("threshold", "containment", "shingle", "n",
                                                            "permutations")})
    for batch, expected in zip(v["batches"], v["expected"]):
        got = index.add_batch([(d["id"], d["paragraphs"]) for d in batch])
        assert [None if m is None else {"doc_id": m.id, "paragraph": m.paragraph, "sequence": m.sequence,
                                        "kind": m.kind, "similarity": m.similarity} for m in got] == expected


def test_add_and_len():
    index = galley.DedupIndex()
    assert index.add("a", [BASE, "Short one."]) == [None, None]
    m = index.add("b", [BASE.upper()])[0]
    assert (m.id, m.paragraph, m.kind, m.similarity) == ("a", 0, "exact", 1.0)
    assert len(index) == 3
    assert index.add("c", []) == []
    assert index.add_batch([]) == []


def test_clusters():
    index = galley.DedupIndex()
    index.add("a", [BASE, "Unique words only here, nowhere else at all."])
    index.add("b", ["Something else.", BASE.upper()])
    index.add("c", [BASE + "!"])
    assert index.clusters() == [[("a", 0), ("b", 1), ("c", 0)]]


def test_dedup_paragraphs():
    got = galley.dedup_paragraphs(f"{BASE}\n\nSomething else.\n\n{BASE}")
    assert got[0] is None and got[1] is None
    assert got[2].paragraph == 0 and got[2].kind == "exact"
    assert galley.dedup_paragraphs("") == []


def test_options_are_checked():
    for bad in ({"threshold": 0}, {"threshold": 1.5}, {"containment": 2}, {"n": 0},
                {"permutations": 4}, {"shingle": "lines"}):
        with pytest.raises(ValueError):
            galley.DedupIndex(**bad)


def test_character_shingles():
    index = galley.DedupIndex(shingle="characters", n=4)
    index.add("a", ["ninety-nine red balloons"])
    assert index.add("b", ["Ninety nine red balloons!"])[0].kind == "exact"


def test_bad_input_adds_nothing():
    index = galley.DedupIndex()
    index.add("a", [BASE])
    with pytest.raises(TypeError):
        index.add("b", ["fine", b"bytes"])
    with pytest.raises(ValueError):
        index.add("b", ["fine", "lone \ud800 surrogate"])
    assert len(index) == 1


def test_file_index_survives_reopening(tmp_path):
    path = str(tmp_path / "index.db")
    with galley.DedupIndex(path) as index:
        assert index.add("a", [BASE, "Other words entirely, for this test."]) == [None, None]
        assert "a" in index and "b" not in index
    with galley.DedupIndex(path) as index:
        assert len(index) == 2
        m = index.add("b", [BASE])[0]
        assert (m.id, m.paragraph, m.kind, m.sequence) == ("a", 0, "exact", 0)
    with galley.DedupIndex(path) as index:
        assert len(index) == 3


def test_file_errors(tmp_path):
    foreign = tmp_path / "notes.txt"
    foreign.write_text("hello, I am not an index\n" * 100)
    with pytest.raises(galley.NotAnIndexError, match="not a Galley index"):   # an OSError
        galley.DedupIndex(str(foreign))
    path = str(tmp_path / "index.db")
    with galley.DedupIndex(path) as index:
        index.add("a", [BASE])
    with pytest.raises(ValueError, match="other fingerprint settings"):
        galley.DedupIndex(path, permutations=128)


def test_match_names_its_document_id_as_the_record_does():
    # Match's fields carry the article record's names (id, paragraph,
    # similarity, kind); doc_id stays readable as the old name of id.
    index = galley.DedupIndex()
    index.add("wire-1", ["The council approved the budget on Monday evening."])
    m = index.add("site-2", ["The council approved the budget on Monday evening."])[0]
    assert m.id == "wire-1" and m.doc_id == "wire-1"
    assert m._fields[:4] == galley.Duplicate._fields
    assert m.to_dict()["id"] == "wire-1"


def test_candidates_per_bucket_bounds_what_a_paragraph_is_verified_against():
    # Templated paragraphs, every one a near copy of every other (issue 12's
    # bucket flood): without a bound each matches the first (the earliest
    # of equal similarity); with candidates_per_bucket=2 it is verified
    # against the 2 most recent earlier paragraphs of each of its LSH buckets
    # only, and matches the earliest of those: the rule recomputed here from
    # the fingerprints' band keys and shingles.
    template = "the same long templated paragraph about the bridge and the river with many words in it number %d"
    paragraphs = [template % i for i in range(40)]
    unbounded = galley.DedupIndex(candidates_per_bucket=0).add("d", paragraphs)
    bounded = galley.DedupIndex(candidates_per_bucket=2).add("d", paragraphs)
    assert [m and m.paragraph for m in unbounded] == [None] + [0] * 39
    fp = galley.fingerprints(paragraphs)
    bands = fp.band_offsets[1] - fp.band_offsets[0]
    keys = [tuple(fp.band_keys[fp.band_offsets[i]:fp.band_offsets[i + 1]]) for i in range(40)]
    sets = [set(fp.shingles[fp.shingle_offsets[i]:fp.shingle_offsets[i + 1]]) for i in range(40)]
    want = [None]
    for i in range(1, 40):
        candidates = set()
        for b in range(bands):
            candidates.update([j for j in range(i) if keys[j][b] == keys[i][b]][-2:])
        near = [j for j in candidates if len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= 0.8]
        want.append(min(near) if near else None)
    assert [m and m.paragraph for m in bounded] == want
    assert want != [m and m.paragraph for m in unbounded]     # the bound changed which copy is matched
    assert all(m is not None and m.kind == "near" for m in bounded[1:])
    # The default bound changes nothing here.
    assert galley.DedupIndex().add("d", paragraphs) == unbounded


@pytest.mark.parametrize("bad", [-1, 2 ** 31, 1.5, "8"])
def test_bad_candidates_per_bucket_raise_value_error(bad):
    with pytest.raises(ValueError):
        galley.DedupIndex(candidates_per_bucket=bad)
    with pytest.raises(ValueError):
        galley.dedup_paragraphs("a b c d e f", candidates_per_bucket=bad)
