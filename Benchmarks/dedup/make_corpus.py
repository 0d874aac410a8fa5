#!/usr/bin/env python3
"""Build the near-duplicate benchmark corpus: real prose from this machine,
plus injected near-copies with a record of what was done to each.

Base paragraphs (see README, "Corpus", for the numbers):

  Prose is collected from these sources, in this order, with the filters of
  ../make_corpus.py (its `clean` and `is_prose`, imported, so the prose test
  is the same as for the segmentation corpus):

    doc     /usr/share/doc prose files (README*, NEWS*, *.txt, *.md, *.rst)
    html    /usr/share/doc HTML manuals (<p> elements: nodejs, valgrind, ...)
    info    /usr/share/info manuals
    man     the man pages (sections 1,5,7,8,2,3,4,6), rendered by groff
            exactly as ../make_corpus.py does, except the auto-generated
            gcloud_* command references (16,631 pages here: two thirds of
            the rendering time, for near-identical generated text)
    rust    the Rust toolchain's HTML docs (books, reference, std; <p> elements)
    vim     Vim's help files
    java    the JDK's Javadoc comments (src.zip)
    python  docstrings of the Python standard library and of the base
            interpreter's site-packages (ast.get_docstring)
    perl    POD in /usr/share/perl and /usr/share/perl5

  A paragraph is kept if `is_prose` accepts it and it has 20-200 words
  (whitespace-separated); a prose paragraph of more than 200 words is cut at
  sentence ends into pieces of 20-200 words. Exact duplicates (same token
  sequence after the benchmark's normalisation) are dropped, the first one
  kept. Natural near-duplicates between sources (a man page and its info
  manual, Javadoc of overloads) stay: they are real, and the ground truth
  finds them like any other pair.

  If the sources give more than --base paragraphs, a seeded sample of --base
  is taken (source order kept). If they give fewer, the longest paragraphs
  are cut in two at the sentence end nearest their middle (both halves >= 20
  words), longest first, until --base is reached; the number of such splits
  is printed and recorded.

Injected copies (--copies, default 40,000), each from a base paragraph drawn
uniformly with replacement (so some paragraphs get several copies, as
syndicated stories do), in five equal kinds:

    format       quote, whitespace and case changes (1-3 of: straight <->
                 typographic quotes and dashes/ellipses, doubled spaces /
                 hard line wraps / NBSPs / stray leading and trailing
                 whitespace, lower / UPPER / Title case of all or the first
                 sentence)
    edit         1-3 word edits (substitute a word by another corpus word,
                 delete a word, insert a corpus word, a typo inside a word,
                 or a changed number)
    truncate     the first 70-95% of the words (uniform), sometimes with an
                 ellipsis
    boilerplate  one sentence from a pool of news boilerplate appended
    exact        the same text

Everything is shuffled together with a fixed seed and numbered in input
order. Outputs, in --out-dir (default corpus/):

    dedup.jsonl   {"id": i, "text": ...}, i = 0..N-1 in input order
    truth.jsonl   {"id": i, "kind": "base"|<kind>, "source": id of the base
                  paragraph a copy was made from or null, "doc": provenance
                  of a base paragraph, "detail": what was done to a copy}
    corpus.json   counts, sources, seed, sha256 of dedup.jsonl
"""

from __future__ import annotations

import argparse
import ast
import collections
import concurrent.futures as cf
import glob
import gzip
import hashlib
import html
import json
import os
import random
import re
import sys
import time
import zipfile
from pathlib import Path

import importlib.util

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from dedup_common import tokens  # noqa: E402


