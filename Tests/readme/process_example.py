import galley

text = ("Harbour bridge reopens\n\nThe bridge reopened on Monday.But the council says little.\n\n"
        "Read also:\n- [Steel prices](/economy/steel?utm_source=rss)\n")
index = galley.DedupIndex()  # galley.DedupIndex("galley.db") keeps it across runs
article = galley.process(text, url="https://news.example.com/city/bridge", index=index, id="bridge")
print(article.lang, [[s.text for s in p.sentences] for p in article.paragraphs])
print([(link.title, link.slug, link.canonical_url) for link in article.related])
again = galley.process(text, index=index, id="copy")
print([p.duplicate.kind for p in again.paragraphs])  # ['exact', 'exact']
