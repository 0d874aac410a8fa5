#!/usr/bin/env python3
"""Make a large corpus from gen_articles.py's output, fast (issue 11).

gen_articles.py writes about 1.5 MB per CPU-second, so 1 GB takes over ten
minutes of a quiet core. This reads a base corpus (its JSON Lines) and writes
it again and again until --mb is reached: pass 0 is the base itself, and
pass k > 0 maps every ASCII word through a fixed permutation of the base's
vocabulary (shuffled within bands of 64 frequency ranks, so common words stay
common and "the" becomes another short common word), keeping punctuation,
case of the first letter, numbers, URLs' structure and the related blocks.
So pass k's paragraphs are new to the index (other shingles), of the same
lengths, with the base's own duplicates (syndicated copies, boilerplate)
repeated in kind. Ids get "-pK". Deterministic for a base and --seed.

    expand_articles.py --base build/base.jsonl --mb 1000 --out build/articles.jsonl

As a module: `passes(base_path, seed)` yields the articles (dicts) forever.
"""
import argparse
import json
import random
import re
from collections import Counter
from pathlib import Path

WORD = re.compile(r"[A-Za-z]+")


def vocabulary(path: Path) -> list[str]:
    counts = Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            counts.update(w.lower() for w in WORD.findall(json.loads(line)["text"]))
    return [w for w, _ in counts.most_common()]


def mapping(vocab: list[str], pass_no: int, seed: int) -> dict[str, str]:
    rng = random.Random(seed * 1_000_003 + pass_no)
    out = {}
    for lo in range(0, len(vocab), 64):
        band = vocab[lo:lo + 64]
        shuffled = band[:]
        rng.shuffle(shuffled)
        out.update(zip(band, shuffled))
    return out


def mapped_text(text: str, m: dict[str, str]) -> str:
    def sub(match):
        w = match.group(0)
        r = m.get(w.lower(), w)
        if w[0].isupper():
            r = r[:1].upper() + r[1:]
        return r
    return WORD.sub(sub, text)


def passes(base: Path, seed: int = 1):
    vocab = None
    pass_no = 0
    while True:
        m = None
        if pass_no > 0:
            vocab = vocab or vocabulary(base)
            m = mapping(vocab, pass_no, seed)
        with open(base, encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                if m is not None:
                    a["text"] = mapped_text(a["text"], m)
                    a["id"] = f"{a['id']}-p{pass_no}"
                yield a
        pass_no += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True, type=Path)
    ap.add_argument("--mb", type=float, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, type=Path)
    a = ap.parse_args()
    target = int(a.mb * 1e6)
    written = articles = 0
    with open(a.out, "w", encoding="utf-8") as out:
        for art in passes(a.base, a.seed):
            line = json.dumps(art, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            articles += 1
            if written >= target:
                break
    print(json.dumps({"bytes": written, "articles": articles, "base": str(a.base)}))


if __name__ == "__main__":
    main()