def _load_segmentation_corpus_module():
    """../make_corpus.py (the segmentation corpus builder), loaded by path
    under another name: its clean(), is_prose() and doc/man readers."""
    spec = importlib.util.spec_from_file_location("galley_bench_make_corpus",
                                                  HERE.parent / "make_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


seg = _load_segmentation_corpus_module()

SEED = 20261126
MIN_WORDS, MAX_WORDS = 20, 200

# ---------------------------------------------------------------------------
# Sources: each yields (provenance, raw paragraph)

P_TAG = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")


def src_doc():
    for p in seg.doc_files():
        text = seg.read_doc(p)
        if text is None:
            continue
        name = str(p.relative_to(seg.DOC_ROOT))
        for par in seg.doc_paragraphs(text):
            yield "doc:" + name, par


def html_paragraphs(s: str):
    for m in P_TAG.finditer(s):
        yield html.unescape(TAG.sub("", m.group(1)))


def src_html():
    files = []
    for root, dirs, names in os.walk(seg.DOC_ROOT):
        dirs.sort()
        for n in sorted(names):
            if re.search(r"\.html?(\.gz)?$", n, re.I):
                p = Path(root) / n
                if p.is_file() and not p.is_symlink():
                    files.append(p)
    for p in sorted(files):
        try:
            raw = gzip.open(p).read() if p.suffix == ".gz" else p.read_bytes()
        except (OSError, EOFError):
            continue
        name = str(p.relative_to(seg.DOC_ROOT))
        for par in html_paragraphs(raw.decode("utf-8", "replace")):
            yield "html:" + name, par


def src_info():
    for p in sorted(Path("/usr/share/info").glob("*.info*")):
        try:
            raw = gzip.open(p).read() if p.suffix == ".gz" else p.read_bytes()
            text = raw.decode("utf-8")
        except (OSError, EOFError, UnicodeDecodeError):
            continue
        text = text.replace("\x1f", "\n\n")
        for par in seg.doc_paragraphs(text):
            yield "info:" + p.name, par


# Generated per-subcommand CLI references: 16,631 gcloud_*.1 pages here,
# which take two thirds of the man-page rendering time for auto-generated
# near-identical text. Skipped.
MAN_SKIP = re.compile(r"^gcloud[_.]")


def src_man(jobs: int):
    pages = [str(p) for p in seg.man_files() if not MAN_SKIP.match(p.name)]
    with cf.ThreadPoolExecutor(max_workers=jobs) as ex:
        # map() yields in input order: deterministic.
        for i in range(0, len(pages), 64):
            chunk = pages[i:i + 64]
            for path, text in zip(chunk, ex.map(seg.render_man, chunk)):
                name = "man:" + path.split("/share/man/", 1)[-1]
                for par in seg.man_paragraphs(text):
                    yield name, par


def rust_doc_root() -> Path | None:
    home = Path(os.environ.get("RUSTUP_HOME", Path.home() / ".rustup"))
    roots = sorted(glob.glob(str(home / "toolchains" / "*" / "share" / "doc" / "rust" / "html")))
    roots.sort(key=lambda r: ("/stable-" not in r, r))  # stable first
    return Path(roots[0]) if roots else None


RUST_DIRS = ["book", "reference", "nomicon", "rust-by-example", "cargo", "rustc",
             "edition-guide", "embedded-book", "unstable-book", "error_codes",
             "style-guide", "rustdoc", "clippy", "std", "alloc", "core",
             "proc_macro", "test", "std_detect"]


def src_rust():
    root = rust_doc_root()
    if root is None:
        return
    for sub in RUST_DIRS:
        for dp, dirs, names in os.walk(root / sub):
            dirs.sort()
            for n in sorted(names):
                if not n.endswith(".html"):
                    continue
                p = Path(dp) / n
                s = p.read_text(encoding="utf-8", errors="replace")
                name = "rust:" + str(p.relative_to(root))
                for par in html_paragraphs(s):
                    yield name, par


def src_vim():
    for p in sorted(glob.glob("/usr/share/vim/vim*/doc/*.txt")):
        text = Path(p).read_text(encoding="utf-8", errors="replace")
        for par in seg.doc_paragraphs(text):
            yield "vim:" + os.path.basename(p), par


JAVADOC = re.compile(r"/\*\*(.*?)\*/", re.S)
JD_LEAD = re.compile(r"^[ \t]*\*+ ?", re.M)
JD_INLINE = re.compile(r"\{@(?:code|literal|link|linkplain|value|index)\s+([^{}]*)\}")
JD_SPLIT = re.compile(
    r"\n\s*\n|<p>|<p\s[^>]*>|</p>|<li>|<ul>|<ol>|<pre>.*?</pre>|<table.*?</table>"
    r"|<h\d.*?</h\d>|<blockquote>|<dl>|<dt>|<dd>", re.S | re.I)


def jdk_src_zip() -> Path | None:
    seen = []
    for z in sorted(glob.glob("/usr/lib/jvm/*/lib/src.zip")):
        r = Path(z).resolve()
        if r.is_file() and r not in seen:
            seen.append(r)
    return seen[0] if seen else None


def src_java():
    z = jdk_src_zip()
    if z is None:
        return
    with zipfile.ZipFile(z) as zf:
        for name in sorted(zf.namelist()):
            if not name.endswith(".java"):
                continue
            s = zf.read(name).decode("utf-8", "replace")
            for m in JAVADOC.finditer(s):
                body = JD_LEAD.sub("", m.group(1)).split("\n@", 1)[0]
                for _ in range(2):
                    body = JD_INLINE.sub(r"\1", body)
                for par in JD_SPLIT.split(body):
                    yield "java:" + name, html.unescape(TAG.sub("", par))


def python_roots() -> list[Path]:
    import sysconfig
    std = Path(sysconfig.get_paths()["stdlib"])  # the base interpreter's, even in a venv
    site = std / "site-packages"
    return [std, site]


def _py_file_docstrings(path: str) -> list[str]:
    try:
        tree = ast.parse(Path(path).read_bytes())
    except (SyntaxError, ValueError, OSError, RecursionError, MemoryError):
        return []
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            d = ast.get_docstring(node)
            if d:
                out.append(d)
    return out


def src_python(jobs: int):
    std, site = python_roots()
    files = []
    for root, skip_site in ((std, True), (site, False)):
        for dp, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs
                             if d not in ("test", "tests", "idlelib", "__pycache__")
                             and not (skip_site and d == "site-packages"))
            files.extend(os.path.join(dp, n) for n in sorted(names) if n.endswith(".py"))
    with cf.ProcessPoolExecutor(max_workers=jobs) as ex:
        for path, docs in zip(files, ex.map(_py_file_docstrings, files, chunksize=64)):
            rel = os.path.relpath(path, std)
            for d in docs:
                for par in seg.doc_paragraphs(d):
                    yield "python:" + rel, par


