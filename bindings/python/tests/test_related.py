"""Related links through Python."""

import pytest

import galley

ARTICLE = """Нову станцію метро відкрили в суботу.

Мер назвав відкриття «подією десятиліття».

Читайте також:
• Тарифи на проїзд зростуть з першого січня
• [Як змінився маршрут автобуса](/kyiv/bus-72?utm_source=tg#top)
"""


def test_related_links_ukrainian():
    body, links = galley.related_links(ARTICLE, base_url="https://news.example.ua/kyiv/metro")
    assert body == "Нову станцію метро відкрили в суботу.\n\nМер назвав відкриття «подією десятиліття».\n"
    assert [l.title for l in links] == ["Тарифи на проїзд зростуть з першого січня", "Як змінився маршрут автобуса"]
    assert links[0].url is None and links[0].slug
    assert links[1].canonical_url == "https://news.example.ua/kyiv/bus-72"


def test_no_block_and_mentions():
    text = "Related stories are rare here, the mayor said.\n\nSee also the report from last year."
    assert galley.related_links(text) == (text, [])
    assert galley.related_links("") == ("", [])


def test_bad_url_keeps_title():
    _, links = galley.related_links("Related:\n- Broken – https://[::1/x")
    assert len(links) == 1 and links[0].canonical_url is None and links[0].title == "Broken" and links[0].error


def test_errors():
    with pytest.raises(TypeError):
        galley.related_links(b"bytes")
    with pytest.raises(ValueError):
        galley.related_links("bad \ud800")
