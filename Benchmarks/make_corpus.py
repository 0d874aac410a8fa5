#!/usr/bin/env python3
"""Assemble an English prose corpus for Galley's benchmarks from local docs.

Sources, in this fixed order (each list sorted by path, so the output is
deterministic for a given set of installed packages):

  1. Prose documentation under /usr/share/doc: README*, NEWS*, *.txt, *.md,
     *.rst (plain or .gz). Changelogs and copyright files are skipped: they
     are lists and licences, not prose.
  2. Man pages under /usr/share/man/man{1..8}, rendered to plain text with
     groff -Tutf8 -man with a 10000-column line length (so every paragraph is one line, with
     no hyphenation), in parallel but collected in sorted order.

Every paragraph is normalised (whitespace collapsed, markup stripped) and kept
only if it looks like prose: enough words, mostly letters, not code, not a
command line, not a table. Exact duplicates are dropped (licence boilerplate
repeats across packages). Output stops once the target size is reached.

Writes Benchmarks/corpus/en.txt (UTF-8, paragraphs separated by one blank
line) and prints its size.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import gzip
import hashlib
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "corpus" / "en.txt"
DOC_ROOT = Path("/usr/share/doc")
MAN_ROOT = Path("/usr/share/man")

DOC_NAME = re.compile(
    r"^(readme|news)([._-].*)?$|\.(txt|md|rst|text)(\.gz)?$", re.IGNORECASE
)
SKIP_NAME = re.compile(r"changelog|copyright|license|licence|copying|authors|thanks|\.(html?|c|h|py|pl|sh|xml|json)(\.gz)?$", re.IGNORECASE)

# Lines and paragraphs that are not prose.
CODE_CHARS = re.compile(r"[{}<>|\\;=_$#@^~`\[\]]")
CODE_START = re.compile(
    r"^(\$ |# |% |> |>>> |\.\.\.|#include|#define|import |from \S+ import|def |class |"
    r"function |var |let |const |if \(|for \(|while \(|return |sudo |apt(-get)? |"
    r"git |make |cd |\./|/|-{1,2}[A-Za-z]|[A-Z_]{3,}=)"
)
URLISH = re.compile(r"(https?://|ftp://|www\.|\S+@\S+\.\w+)")
BULLET = re.compile(r"^\s*(?:[-*+\u2022o]|\d{1,3}[.)]|\([a-z0-9]\))\s+")
MD_MARKUP = re.compile(r"(\*\*|__|``|`|\[\[|\]\]|::)")
MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
RST_ROLE = re.compile(r":[a-z]+:`([^`]*)`")
WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\ufeff]")
HEADER_RULE = re.compile(r"^[\s=\-~*#+_.:^\"']+$")


def is_prose(par: str) -> bool:
    if len(par) < 60 or len(par) > 5000:
        return False
    if CODE_START.match(par):
        return False
    words = WORD.findall(par)
    if len(words) < 8:
        return False
    nonspace = [c for c in par if not c.isspace()]
    letters = sum(c.isalpha() for c in nonspace)
    if letters < 0.80 * len(nonspace):
        return False
    if len(CODE_CHARS.findall(par)) > max(2, len(par) // 80):
        return False
    if len(URLISH.findall(par)) > 1:
        return False
    # Mostly lowercase running words, and a sentence ending somewhere.
    lower = sum(1 for w in words if w[0].islower())
    if lower < 0.5 * len(words):
        return False
    if not re.search(r"[.!?:][\"')\u201d\u2019]?(\s|$)", par):
        return False
    # Long words made of identifiers (foo_bar, fooBar()) suggest an API list.
    if sum(1 for t in par.split() if "_" in t or "()" in t) > 3:
        return False
    return True


def clean(par: str) -> str:
    par = CONTROL.sub("", par)
    par = MD_LINK.sub(r"\1", par)
    par = RST_ROLE.sub(r"\1", par)
    par = MD_MARKUP.sub("", par)
    par = BULLET.sub("", par)
    par = re.sub(r"^#+\s+", "", par)
    par = re.sub(r"\s+", " ", par).strip()
    return unicodedata.normalize("NFC", par)


def doc_paragraphs(text: str):
    """Blank-line separated blocks; lines inside a block are joined, except
    that a bullet or number starts a new paragraph."""
    block: list[str] = []
    code = False
    for line in text.splitlines() + [""]:
        if not line.strip() or HEADER_RULE.match(line):
            if block and not code:
                yield " ".join(block)
            block, code = [], False
            continue
        if BULLET.match(line) and block and not code:
            yield " ".join(block)
            block = []
        # A block whose first line is indented by 8+ columns (or a tab) is
        # taken for code or a literal; fenced blocks likewise.
        if not block and not BULLET.match(line) and (
                line.startswith("        ") or line.startswith("\t")
                or line.lstrip().startswith("```")):
            code = True
        block.append(line.strip())


def man_paragraphs(text: str):
    """man output at MANWIDTH=10000: one paragraph per line."""
    for line in text.splitlines():
        s = line.strip()
        if s:
            yield s


def read_doc(path: Path) -> str | None:
    try:
        raw = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
    except (OSError, EOFError):
        return None
    if b"\0" in raw[:4096]:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def render_man(path: str) -> str:
    """Render one man page to plain text with groff directly (what man(1)
    does, minus its pager and pipeline overhead): no formatting escapes,
    no hyphenation, 10000-column lines."""
    try:
        src = gzip.open(path).read() if path.endswith(".gz") else Path(path).read_bytes()
    except (OSError, EOFError):
        return ""
    if src.lstrip().startswith(b".so "):  # a stub pointing at another page
        return ""
    cmd = ["groff", "-Tutf8", "-man", "-k", "-Kutf-8", "-rLL=10000n", "-rHY=0",
           "-P-cbou"]
    first = src.split(b"\n", 1)[0]
    if first.startswith(b"'\\\" ") or first.startswith(b'.\\" '):
        pre = first.split(None, 1)[1:] or [b""]
        letters = pre[0].strip()
        if re.fullmatch(rb"[egprtv]+", letters):
            cmd += ["-" + c for c in letters.decode() if c in "eprt"]
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", GROFF_NO_SGR="1")
    try:
        out = subprocess.run(cmd, input=src, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, timeout=30).stdout
    except (subprocess.TimeoutExpired, OSError):
        return ""
    out = re.sub(rb".\x08", b"", out)  # overstrike, should there be any
    return out.decode("utf-8", errors="replace")


def doc_files():
    files = []
    for root, dirs, names in os.walk(DOC_ROOT):
        dirs.sort()
        for n in names:
            p = Path(root) / n
            if p.is_symlink() or not p.is_file():
                continue
            if DOC_NAME.search(n) and not SKIP_NAME.search(n):
                files.append(p)
    return sorted(files)


def man_files():
    files = []
    for sec in ["man1", "man5", "man7", "man8", "man2", "man3", "man4", "man6"]:
        d = MAN_ROOT / sec
        if d.is_dir():
            files.extend(sorted(p for p in d.iterdir()
                                if p.is_file() and not p.is_symlink()))
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--mb", type=float, default=12.0, help="target size in MB (10^6 bytes)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    target = int(args.mb * 1_000_000)

    seen: set[bytes] = set()
    out_parts: list[str] = []
    size = 0
    stats = {"doc_files": 0, "man_pages": 0}

    def add(par: str) -> bool:
        nonlocal size
        par = clean(par)
        if not is_prose(par):
            return False
        h = hashlib.blake2b(par.lower().encode(), digest_size=12).digest()
        if h in seen:
            return False
        seen.add(h)
        out_parts.append(par)
        size += len(par.encode()) + 2
        return True

    for p in doc_files():
        if size >= target:
            break
        text = read_doc(p)
        if text is None:
            continue
        if any([add(par) for par in doc_paragraphs(text)]):
            stats["doc_files"] += 1
    doc_bytes = size

    if size < target:
        pages = [str(p) for p in man_files()]
        with cf.ThreadPoolExecutor(max_workers=args.jobs) as ex:
            # map() yields in input order, so the result is deterministic.
            chunk = 64
            for i in range(0, len(pages), chunk):
                if size >= target:
                    break
                for text in ex.map(render_man, pages[i:i + chunk]):
                    if size >= target:
                        break
                    if any([add(par) for par in man_paragraphs(text)]):
                        stats["man_pages"] += 1

    data = "\n\n".join(out_parts) + "\n"
    raw = data.encode("utf-8")
    # Cut at the target on a paragraph boundary.
    if len(raw) > target:
        cut = raw.rfind(b"\n\n", 0, target)
        raw = raw[:cut] + b"\n"
    raw.decode("utf-8")  # assert valid
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(raw)
    npar = raw.count(b"\n\n") + 1
    print(f"{args.out}: {len(raw)} bytes ({len(raw) / 1e6:.2f} MB), "
          f"{npar} paragraphs; "
          f"{doc_bytes / 1e6:.2f} MB from {stats['doc_files']} doc files, "
          f"the rest from {stats['man_pages']} man pages")
    if len(raw) < 10_000_000:
        print("warning: corpus is smaller than 10 MB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
