"""galley.sentences_many: the batch form of galley.sentences on worker threads."""

import pytest

import galley


def _docs():
    base = ["It rained.But we went out. Mr. Smith stayed in.",
            "Це перше речення. Це друге!",
            "",
            "今日は晴れです。明日は雨でしょう。",
            b"Bytes work too. Offsets are bytes then.",
            "One sentence only"]
    return [base[i % len(base)] if i % 7 else f"Document {i}. It has two sentences." for i in range(200)]


@pytest.mark.parametrize("threads", [None, 1, 2, 3])
def test_equal_to_sentences_in_order(threads):
    docs = _docs()
    many = galley.sentences_many(docs, lang="en", threads=threads)
    assert many == [galley.sentences(d, lang="en") for d in docs]


def test_options_pass_through():
    docs = ["Prices fell.But demand grew.  Next one.\n"] * 9
    assert galley.sentences_many(docs, repair=False) == [galley.sentences(d, repair=False) for d in docs]
    assert galley.sentences_many(docs, raw=True) == [galley.sentences(d, raw=True) for d in docs]
    assert galley.sentences_many(docs, keep_whitespace=True) == [
        galley.sentences(d, keep_whitespace=True) for d in docs]


def test_iterables_and_empty():
    assert galley.sentences_many([]) == []
    assert galley.sentences_many(iter(["A b. C d.", "E."])) == [
        galley.sentences("A b. C d."), galley.sentences("E.")]
    with pytest.raises(TypeError):
        galley.sentences_many("not a list of texts")


def test_errors_are_the_single_call_errors():
    with pytest.raises(galley.InvalidUTF8Error):
        galley.sentences_many(["fine.", b"bad \xff byte", "fine."] * 5)
    with pytest.raises(ValueError):
        galley.sentences_many(["a", "b"], lang="not a tag!")
    with pytest.raises(TypeError):
        galley.sentences_many(["a", 3, "b"])