def src_perl():
    files = []
    for root in ("/usr/share/perl", "/usr/share/perl5"):
        for dp, dirs, names in os.walk(root):
            dirs.sort()
            files.extend(os.path.join(dp, n) for n in sorted(names)
                         if n.endswith((".pod", ".pm")))
    for p in files:
        text = Path(p).read_text(encoding="utf-8", errors="replace")
        # POD only: from a line starting with '=' (other than =cut) to =cut;
        # verbatim (indented) blocks and command paragraphs are skipped.
        in_pod = p.endswith(".pod")
        block: list[str] = []
        for line in text.split("\n") + [""]:
            if line.startswith("="):
                in_pod = not line.startswith("=cut")
                block = []
                continue
            if not in_pod:
                continue
            if line.strip():
                block.append(line)
                continue
            if block and block[0][0] not in " \t":
                yield "perl:" + p, " ".join(block)
            block = []


POD_CODE = re.compile(r"[A-Z]<+\s*([^<>]*?)\s*>+")


# ---------------------------------------------------------------------------
# Base paragraphs

SENT_END = re.compile(r"(?<=[.!?])[\"')\u201d\u2019]*\s+(?=[\"'(\u201c\u2018]?[A-Z0-9])")


def sentences(par: str) -> list[str]:
    out, last = [], 0
    for m in SENT_END.finditer(par):
        out.append(par[last:m.end()].strip())
        last = m.end()
    out.append(par[last:].strip())
    return [s for s in out if s]


def cut_long(par: str) -> list[str]:
    """A paragraph of more than MAX_WORDS words, cut at sentence ends into
    pieces of MIN_WORDS..MAX_WORDS words (greedy: a piece ends at the last
    sentence end that keeps it <= MAX_WORDS). Pieces that cannot be made to
    fit (a sentence of more than MAX_WORDS words, a tail under MIN_WORDS) are
    dropped."""
    out, cur, n = [], [], 0
    for s in sentences(par):
        w = len(s.split())
        if cur and n + w > MAX_WORDS:
            out.append(" ".join(cur))
            cur, n = [], 0
        cur.append(s)
        n += w
    if cur:
        out.append(" ".join(cur))
    return [p for p in out if MIN_WORDS <= len(p.split()) <= MAX_WORDS]


def split_middle(par: str) -> tuple[str, str] | None:
    sents = sentences(par)
    if len(sents) < 2:
        return None
    total = len(par.split())
    best, acc = None, 0
    for k in range(1, len(sents)):
        acc += len(sents[k - 1].split())
        if acc >= MIN_WORDS and total - acc >= MIN_WORDS:
            d = abs(total / 2 - acc)
            if best is None or d < best[0]:
                best = (d, k)
    if best is None:
        return None
    k = best[1]
    return " ".join(sents[:k]), " ".join(sents[k:])


