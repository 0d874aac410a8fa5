"""Every public function fed hostile input raises the documented exception
type: TypeError for a wrong type, ValueError subclasses (InvalidUTF8Error,
InvalidArgumentError, TooLargeError) for a bad value, OSError subclasses
(IndexFileError and its kinds) for an index file — never a bare GalleyError,
a crash, or a silent truncation at a NUL byte."""

import os
import threading

import pytest

import galley

SURROGATE = "ok \ud800 not"


def _raises(kinds, fn, *args, **kwargs):
    with pytest.raises(kinds) as info:
        fn(*args, **kwargs)
    assert type(info.value) is not galley.GalleyError, f"bare GalleyError: {info.value}"
    return info.value


TEXT_FUNCTIONS = [
    lambda t: galley.sentences(t),
    lambda t: galley.words(t),
    lambda t: galley.paragraphs(t),
    lambda t: galley.graphemes(t),
    lambda t: galley.normalize(t),
    lambda t: galley.related_links(t),
    lambda t: galley.process(t),
    lambda t: galley.dedup_paragraphs(t),
    lambda t: galley.fingerprints([t]),
    lambda t: galley.parse_url(t),
    lambda t: galley.canonicalize_url(t),
    lambda t: galley.DedupIndex().add("d", [t]),
    lambda t: galley.DedupIndex().add(t, ["p"]),
]


@pytest.mark.parametrize("fn", TEXT_FUNCTIONS)
@pytest.mark.parametrize("bad", [None, 12, 1.5, object(), ["list"]])
def test_wrong_types_raise_type_error(fn, bad):
    _raises(TypeError, fn, bad)


@pytest.mark.parametrize("fn", TEXT_FUNCTIONS)
def test_lone_surrogates_raise_invalid_utf8(fn):
    e = _raises(ValueError, fn, SURROGATE)
    assert isinstance(e, galley.InvalidUTF8Error)


@pytest.mark.parametrize("fn", TEXT_FUNCTIONS[:9])
@pytest.mark.parametrize("text", ["\0", "a\0bcdefgh", "\0\0x\0", "x" * 3 + "\0" * 100])
def test_nul_bytes_are_text(fn, text):
    fn(text)   # no exception


def test_related_body_keeps_nul_bytes():
    for text in ["\0", "a\0bcdefgh", "Body.\0\n\nmore\0text"]:
        body, links = galley.related_links(text)
        assert body == text and links == []


def test_dedup_ids_keep_nul_bytes(tmp_path):
    for path in (None, str(tmp_path / "nul.galley")):
        index = galley.DedupIndex(path)
        index.add("x\0y", ["one two three four five six seven"])
        assert "x\0y" in index and "x" not in index
        assert index.add("z", ["one two three four five six seven"])[0].id == "x\0y"
        index.close()


@pytest.mark.parametrize("lang", ["en\0x", "not a tag!", "", "x" * 300])
def test_language_tags(lang):
    if lang == "":
        galley.sentences("A. B.", lang=lang)   # the root rules
        return
    _raises(ValueError, galley.sentences, "A. B.", lang=lang)


@pytest.mark.parametrize("kwargs", [dict(threshold=2.0), dict(threshold=-1), dict(threshold=float("nan")),
                                    dict(shingle="lines"), dict(n=0), dict(permutations=0),
                                    dict(containment=7.0)])
def test_bad_dedup_options_raise_value_error(kwargs):
    _raises(ValueError, galley.DedupIndex, **kwargs)
    _raises(ValueError, galley.fingerprints, ["a b c"], **kwargs)


def test_add_batch_shapes():
    index = galley.DedupIndex()
    _raises(TypeError, index.add, "d", "one string, not a list")
    _raises(TypeError, index.add, "d", [b"bytes"])
    _raises((TypeError, ValueError), index.add_batch, [("d",)])   # unpacking: ValueError, as Python says


