"""The Python API: behaviour of every public function, offsets for str and
bytes, errors, library loading and versions, threads, large input."""

import gc
import os
import random
import shutil
import subprocess
import sys
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor

import pytest

import galley
from galley import Span, _native, _segment

UNITS = {
    "sentence": lambda text, **kw: galley.sentences(text, **kw),
    "word": lambda text, **kw: galley.words(text, **kw),
    "paragraph": lambda text, **kw: galley.paragraphs(text, **kw),
    "grapheme": lambda text, **kw: galley.graphemes(text, **kw),
}
ALL_UNITS = pytest.mark.parametrize("unit", sorted(UNITS))

MIXED = (
    "Mr. Smith went to Washington. He arrived at 5 p.m. on Monday!\n\n"
    "Київ — столиця України. 𝒳 = 2 😀 ok. 👨‍👩‍👧 e\u0301 🇺🇦\r\n\r\n"
    "今日は晴れです。明日は雨でしょう。\u2029Last  paragraph,   spaced. "
)


def texts(spans):
    return [s.text for s in spans]


def ranges(spans):
    return [(s.start, s.end) for s in spans]


# --- Span --------------------------------------------------------------------


def test_span_is_a_light_immutable_tuple():
    span = galley.words("hello")[0]
    assert span == Span(0, 5, "hello", "letter")
    assert span == (0, 5, "hello", "letter")
    assert type(span) is Span and isinstance(span, tuple)
    assert (span.start, span.end, span.text, span.kind) == (0, 5, "hello", "letter")
    with pytest.raises(AttributeError):
        span.start = 1
    assert Span(0, 1, "a").kind is None
    assert repr(span) == "Span(start=0, end=5, text='hello', kind='letter')"


# --- Sentences ---------------------------------------------------------------


def test_sentences_english_suppressions():
    text = "Mr. Smith went to Washington. He arrived at 5 p.m. on Monday! Did he?"
    assert texts(galley.sentences(text)) == [
        "Mr. Smith went to Washington.", "He arrived at 5 p.m. on Monday!", "Did he?"]
    assert ranges(galley.sentences(text)) == [(0, 29), (30, 61), (62, 69)]


def test_sentences_root_rules_have_no_suppressions():
    assert texts(galley.sentences("Mr. Smith left. He did.", lang="")) == [
        "Mr.", "Smith left.", "He did."]
    assert texts(galley.sentences("Mr. Smith left. He did.", "en")) == [
        "Mr. Smith left.", "He did."]


def test_sentences_trim_and_keep_whitespace():
    text = "  Hello world.  Bye.\n\n"
    assert galley.sentences(text) == [
        Span(2, 14, "Hello world."), Span(16, 20, "Bye.")]
    kept = galley.sentences(text, keep_whitespace=True)
    assert texts(kept) == ["  Hello world.  ", "Bye.\n", "\n"]   # SB4: break after LF
    assert "".join(texts(kept)) == text
    assert all(s.kind is None for s in kept)


def test_sentences_cjk_and_cyrillic():
    ja = "今日は晴れです。明日は雨でしょう。"
    assert galley.sentences(ja, "ja") == [
        Span(0, 8, "今日は晴れです。"), Span(8, 17, "明日は雨でしょう。")]
    uk = "Це перше речення. Це друге! А це третє?"
    assert texts(galley.sentences(uk, "uk")) == ["Це перше речення.", "Це друге!", "А це третє?"]
    assert ranges(galley.sentences(uk, "uk")) == [(0, 17), (18, 27), (28, 39)]


# --- Words -------------------------------------------------------------------


def test_words_kinds():
    spans = galley.words("Don't stop 3.14 now, Київ 漢字!")
    assert [(s.text, s.kind) for s in spans] == [
        ("Don't", "letter"), ("stop", "letter"), ("3.14", "number"), ("now", "letter"),
        (",", "other"), ("Київ", "letter"), ("漢字", "ideographic"), ("!", "other")]