def collect_base(target: int, jobs: int, rng: random.Random, log) -> tuple[list, dict]:
    seen: set[bytes] = set()
    base: list[tuple[str, str]] = []  # (provenance, text)
    per_source = collections.Counter()
    cut_pieces = 0

    def add(prov: str, text: str) -> None:
        h = hashlib.blake2b(" ".join(tokens(text)).encode(), digest_size=16).digest()
        if h in seen:
            return
        seen.add(h)
        base.append((prov, text))
        per_source[prov.split(":", 1)[0]] += 1

    sources = [("doc", src_doc), ("html", src_html), ("info", src_info),
               ("man", lambda: src_man(jobs)), ("rust", src_rust), ("vim", src_vim),
               ("java", src_java), ("python", lambda: src_python(jobs)), ("perl", src_perl)]
    for name, fn in sources:
        t0 = time.time()
        before = len(base)
        for prov, raw in fn():
            if name == "perl":
                raw = POD_CODE.sub(r"\1", raw)
            par = seg.clean(raw)
            n = len(par.split())
            if n < MIN_WORDS:
                continue
            # is_prose rejects > 5000 characters; long paragraphs are cut first.
            if n > MAX_WORDS:
                if not seg.is_prose(par[:4000]):
                    continue
                for piece in cut_long(par):
                    if seg.is_prose(piece):
                        cut_pieces += 1
                        add(prov, piece)
                continue
            if seg.is_prose(par):
                add(prov, par)
        log(f"  {name}: {len(base) - before} paragraphs ({time.time() - t0:.0f} s; total {len(base)})")

    info = {"collected": len(base), "per_source_collected": dict(per_source),
            "pieces_of_long_paragraphs": cut_pieces, "sampled_out": 0, "middle_splits": 0}
    if len(base) > target:
        keep = sorted(rng.sample(range(len(base)), target))
        info["sampled_out"] = len(base) - target
        base = [base[i] for i in keep]
    splits = 0
    if len(base) < target:
        # Cut the longest paragraphs in two until the target is reached.
        order = sorted(range(len(base)), key=lambda i: (-len(base[i][1].split()), i))
        extra = []
        for i in order:
            if len(base) + len(extra) >= target:
                break
            halves = split_middle(base[i][1])
            if halves is None:
                continue
            prov = base[i][0]
            base[i] = (prov, halves[0])
            extra.append((prov, halves[1]))
            splits += 1
        base.extend(extra)
        info["middle_splits"] = splits
    info["per_source_final"] = dict(collections.Counter(p.split(":", 1)[0] for p, _ in base))
    return base, info


# ---------------------------------------------------------------------------
# Near-copies

BOILERPLATE = [
    "Follow us on Twitter for the latest updates.",
    "Sign up for our daily newsletter to get the top stories delivered to your inbox.",
    "This article originally appeared on our partner site.",
    "Click here to read more.",
    "Read more: the full story is available on our website.",
    "Copyright 2024 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Reporting by staff writers; editing by the news desk.",
    "Subscribe now for unlimited access to all our articles.",
    "Share this article with your friends on Facebook and Twitter.",
    "The views expressed in this article are those of the author and do not necessarily reflect the views of the publication.",
    "Additional reporting by wire services.",
    "This story has been updated with additional information.",
    "Have a news tip? Contact our newsroom.",
    "Photo credit: Getty Images.",
    "Download our app for breaking news alerts.",
    "We may earn a commission from links on this page.",
    "Advertisement. Scroll to continue reading.",
    "Continue reading the main story.",
    "Like what you read? Support independent journalism with a donation today.",
    "Comments are closed for this article.",
    "All times are local unless otherwise noted.",
    "For more news, visit our homepage.",
    "This content is provided for informational purposes only and does not constitute advice.",
    "Story continues below advertisement.",
    "Get the latest headlines straight to your inbox every morning.",
    "Contributing: The Associated Press.",
    "Thomson Reuters is solely responsible for this content.",
    "Related coverage can be found in our special section.",
    "If you have information about this story, please email the editors.",
    "Terms of use and privacy policy apply.",
]

KINDS = ["format", "edit", "truncate", "boilerplate", "exact"]

