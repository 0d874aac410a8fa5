"""Smoke test of an installed galley-text wheel: every capability once,
through the library the wheel bundles. Run by wheel_test.sh in a new venv
with the source tree, the build tree and the Swift toolchain hidden, and
the system's ICU and SQLite libraries made unloadable; it must not find
any of them.

usage: python smoke_wheel.py SCRATCH_DIR
"""

import json
import os
import sys

import galley
from galley import _native

scratch = sys.argv[1]
package = os.path.dirname(os.path.abspath(galley.__file__))
assert "site-packages" in package, f"galley imported from {package}, not the venv"
assert _native.library_path == os.path.join(package, "libgalley.so"), _native.library_path
assert os.environ.get("GALLEY_LIBRARY") is None

# Where every loaded library came from: libgalley from the package, ICU and
# SQLite from the wheel's galley_text.libs, nothing from Swift.
with open("/proc/self/maps") as maps:
    loaded = {line.split()[-1] for line in maps if ".so" in line}
libs = os.path.join(os.path.dirname(package), "galley_text.libs")
for name in ("libicuuc", "libicui18n", "libicudata", "libsqlite3"):
    paths = [p for p in loaded if os.path.basename(p).startswith(name)]
    assert paths and all(p.startswith(libs) for p in paths), (name, paths)
assert not [p for p in loaded if "swift" in os.path.basename(p).lower()], loaded

# The README's check.
assert [p.text for p in galley.process("A. B.").paragraphs] == ["A. B."]

# Segmentation: sentences (abbreviations, glued), words (CJK dictionary
# data), paragraphs, graphemes.
assert [s.text for s in galley.sentences("Mr. Smith left.It rained.")] == ["Mr. Smith left.", "It rained."]
assert [w.text for w in galley.words("我们是学生", lang="zh")] == ["我们", "是", "学生"]
assert [w.kind for w in galley.words("Київ 2024")] == ["letter", "number"]
assert len(galley.paragraphs("One.\n\nTwo.")) == 2
assert [g.text for g in galley.graphemes("e\u0301👍🏽")] == ["e\u0301", "👍🏽"]

# Normalization (NFKC data) with its offset map.
n = galley.normalize("\ufb01ne\u00a0\u00a0day\u200b", form="NFKC")
assert n.text == "fine day" and n.original_span(0, 4) == (0, 3), (n.text, n.original_span(0, 4))

# Near-duplicates: in memory, within a text, on an SQLite file, fingerprints.
index = galley.DedupIndex()
text = "The council approved the budget for the new bridge on Monday."
assert index.add("a", [text]) == [None]
match = index.add("b", [text.upper()])[0]
assert match.kind == "exact" and match.id == "a", match
assert [m and m.paragraph for m in galley.dedup_paragraphs(f"{text}\n\nOther.\n\n{text}")] == [None, None, 0]
path = os.path.join(scratch, "galley.db")
with galley.DedupIndex(path) as stored:
    stored.add("a", [text])
with galley.DedupIndex(path) as stored:
    assert len(stored) == 1 and "a" in stored
assert len(galley.fingerprints([text]).exact) == 1

# URLs: WHATWG parsing, IDNA (ICU's UTS #46 data), canonical form.
assert galley.parse_url("../a?b#c", base="https://Example.COM/x/y").href == "https://example.com/a?b#c"
assert galley.parse_url("https://Bücher.example/").hostname == "xn--bcher-kva.example"
assert galley.canonicalize_url("HTTPS://Example.com/a?utm_source=x&z=1&a=2#top") == "https://example.com/a?a=2&z=1"
assert galley.canonicalize_urls(["https://x.org/?fbclid=1"]) == ["https://x.org/"]

# Related links, with a slug through ICU's transliterators.
body, links = galley.related_links("Body.\n\nЧитайте також:\n- Тарифи на проїзд зростуть",
                                   base_url="https://news.example.com/a")
assert body == "Body." and links[0].slug == "taryfy-na-proyizd-zrostut", links

# The whole pipeline, as data.
article = galley.process("Bridge reopens\n\nIt reopened.But not for long.\n\nRead also:\n- [Steel](/steel?utm_source=rss)",
                         url="https://news.example.com/city/bridge", index=index, id="x")
record = article.to_dict()
assert record["paragraphs"][1]["sentences"] == [[16, 28], [28, 45]], record
assert record["related"][0]["canonical_url"] == "https://news.example.com/steel"
assert json.loads(galley.process("It rains. We stay.", as_json=True))["counts"]["sentences"] == 2
print(f"wheel OK: galley {galley.__version__} from {package}")
