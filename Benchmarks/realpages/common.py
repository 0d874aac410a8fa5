"""Shared by label.py and score.py: the page file, link syntax for labels, hashes."""
import hashlib, json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
PAGES = os.environ.get("REALPAGES", os.path.join(HERE, "..", "..", "..", "shared", "realpages", "pages.jsonl"))

# A Markdown inline link or image: [text](dest "title"), with \-escapes and one level of nested [..].
LINK = re.compile(r'(!?)\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]\(\s*(<[^>]*>|(?:[^\s()\\]|\\.|\([^\s()]*\))*)(?:\s+(?:"[^"]*"|\'[^\']*\'|\([^)]*\)))?\s*\)')
BARE = re.compile(r'(?<![\w(<"])(?:https?://|www\.)[^\s<>"\]\[]+')
JUNK_SCHEME = re.compile(r'^(?!https?:)[a-z][a-z0-9+.-]{1,18}:', re.I)


def load_pages():
    out = {}
    with open(PAGES, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            out[(r["id"], r["renderer"])] = r
    return out


def sha(s):
    return hashlib.sha256(s.encode("utf-8")).hexdigest()[:16]


def unescape(s):
    return re.sub(r'\\([!-/:-@\[-`{-~])', r'\1', s)


def item_key(url, title):
    """What an item is compared by: its URL as written, else its title folded."""
    if url:
        return "u" + sha(url.strip())
    t = " ".join(re.sub(r"[\W_]+", " ", title or "").lower().split())
    return "t" + sha(t)