QUOTE_MAP = [("'", "\u2019"), ('"', "\u201d"), ("--", "\u2014"), ("...", "\u2026")]


def v_quotes(t: str, rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.5 and any(c in t for c in "\u2018\u2019\u201c\u201d\u2014\u2026"):
        t = (t.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"')
             .replace("\u201d", '"').replace("\u2014", "--").replace("\u2026", "..."))
        return t, "quotes:ascii"
    # Typographic: opening/closing double quotes by position, apostrophes.
    out, dq = [], False
    for i, c in enumerate(t):
        if c == '"':
            out.append("\u201d" if dq else "\u201c")
            dq = not dq
        elif c == "'":
            prev = t[i - 1] if i else " "
            out.append("\u2018" if prev.isspace() or prev in "([" else "\u2019")
        else:
            out.append(c)
    t = "".join(out).replace("--", "\u2014").replace("...", "\u2026")
    if rng.random() < 0.3:
        t = t.replace(" - ", " \u2013 ")
    return t, "quotes:typographic"


def v_space(t: str, rng: random.Random) -> tuple[str, str]:
    how = rng.choice(["double", "wrap", "nbsp", "pad"])
    if how == "double":
        t = re.sub(r"([.!?]) ", r"\1  ", t)
        t = re.sub(r" ", lambda m: "  " if rng.random() < 0.05 else " ", t)
    elif how == "wrap":
        width = rng.randint(60, 80)
        lines, cur = [], ""
        for w in t.split(" "):
            if cur and len(cur) + 1 + len(w) > width:
                lines.append(cur)
                cur = w
            else:
                cur = cur + " " + w if cur else w
        lines.append(cur)
        t = ("\r\n" if rng.random() < 0.3 else "\n").join(lines)
    elif how == "nbsp":
        t = re.sub(r" ", lambda m: "\u00a0" if rng.random() < 0.15 else " ", t)
    else:
        t = rng.choice(["  ", "\t", "\n", " \n"]) + t + rng.choice(["  ", "\n", " \n\n", "\t"])
    return t, "space:" + how


def v_case(t: str, rng: random.Random) -> tuple[str, str]:
    how = rng.choice(["lower", "upper", "title", "upper_first"])
    if how == "lower":
        return t.lower(), "case:lower"
    if how == "upper":
        return t.upper(), "case:upper"
    if how == "title":
        return t.title(), "case:title"
    s = sentences(t)
    s[0] = s[0].upper()
    return " ".join(s), "case:upper_first"


def make_format(t: str, rng: random.Random) -> tuple[str, dict]:
    ops = rng.sample([v_quotes, v_space, v_case], rng.randint(1, 3))
    done = []
    for op in ops:
        t, what = op(t, rng)
        done.append(what)
    return t, {"changes": done}


WORD_CORE = re.compile(r"^(\W*)(\w+)(\W*)$")


def make_edit(t: str, rng: random.Random, vocab: list[str]) -> tuple[str, dict]:
    words = t.split(" ")
    n_edits = rng.randint(1, 3)
    done = []
    for _ in range(n_edits):
        op = rng.choice(["substitute", "delete", "insert", "typo", "number"])
        i = rng.randrange(len(words))
        if op == "number":
            digits = [k for k, w in enumerate(words) if re.search(r"\d", w)]
            if digits:
                i = rng.choice(digits)
                words[i] = re.sub(r"\d", lambda m: str((int(m.group()) + rng.randint(1, 9)) % 10),
                                  words[i], count=1)
                done.append("number")
                continue
            op = "substitute"
        if op == "delete" and len(words) > 5:
            del words[i]
        elif op == "insert":
            words.insert(i, rng.choice(vocab))
        elif op == "typo":
            m = WORD_CORE.match(words[i])
            core = m.group(2) if m else ""
            if len(core) >= 4:
                k = rng.randrange(1, len(core) - 2)
                core = core[:k] + core[k + 1] + core[k] + core[k + 2:]
                words[i] = m.group(1) + core + m.group(3)
            else:
                op = "substitute"
        if op == "substitute" or (op == "delete" and len(words) <= 5):
            op = "substitute"
            m = WORD_CORE.match(words[i])
            new = rng.choice(vocab)
            words[i] = (m.group(1) + new + m.group(3)) if m else new
        done.append(op)
    return " ".join(words), {"edits": done}


def make_truncate(t: str, rng: random.Random) -> tuple[str, dict]:
    words = t.split(" ")
    f = rng.uniform(0.70, 0.95)
    keep = max(1, round(f * len(words)))
    out = " ".join(words[:keep])
    tail = rng.choice(["", "", "...", "\u2026", " [\u2026]"])
    return out + tail, {"fraction": round(keep / len(words), 4), "tail": tail}


def make_boilerplate(t: str, rng: random.Random) -> tuple[str, dict]:
    k = rng.randrange(len(BOILERPLATE))
    sep = rng.choice([" ", " ", "  ", "\n"])
    return t + sep + BOILERPLATE[k], {"boilerplate": k}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out-dir", type=Path, default=HERE / "corpus")
    ap.add_argument("--base", type=int, default=200_000)
    ap.add_argument("--copies", type=int, default=40_000)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    t_start = time.time()

    def log(msg):
        print(f"[make_corpus {time.time() - t_start:4.0f}s] {msg}", file=sys.stderr, flush=True)

    rng = random.Random(args.seed)
    log(f"collecting base paragraphs (target {args.base})")
    base, info = collect_base(args.base, args.jobs, rng, log)
    if len(base) < args.base:
        log(f"warning: only {len(base)} base paragraphs")

    # Vocabulary for word edits: corpus words of 3+ letters, by frequency.
    counts = collections.Counter()
    for _, t in base[::7]:
        counts.update(w for w in re.findall(r"[A-Za-z]{3,}", t))
    vocab = [w for w, c in counts.most_common(20000)]

    records = [{"text": t, "kind": "base", "src": None, "doc": prov, "detail": None}
               for prov, t in base]
    per_kind = args.copies // len(KINDS)
    kinds = []
    for k, kind in enumerate(KINDS):
        kinds += [kind] * (per_kind + (1 if k < args.copies - per_kind * len(KINDS) else 0))
    for kind in kinds:
        s = rng.randrange(len(base))
        t = base[s][1]
        if kind == "format":
            new, detail = make_format(t, rng)
        elif kind == "edit":
            new, detail = make_edit(t, rng, vocab)
        elif kind == "truncate":
            new, detail = make_truncate(t, rng)
        elif kind == "boilerplate":
            new, detail = make_boilerplate(t, rng)
        else:
            new, detail = t, None
        records.append({"text": new, "kind": kind, "src": s, "doc": None, "detail": detail})

    order = list(range(len(records)))
    rng.shuffle(order)
    new_id = [0] * len(records)
    for pos, r in enumerate(order):
        new_id[r] = pos

    args.out_dir.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    with open(args.out_dir / "dedup.jsonl", "w", encoding="utf-8") as fc, \
         open(args.out_dir / "truth.jsonl", "w", encoding="utf-8") as ft:
        for pos, r in enumerate(order):
            rec = records[r]
            line = json.dumps({"id": pos, "text": rec["text"]}, ensure_ascii=False) + "\n"
            fc.write(line)
            h.update(line.encode("utf-8"))
            ft.write(json.dumps({"id": pos, "kind": rec["kind"],
                                 "source": None if rec["src"] is None else new_id[rec["src"]],
                                 "doc": rec["doc"], "detail": rec["detail"]},
                                ensure_ascii=False) + "\n")

    words = [len(t.split()) for _, t in base]
    words.sort()
    meta = {
        "seed": args.seed,
        "paragraphs": len(records),
        "base": len(base),
        "copies": len(records) - len(base),
        "copies_by_kind": dict(collections.Counter(kinds)),
        "distinct_sources_copied": len({r["src"] for r in records if r["src"] is not None}),
        "base_words": {"min": words[0], "median": words[len(words) // 2],
                       "mean": round(sum(words) / len(words), 1), "max": words[-1],
                       "total": sum(words)},
        "base_collection": info,
        "jdk_src_zip": str(jdk_src_zip()),
        "rust_docs": str(rust_doc_root()),
        "python_roots": [str(p) for p in python_roots()],
        "dedup_jsonl_sha256": h.hexdigest(),
        "seconds": round(time.time() - t_start, 1),
    }
    (args.out_dir / "corpus.json").write_text(json.dumps(meta, indent=1) + "\n")
    log(f"wrote {len(records)} paragraphs ({len(base)} base + {meta['copies']} copies) "
        f"to {args.out_dir}/dedup.jsonl, sha256 {h.hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
