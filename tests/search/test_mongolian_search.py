"""Search in a site's Mongolian version (蒙古文版, issue #21 item 2) over HTTP, on
every engine: Mongolian words are whitespace-separated and jieba never cuts
them into letters."""

import pytest
from bs4 import BeautifulSoup

from demo.sites.mongolian import VERSIONS, seed_mongolian
from search.analysis import index_tokens, query_words
from search.queue import process_pending
from tests.conftest import add_article, column

MONGOLIAN_WORD = "ᠮᠣᠩᠭᠣᠯ"


@pytest.fixture
def banner_mn(cluster):
    add_article(column(cluster.banner, "gzdt"), "白云旗春季牧业生产工作会议")
    seed_mongolian(cluster.banner, "baiyun")
    return cluster


def test_mongolian_words_are_kept_whole():
    text = "ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ ᠪᠢᠴᠢᠭ\u202fᠤᠨ ᠠᠵᠢᠯ᠃ 政务公开"
    assert index_tokens(text) == [
        "ᠮᠣᠩᠭᠣᠯ",
        "ᠬᠡᠯᠡ",
        "ᠪᠢᠴᠢᠭ",
        "ᠤᠨ",
        "ᠠᠵᠢᠯ",
        "政务",
        "公开",
    ]
    # A free variation selector only picks a glyph form: the word still matches.
    assert query_words("ᠮᠣᠩ\u180bᠭᠣᠯ") == [MONGOLIAN_WORD]


def test_mongolian_word_finds_the_mongolian_page(client, banner_mn, engine):
    process_pending()
    site = banner_mn.banner
    response = client.get("/search/", {"q": MONGOLIAN_WORD}, HTTP_HOST=site.hostname)
    doc = BeautifulSoup(response.content, "html.parser")
    titles = [a.get_text() for a in doc.select(".search-results h3 a")]
    assert VERSIONS["baiyun"].articles[1].title in titles, titles
    # Mongolian result titles are marked so that the Mongolian font applies.
    assert doc.select_one(".search-results h3 a")["lang"] == "mn-Mong"
    # A word of a suffixed form (ᠬᠣᠰᠢᠭᠤ + U+202F ᠨᠤ) finds the stem's pages too.
    response = client.get("/search/", {"q": "ᠬᠣᠰᠢᠭᠤ"}, HTTP_HOST=site.hostname)
    doc = BeautifulSoup(response.content, "html.parser")
    assert len(doc.select(".search-results h3 a")) == 2
    # Chinese search is untouched.
    response = client.get("/search/", {"q": "牧业"}, HTTP_HOST=site.hostname)
    doc = BeautifulSoup(response.content, "html.parser")
    assert [a.get_text() for a in doc.select(".search-results h3 a")] == [
        "白云旗春季牧业生产工作会议"
    ]