def test_urls():
    _raises(ValueError, galley.parse_url, "not a url")
    _raises(ValueError, galley.parse_url, "/relative", base="also not a url")
    _raises(ValueError, galley.parse_url, "http://[::1")
    _raises(TypeError, galley.canonicalize_urls, [1, 2])


def test_long_host_label_is_a_value_error():
    # A host label of more than 1,000 code points is over DNS's limit: a
    # ValueError naming the host, not an ICU error code.
    _raises(ValueError, galley.parse_url, "http://" + "\u00e9" * 1001 + "/")


# --- Index files: OSError subclasses with the file's name ------------------


def test_index_path_errors(tmp_path):
    _raises(ValueError, galley.DedupIndex, str(tmp_path / "a\0b"))
    _raises(ValueError, galley.DedupIndex, "")
    e = _raises(OSError, galley.DedupIndex, str(tmp_path / "missing-folder" / "x.galley"))
    assert isinstance(e, galley.IndexFileError) and str(tmp_path) in str(e)
    e = _raises(OSError, galley.DedupIndex, str(tmp_path))   # a folder
    assert isinstance(e, galley.IndexFileError)


def test_foreign_truncated_and_damaged_files(tmp_path):
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not an index\n" * 500)
    e = _raises(galley.NotAnIndexError, galley.DedupIndex, str(foreign))
    assert isinstance(e, OSError) and e.filename == str(foreign) and str(foreign) in str(e)

    good = tmp_path / "good.galley"
    with galley.DedupIndex(str(good)) as index:
        index.add_batch((f"d{i}", [f"paragraph {i} with words {i * 7} and {i * 13}"]) for i in range(300))
    assert not os.path.exists(str(good) + "-wal") and not os.path.exists(str(good) + "-shm")
    data = good.read_bytes()
    cut = tmp_path / "cut.galley"
    cut.write_bytes(data[:-1000])
    e = _raises(galley.IndexCorruptError, galley.DedupIndex, str(cut))
    assert isinstance(e, OSError) and e.filename == str(cut)
    damaged = tmp_path / "damaged.galley"
    damaged.write_bytes(data[:4096] + bytes((i * 37) & 0xFF for i in range(len(data) - 4096)))
    _raises(galley.IndexCorruptError, galley.DedupIndex, str(damaged))
    empty = tmp_path / "empty.galley"
    empty.write_bytes(b"")
    assert len(galley.DedupIndex(str(empty))) == 0   # documented: a 0-byte file is a new index


def test_busy_file(tmp_path):
    path = str(tmp_path / "busy.galley")
    first = galley.DedupIndex(path)
    e = _raises(galley.IndexBusyError, galley.DedupIndex, path)
    assert isinstance(e, OSError) and e.filename == path
    first.close()
    galley.DedupIndex(path).close()


def test_exception_hierarchy():
    for kind in (galley.IndexCorruptError, galley.NotAnIndexError, galley.IndexBusyError,
                 galley.IndexReadOnlyError, galley.IndexFullError):
        assert issubclass(kind, galley.IndexFileError) and issubclass(kind, OSError)
        assert issubclass(kind, galley.GalleyError)
    assert issubclass(galley.IndexReadOnlyError, PermissionError)
    for kind in (galley.InvalidArgumentError, galley.InvalidUTF8Error, galley.TooLargeError):
        assert issubclass(kind, ValueError)


# --- The lock -----------------------------------------------------------------


@pytest.mark.parametrize("on_file", [False, True])
def test_threads_share_one_index(tmp_path, on_file):
    index = galley.DedupIndex(str(tmp_path / "threads.galley") if on_file else None)
    errors = []

    def work(t):
        try:
            for r in range(30):
                index.add(f"t{t}-{r}", [f"thread {t} round {r} says something about the bridge",
                                        "the same boilerplate paragraph in every document here"])
                assert f"t{t}-{r}" in index
                len(index)
        except BaseException as e:   # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert len(index) == 4 * 30 * 2
    clusters = index.clusters()
    assert len(clusters) == 1 and len(clusters[0]) == 4 * 30
    index.close()
