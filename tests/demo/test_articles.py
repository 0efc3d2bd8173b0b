"""The demo articles built from the content files under demo/content/."""

import pytest

from demo.sites import articles
from demo.sites.articles import ALL_SITE_KEYS, COLUMN_KEYS, articles_for


@pytest.mark.parametrize("key", ALL_SITE_KEYS)
def test_every_site_has_articles_in_every_column_and_no_empty_paragraph(key):
    items = articles_for(key)
    assert {item.column for item in items} == set(COLUMN_KEYS)
    assert len({item.title for item in items}) == len(items)
    for item in items:
        assert item.summary and item.source and item.author
        assert all(paragraph.strip() for paragraph in item.paragraphs)
        # Every {field} of a phrase was filled in.
        assert "{" not in item.title + "".join(item.paragraphs)


def test_a_misspelt_field_in_a_content_file_is_an_error():
    entry = {"date": "2026-01-01", "kind": "m", "title": "t", "lead": "l"}
    with pytest.raises(ValueError, match=r"unknown \['detial'\].*missing \['detail'\]"):
        articles._fields({**entry, "detial": "d"}, articles._FIELDS["news"], "edu.toml")
    assert articles._fields(
        {**entry, "detail": "d"}, articles._FIELDS["news"], "edu.toml"
    ) == ("2026-01-01", "m", "t", "l", "d")