def test_words_kind_names_are_the_documented_ones():
    kinds = {s.kind for s in galley.words(MIXED, keep_whitespace=True)}
    assert kinds <= {"letter", "number", "kana", "ideographic", "other"}
    assert {"letter", "number", "ideographic", "other"} <= kinds


def test_words_japanese_dictionary():
    assert texts(galley.words("東京タワーへ行く", "ja")) == ["東京タワー", "へ", "行く"]


def test_words_keep_whitespace():
    assert [(s.text, s.kind) for s in galley.words("Don't  stop.", keep_whitespace=True)] == [
        ("Don't", "letter"), ("  ", "other"), ("stop", "letter"), (".", "other")]
    assert texts(galley.words("Don't  stop.")) == ["Don't", "stop", "."]


# --- Paragraphs --------------------------------------------------------------


def test_paragraphs():
    text = "One.\n\nTwo\nlines.\r\n \t\r\nThree\u2029Four\u2028still four.\n"
    assert galley.paragraphs(text) == [
        Span(0, 4, "One."), Span(6, 16, "Two\nlines."), Span(22, 27, "Three"),
        Span(28, 44, "Four\u2028still four.")]
    kept = galley.paragraphs(text, keep_whitespace=True)
    assert "".join(texts(kept)) == text
    assert kept[0].start == 0 and kept[-1].end == len(text)


# --- Graphemes ---------------------------------------------------------------


def test_graphemes():
    text = "e\u0301🇺🇦👨‍👩‍👧\r\nक्षि"
    assert texts(galley.graphemes(text)) == ["e\u0301", "🇺🇦", "👨‍👩‍👧", "\r\n", "क्षि"]
    assert ranges(galley.graphemes(text)) == [(0, 2), (2, 4), (4, 9), (9, 11), (11, 15)]
    # Graphemes always partition the text.
    assert galley.graphemes(" a \n") == galley.graphemes(" a \n", keep_whitespace=True)
    assert texts(galley.graphemes(" a \n")) == [" ", "a", " ", "\n"]


# --- Offsets: str indices vs bytes offsets -----------------------------------


def test_non_bmp_str_offsets_are_code_point_indices():
    text = "𝒳 = 2 😀 ok"
    spans = galley.words(text)
    assert [(s.start, s.end, s.text, s.kind) for s in spans] == [
        (0, 1, "𝒳", "letter"), (2, 3, "=", "other"), (4, 5, "2", "number"),
        (6, 7, "😀", "other"), (8, 10, "ok", "letter")]
    assert ranges(galley.sentences("😀 Hi. 𝒳 ok.")) == [(0, 5), (6, 11)]


def test_bytes_offsets_are_byte_offsets_and_text_is_str():
    data = "𝒳 = 2 😀 ok".encode()
    spans = galley.words(data)
    assert [(s.start, s.end, s.text, s.kind) for s in spans] == [
        (0, 4, "𝒳", "letter"), (5, 6, "=", "other"), (7, 8, "2", "number"),
        (9, 13, "😀", "other"), (14, 16, "ok", "letter")]
    assert galley.sentences("😀 Hi. 𝒳 ok.".encode()) == [
        Span(0, 8, "😀 Hi."), Span(9, 17, "𝒳 ok.")]


@ALL_UNITS
@pytest.mark.parametrize("keep_whitespace", [False, True])
def test_str_and_bytes_agree(unit, keep_whitespace):
    from_str = UNITS[unit](MIXED, keep_whitespace=keep_whitespace)
    from_bytes = UNITS[unit](MIXED.encode(), keep_whitespace=keep_whitespace)
    assert from_str and texts(from_str) == texts(from_bytes)
    assert [s.kind for s in from_str] == [s.kind for s in from_bytes]
    data = MIXED.encode()
    for s, b in zip(from_str, from_bytes):
        assert MIXED[s.start:s.end] == s.text
        assert data[b.start:b.end].decode() == b.text
        # A byte offset is the UTF-8 length of the str prefix.
        assert len(MIXED[:s.start].encode()) == b.start
        assert len(MIXED[:s.end].encode()) == b.end


