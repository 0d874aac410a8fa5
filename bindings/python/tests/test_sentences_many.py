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


def _old_path(text, lang="en", flags=0):
    """(start, end) pairs through galley_segmenter_split, the span-array call."""
    from galley import _native, _segment
    seg = _segment._segmenter(_native.UNIT_SENTENCE, lang, flags, _native.OFFSETS_CODEPOINTS)
    data, size = _native.utf8_view(text)
    result = seg.split(data, size, False)
    return [] if result is None else list(zip(result[0], result[1]))


@pytest.mark.parametrize("text", [
    "A. " * 5000,                      # more spans than the first guess of the buffer
    "Ok. " * 40 + "x" * 100_000,       # a large buffer, then a small one again
    "Да. Нет! 好。" * 3000,
    "",
    "   \n\n  ",
])
def test_single_call_offsets_equal_the_span_array_call(text):
    assert [(s.start, s.end) for s in galley.sentences(text)] == _old_path(text)
    # and again, after the segmenter's buffer was resized
    assert [(s.start, s.end) for s in galley.sentences(text)] == _old_path(text)


def test_nul_and_empty_documents():
    docs = ["A b.\0 C d.", "\0", "", "  ", "E.\0"] * 3
    assert galley.sentences_many(docs, threads=2) == [galley.sentences(d) for d in docs]
    assert galley.sentences_many(["", ""]) == [[], []]
    many = galley.sentences_many(["", ""])
    many[0].append(1)
    assert many[1] == []   # no shared lists


def test_a_large_document_among_small_ones():
    big = "Mr. Smith went to Washington. He stayed. " * 100_000   # about 4 MB
    docs = ["One. Two.", big, "Three."]
    assert galley.sentences_many(docs, threads=2) == [galley.sentences(d) for d in docs]


def _error_of(call):
    try:
        call()
    except Exception as error:  # noqa: BLE001 - compared below
        return type(error), str(error), getattr(error, "offset", None)
    return None


def test_the_first_bad_document_raises_what_the_single_call_raises():
    docs = ["fine.", "also fine.", b"bad \xff byte", "\ud800 lone surrogate", b"\xc3"]
    for threads in (1, 2):
        got = _error_of(lambda: galley.sentences_many(docs, threads=threads))
        assert got is not None and got == _error_of(lambda: galley.sentences(docs[2]))
    got = _error_of(lambda: galley.sentences_many(["ok.", "x\ud800y."], threads=2))
    assert got is not None and got == _error_of(lambda: galley.sentences("x\ud800y."))


def test_threads_argument():
    docs = ["A b. C d."] * 5
    assert galley.sentences_many(docs, threads=0) == [galley.sentences(d) for d in docs]
    with pytest.raises(ValueError):
        galley.sentences_many(docs, threads=-1)


@pytest.mark.parametrize("threads", [None, 2])
def test_large_mixed_batches_equal_single_calls(threads):
    # Many str and bytes documents in one call, empty ones among them.
    docs = [f"Doc {i}. It rained.But we went. " * (i % 5) for i in range(150)]
    docs += [d.encode() for d in docs[:70]]
    docs[31] = docs[32] = docs[63] = ""
    assert galley.sentences_many(docs, threads=threads) == [galley.sentences(d) for d in docs]


def test_a_late_failure_raises_the_first_one():
    docs = ["Fine. Two."] * 200
    docs[150] = "x\ud800y."
    docs[170] = "\ud800 again."
    got = _error_of(lambda: galley.sentences_many(docs))
    assert got is not None and got == _error_of(lambda: galley.sentences(docs[150]))
    bad = [b"Fine. Two."] * 200
    bad[120] = b"bad \xff byte"
    got = _error_of(lambda: galley.sentences_many(bad))
    assert got is not None and got == _error_of(lambda: galley.sentences(bad[120]))
