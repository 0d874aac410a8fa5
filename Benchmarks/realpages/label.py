#!/usr/bin/env python3
"""Turns the hand-written decisions (labels/decisions.txt: "ID RENDERER" then
block line ranges "FROM-TO:r|m", or "none"; TO is an upper bound, trimmed
back to the last non-blank line) into labels/realpages.json: per rendering
the text's hash, each block's UTF-8 byte range (its first line's start to
its last line's end, line break included), kind, and item keys (hashes of
each link's URL as written, or of a plain headline's folded text), and
prose_end (the byte offset after the last line of the text outside every
block). No page text is written."""
import json, os, re
from common import HERE, LINK, BARE, JUNK_SCHEME, load_pages, item_key, sha, unescape

JUNK = ["/sharer", "/share?", "/share/", "/share.php", "sharearticle", "/intent/tweet", "/intent/post",
        "pinterest.com/pin/create", "reddit.com/submit", "wa.me/", "api.whatsapp.com", "t.me/share",
        "vk.com/share", "getpocket.com", "addthis.com", "sharethis.com", "/print/", "/print?", "print=", "/login",
        "/signin", "/sign-in", "/signup", "/register", "/subscribe", "/newsletter", "/account", "disqus.com",
        "outbrain.com", "taboola.com", "articlecomments", "#respond", "#comments", "#comment", "/feed/"]
JUNK_TEXT = {"share", "tweet", "email", "e-mail", "mail", "print", "facebook", "twitter", "x", "whatsapp",
             "linkedin", "pinterest", "reddit", "telegram", "messenger", "comments", "comment", "log in", "login",
             "sign in", "subscribe", "view comments", "leave a comment", "reply"}


def junk(dest, text):
    d = dest.lower()
    if not d:
        return not text
    if d.startswith("#") or JUNK_SCHEME.match(d):
        return True
    return any(j in d for j in JUNK) or text.strip().lower() in JUNK_TEXT


def items_of(line, markdown, first):
    keys = []
    found = False
    for m in LINK.finditer(line):
        found = True
        if m.group(1):
            continue
        dest = m.group(3)
        dest = dest[1:-1] if dest.startswith("<") else unescape(dest)
        text = " ".join(re.sub(r"!\[[^\]]*\]\([^)]*\)", "", unescape(m.group(2))).replace("*", " ").split())
        if not junk(dest, text):
            keys.append(item_key(dest, text))
    if not found:
        for m in BARE.finditer(line):
            found = True
            keys.append(item_key(m.group(0).rstrip(".,;:!?)'"), None))
    if not found and not markdown and not first and line.strip():
        keys.append(item_key(None, line.strip()))
    return keys


def main():
    pages = load_pages()
    byprefix = {pid[:24]: pid for pid, _ in pages}
    out = []
    for raw in open(os.path.join(HERE, "labels", "decisions.txt"), encoding="utf-8"):
        raw = raw.split("#")[0].strip()
        if not raw:
            continue
        parts = raw.split()
        pid, ren = byprefix.get(parts[0][:24], parts[0]), parts[1]
        r = pages[(pid, ren)]
        text = r["text"]
        lines = text.split("\n")
        starts = [0]
        for l in lines:
            starts.append(starts[-1] + len(l.encode("utf-8")) + 1)
        blocks = []
        for spec in parts[2:]:
            if spec == "none":
                continue
            rng, kind = spec.split(":")
            a, b = map(int, rng.split("-"))
            while b > a and not lines[b].strip():
                b -= 1
            keys = []
            for k in range(a, b + 1):
                line = lines[k]
                if k == a:
                    # The marker line: only links after the marker are items.
                    keys += items_of(line, ren != "text", True)
                else:
                    keys += items_of(line, ren != "text", False)
            end = min(starts[b + 1], len(text.encode("utf-8")))
            blocks.append({"start": starts[a], "end": end, "lines": [a, b],
                           "kind": {"r": "related", "m": "more"}[kind], "items": sorted(set(keys))})
        body_lines = [k for k in range(len(lines)) if lines[k].strip()
                      and not any(bl["lines"][0] <= k <= bl["lines"][1] for bl in blocks)]
        out.append({"id": pid, "renderer": ren, "text_sha256": sha(text), "blocks": blocks,
                    "prose_end": starts[body_lines[-1] + 1] - 1 if body_lines else 0})
    with open(os.path.join(HERE, "labels", "realpages.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(len(out), "renderings,", sum(len(o["blocks"]) for o in out), "blocks,",
          sum(len(b["items"]) for o in out for b in o["blocks"]), "items")


main()