@ALL_UNITS
def test_keep_whitespace_partitions_the_text(unit):
    spans = UNITS[unit](MIXED, keep_whitespace=True)
    assert spans[0].start == 0 and spans[-1].end == len(MIXED)
    assert all(a.end == b.start for a, b in zip(spans, spans[1:]))
    assert "".join(texts(spans)) == MIXED


# --- Empty and whitespace-only input -----------------------------------------


@ALL_UNITS
@pytest.mark.parametrize("empty", ["", b""])
@pytest.mark.parametrize("keep_whitespace", [False, True])
def test_empty_input(unit, empty, keep_whitespace):
    assert UNITS[unit](empty, keep_whitespace=keep_whitespace) == []


@pytest.mark.parametrize("unit", ["sentence", "word", "paragraph"])
@pytest.mark.parametrize("blank", [" ", "  \n\t \r\n ", "\u3000\u00a0\u2029"])
def test_whitespace_only_input(unit, blank):
    assert UNITS[unit](blank) == []
    assert UNITS[unit](blank.encode()) == []
    kept = UNITS[unit](blank, keep_whitespace=True)
    assert "".join(texts(kept)) == blank


def test_whitespace_only_graphemes():
    assert texts(galley.graphemes(" \r\n\t")) == [" ", "\r\n", "\t"]


# --- Invalid text ------------------------------------------------------------

INVALID_UTF8 = [
    (b"ab\xffcd", 2),             # stray byte
    (b"ab\x80cd", 2),             # stray continuation byte
    (b"ab\xe2\x82", 2),           # truncated sequence at the end
    (b"\xc0\xaf", 0),             # overlong "/"
    (b"\xed\xa0\x80", 0),         # surrogate U+D800
    (b"A\xed\xa0\x80", 1),
    (b"\xf4\x90\x80\x80", 0),     # above U+10FFFF
    ("Grüße".encode() + b"\xe2\x41", 7),  # lead byte followed by ASCII
]


@ALL_UNITS
@pytest.mark.parametrize("data,offset", INVALID_UTF8)
def test_invalid_utf8_names_the_byte_offset(unit, data, offset):
    with pytest.raises(ValueError, match=rf"\boffset {offset}\b") as info:
        UNITS[unit](data)
    assert isinstance(info.value, galley.InvalidUTF8Error)
    assert isinstance(info.value, galley.GalleyError)
    assert info.value.offset == offset
    assert info.value.status == "GALLEY_STATUS_INVALID_UTF8"


def test_segmenter_recovers_after_an_error():
    with pytest.raises(ValueError):
        galley.sentences(b"ab\xff")
    assert galley.sentences(b"Hi. Bye.") == [Span(0, 3, "Hi."), Span(4, 8, "Bye.")]


@pytest.mark.parametrize("data,offset", INVALID_UTF8)
def test_validate_utf8(data, offset):
    with pytest.raises(galley.InvalidUTF8Error, match=rf"\boffset {offset}\b") as info:
        galley.validate_utf8(data)
    assert info.value.offset == offset


def test_validate_utf8_accepts_valid_text():
    assert galley.validate_utf8(b"") is None
    assert galley.validate_utf8(MIXED.encode()) is None
    assert galley.validate_utf8("\U0010FFFF\uFFFF\uD7FF\uE000".encode()) is None
    with pytest.raises(TypeError):
        galley.validate_utf8("text")


@ALL_UNITS
def test_lone_surrogate_in_str_names_the_index(unit):
    with pytest.raises(ValueError, match=r"U\+D800 at index 2\b") as info:
        UNITS[unit]("ab\ud800cd")
    assert isinstance(info.value, galley.InvalidUTF8Error)
    assert info.value.offset == 2
    with pytest.raises(ValueError, match=r"index 3\b"):
        UNITS[unit]("😀😀😀\udfff")


