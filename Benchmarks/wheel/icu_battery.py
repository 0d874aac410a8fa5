"""Everything ICU-dependent that Galley does, printed as one SHA-256: run it
once with the system's ICU data and once with the trimmed data
(scripts/trim-icu-data.sh); the hashes must be equal.

Covers galley.process (normalization, language tags, related links and
slugs, paragraphs, sentences, fingerprints, canonical URLs), words and NFKC
with folding over the real pages (../shared/realpages/pages.jsonl, when
present: third-party text, read and never copied), and sentences, words,
slugs and IDNA in 20 languages and 20 scripts.

usage: [LD_LIBRARY_PATH=DIR_WITH_TRIMMED_LIBICUDATA] GALLEY_LIBRARY=build/libgalley.so \\
       PYTHONPATH=bindings/python python Benchmarks/wheel/icu_battery.py [PAGES.jsonl]
"""

import hashlib
import json
import os
import sys

import galley

here = os.path.dirname(os.path.abspath(__file__))
pages = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../shared/realpages/pages.jsonl")
digest = hashlib.sha256()
count = 0
if os.path.exists(pages):
    with open(pages, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            text = record["text"]
            lang = (record.get("lang") or "en").split("-")[0] or "en"
            digest.update(galley.process(text, url=record.get("url"), as_json=True).encode())
            digest.update(repr(galley.words(text[:20000], lang=lang)).encode())
            digest.update(galley.normalize(text[:20000], form="NFKC", fold_quotes=True, fold_dashes=True).text.encode())
            count += 1
else:
    print(f"note: {pages} not found; the multi-script set only", file=sys.stderr)

titles = ["Тарифи на проїзд зростуть", "Жара в Москве", "Беларусь: ўрад", "Србија ђак", "Македонија ѓ",
          "България днес", "東京で台風", "北京天气", "서울 뉴스", "Αθήνα σήμερα", "ירושלים היום", "القاهرة اليوم",
          "तेहरान समाचार", "กรุงเทพ ข่าว", "თბილისი", "Երևան", "Straße über Köln", "Łódź", "İstanbul ğ", "کراچی"]
languages = ["en", "uk", "ru", "de", "fr", "es", "it", "pt", "pl", "nl", "ja", "zh", "th", "km", "lo", "my", "el",
             "fi", "sv", ""]
for title in titles:
    _, links = galley.related_links("Body.\n\nRead also:\n- " + title + "\n- https://Bücher.例え.jp/a?utm_source=x&b=1")
    digest.update(repr(links).encode())
    for lang in languages:
        digest.update(repr(galley.sentences(f"{title}. {title}? Mr. X. Dr. Y. z. B. {title}", lang=lang)).encode())
        digest.update(repr(galley.words(title + " ພາສາລາວ ភាសាខ្មែរ မြန်မာ", lang=lang)).encode())
print(count, digest.hexdigest())