def test_utf8_offsets_agree_with_pythons_decoder():
    # Python's strict UTF-8 decoder follows the same table (Unicode 15, 3-7).
    rng = random.Random(29)
    pool = [bytes([b]) for b in (0x41, 0x00, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
                                 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4,
                                 0xF5, 0xFF)] + [c.encode() for c in "é漢😀"]
    for _ in range(3000):
        data = b"".join(rng.choice(pool) for _ in range(rng.randint(0, 10)))
        try:
            data.decode("utf-8")
            expected = None
        except UnicodeDecodeError as error:
            expected = error.start
        for check in (galley.validate_utf8, galley.sentences):
            try:
                check(data)
                got = None
            except galley.InvalidUTF8Error as error:
                got = error.offset
            assert got == expected, (check.__name__, data)


# --- Random text ---------------------------------------------------------------

WHITE_SPACE = set("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                  "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def _strip(text, start, end):
    while start < end and text[start] in WHITE_SPACE:
        start += 1
    while end > start and text[end - 1] in WHITE_SPACE:
        end -= 1
    return start, end


@ALL_UNITS
def test_random_text_invariants(unit):
    """Spans partition the text with keep_whitespace; without it, sentences
    and paragraphs are those spans stripped of White_Space, and words drop
    the whitespace-only ones; str and bytes input agree."""
    rng = random.Random(unit)
    alphabet = list("ab1 .!?,:'-\t\n\r\0") + [
        "\xa0", "\u2028", "\u2029", "\x85", "\u3000", "\x0b", "\x0c", "\u0301", "\u200d",
        "😀", "𝒳", "🇺", "🇦", "漢", "ひ", "カ", "Ж", "。", "\u0e01", "\u05d0", "\ufeff"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        kept = UNITS[unit](text, keep_whitespace=True)
        spans = UNITS[unit](text)
        assert "".join(texts(kept)) == text
        assert all(s.start < s.end for s in kept)
        assert texts(UNITS[unit](text.encode(), keep_whitespace=True)) == texts(kept)
        assert texts(UNITS[unit](text.encode())) == texts(spans)
        if unit == "grapheme":
            assert spans == kept
        elif unit == "word":
            assert spans == [s for s in kept if not set(s.text) <= WHITE_SPACE]
        else:
            stripped = [_strip(text, s.start, s.end) for s in kept]
            assert ranges(spans) == [(a, b) for a, b in stripped if a < b], repr(text)


# --- Arguments ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en_US", "not a tag!", "en-", "x", "toolongsubtag", "ü", "e\0n"])
@pytest.mark.parametrize("function", [galley.sentences, galley.words])
def test_malformed_language_tag(function, lang):
    with pytest.raises(ValueError, match="language tag") as info:
        function("Hello.", lang)
    assert isinstance(info.value, galley.InvalidArgumentError)
    assert repr(lang) in str(info.value)
    assert function("Hello.", "en")   # nothing cached from the failure


@pytest.mark.parametrize("lang", ["", "en", "en-GB", "pt-BR", "de-CH-1996", "zz"])
def test_well_formed_language_tags(lang):
    assert texts(galley.sentences("Hello there. Bye.", lang)) == ["Hello there.", "Bye."]


@pytest.mark.parametrize("bad", [None, 42, 3.5, bytearray(b"abc"), memoryview(b"abc"), ["a"]])
@ALL_UNITS
def test_text_type_errors(unit, bad):
    with pytest.raises(TypeError, match="str or bytes"):
        UNITS[unit](bad)


@pytest.mark.parametrize("lang", [None, 1, b"en"])
def test_lang_type_errors(lang):
    with pytest.raises(TypeError):
        galley.sentences("Hi.", lang)


def test_keep_whitespace_is_keyword_only():
    with pytest.raises(TypeError):
        galley.sentences("Hi.", "en", True)
    with pytest.raises(TypeError):
        galley.paragraphs("Hi.", True)


# --- Library loading and versions --------------------------------------------


def test_version():
    assert galley.__version__ == _native.version_string
    major, minor, patch = (int(p) for p in galley.__version__.split("."))
    assert major * 10000 + minor * 100 + patch == _native.version_number
    assert (major, minor) == (_native.VERSION_MAJOR, _native.VERSION_MINOR)


class _FakeFunction:
    def __init__(self, result=None):
        self.result = result

    def __call__(self, *args):
        return self.result


def _fake_library(version, missing=()):
    library = type("FakeLibrary", (), {})()
    for name, *_ in _native._FUNCTIONS:
        if name not in missing:
            result = version if name == "galley_version_number" else None
            setattr(library, name, _FakeFunction(result))
    return library


# Another minor version (the next one), another major, an older minor.
@pytest.mark.parametrize("version,shown", [
    (_native.VERSION_NUMBER + 100, f"{_native.VERSION_MAJOR}.{_native.VERSION_MINOR + 1}.0"),
    (10100, "1.1.0"), (99, "0.0.99")])
def test_version_mismatch_is_an_import_error(version, shown):
    message = rf"version mismatch: /x/libgalley\.so is libgalley {shown}"
    with pytest.raises(ImportError, match=message):
        _native._register(_fake_library(version), "/x/libgalley.so")


def test_missing_symbol_names_the_version_mismatch():
    library = _fake_library(_native.VERSION_NUMBER, missing=["galley_utf8_validate"])
    with pytest.raises(ImportError, match=r"version mismatch: .*lacks galley_utf8_validate.*"
                                          rf"needs libgalley {_native.VERSION_MAJOR}\.{_native.VERSION_MINOR}\.x"):
        _native._register(library, "/x/libgalley.so")
    with pytest.raises(ImportError, match="not libgalley"):
        _native._register(_fake_library(0, missing=["galley_version_number"]), "/x/libother.so")


def test_patch_level_difference_is_accepted():
    _native._register(_fake_library(_native.VERSION_NUMBER + 7), "/x/libgalley.so")


def _import_in_subprocess(package_parent, env_library):
    env = {k: v for k, v in os.environ.items() if k not in ("GALLEY_LIBRARY", "PYTHONPATH")}
    if env_library is not None:
        env["GALLEY_LIBRARY"] = env_library
    env["PYTHONPATH"] = str(package_parent)
    return subprocess.run(
        [sys.executable, "-c", "import galley, galley._native as n; print(n.library_path)"],
        env=env, capture_output=True, text=True, cwd=str(package_parent))


def _package_copy(tmp_path):
    source = os.path.dirname(galley.__file__)
    shutil.copytree(source, tmp_path / "galley",
                    ignore=shutil.ignore_patterns("__pycache__", "libgalley*", "galley.dll"))
    return tmp_path


def test_galley_library_override_that_fails_names_the_path(tmp_path):
    result = _import_in_subprocess(_package_copy(tmp_path), "/nonexistent/libgalley.so")
    assert result.returncode != 0
    assert "ImportError: cannot load libgalley from GALLEY_LIBRARY='/nonexistent/libgalley.so'" \
        in result.stderr


def test_library_next_to_the_module_is_found(tmp_path):
    parent = _package_copy(tmp_path)
    shutil.copy(_native.library_path, parent / "galley" / "libgalley.so")
    result = _import_in_subprocess(parent, None)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(parent / "galley" / "libgalley.so")


def test_missing_library_error_lists_what_was_tried(tmp_path):
    import ctypes.util
    if ctypes.util.find_library("galley"):
        pytest.skip("a libgalley is installed on this system")
    parent = _package_copy(tmp_path)
    result = _import_in_subprocess(parent, None)
    assert result.returncode != 0
    assert "ImportError: cannot find libgalley. GALLEY_LIBRARY is not set" in result.stderr
    assert str(parent / "galley" / "libgalley.so") + " (not found)" in result.stderr
    assert "find_library('galley') (found nothing)" in result.stderr


# --- Threads -----------------------------------------------------------------


def test_threads_segmenting_concurrently_agree():
    documents = [MIXED * n + str(n) for n in range(1, 25)]
    jobs = [(unit, doc) for doc in documents for unit in sorted(UNITS)] * 4
    expected = {(unit, doc): UNITS[unit](doc) for unit, doc in jobs}

    barrier = threading.Barrier(8)

    def run(job):
        unit, doc = job
        return UNITS[unit](doc), UNITS[unit](doc.encode())

    def start(_):
        barrier.wait()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(start, range(8)))
        results = list(pool.map(run, jobs))
    for job, (from_str, from_bytes) in zip(jobs, results):
        assert from_str == expected[job]
        assert texts(from_bytes) == texts(expected[job])


def test_each_thread_has_its_own_segmenters_freed_when_it_ends():
    main = _segment._segmenter(_native.UNIT_SENTENCE, "en", 0, _native.OFFSETS_CODEPOINTS)
    assert main is _segment._segmenter(_native.UNIT_SENTENCE, "en", 0, _native.OFFSETS_CODEPOINTS)
    seen = []

    def worker():
        galley.sentences("Hi. Bye.")
        segmenter = _segment._segmenter(_native.UNIT_SENTENCE, "en", 0, _native.OFFSETS_CODEPOINTS)
        seen.append(weakref.ref(segmenter))
        assert segmenter is not main

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    del thread
    gc.collect()
    assert seen and seen[0]() is None


# --- Garbage collector state -------------------------------------------------


def test_large_results_leave_the_garbage_collector_as_they_found_it():
    text = "a b " * (2 * _segment._GC_PAUSE_MIN_SPANS)
    assert gc.isenabled()
    assert len(galley.words(text)) == 4 * _segment._GC_PAUSE_MIN_SPANS
    assert gc.isenabled()
    gc.disable()
    try:
        assert len(galley.words(text)) == 4 * _segment._GC_PAUSE_MIN_SPANS
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- Large input -------------------------------------------------------------


def test_large_input():
    sentence = "The quick brown fox jumps over the lazy dog. "
    count = 50_000_000 // len(sentence)
    text = sentence * count
    spans = galley.sentences(text)
    assert len(spans) == count
    assert spans[0] == Span(0, len(sentence) - 1, sentence[:-1])
    assert spans[-1].end == len(text) - 1
    del spans
    kept = galley.sentences(text.encode(), keep_whitespace=True)
    assert len(kept) == count and kept[-1].end == len(text)
    assert all(s.end - s.start == len(sentence) for s in kept)


# --- The C ABI's one error model (galley.h, "Errors") --------------------------------


def test_exceptions_carry_the_threads_last_error():
    """Every failure is read from the calling thread's last error: the
    library's own message (not just a status name), its offset, its file."""
    with pytest.raises(galley.InvalidArgumentError, match="forbidden") as parsed:
        galley.parse_url("http://exa mple.com/")
    assert parsed.value.status == "GALLEY_STATUS_INVALID_ARGUMENT"
    with pytest.raises(galley.InvalidUTF8Error) as bad:
        galley.sentences(b"ab\xff")
    assert bad.value.offset == 2 and "offset 2" in str(bad.value)
    with pytest.raises(galley.InvalidArgumentError, match="BCP 47"):
        galley.process("Some text.", lang="e n")


def test_a_failed_open_names_the_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not an index, just text\n" * 200)
    with pytest.raises(galley.NotAnIndexError) as opened:
        galley.DedupIndex(path=str(path))
    assert opened.value.filename == str(path) and str(path) in str(opened.value)


def test_last_errors_do_not_cross_threads():
    """ctypes releases the GIL during a call; each thread still reads its
    own last error."""
    import threading
    problems = []

    def url_failures():
        for _ in range(300):
            try:
                galley.parse_url("http://exa mple.com/")
            except galley.InvalidArgumentError as error:
                if "forbidden" not in str(error):
                    problems.append(str(error))

    def utf8_failures():
        for _ in range(300):
            try:
                galley.sentences(b"abc\xff")
            except galley.InvalidUTF8Error as error:
                if error.offset != 3:
                    problems.append(f"offset {error.offset}: {error}")

    threads = [threading.Thread(target=f) for f in (url_failures, utf8_failures) * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert problems == []
