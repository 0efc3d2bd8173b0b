"""A column's landing page (栏目首页) when it is a parent of columns.

政府信息公开, 政务服务 and 互动交流 hold their content in sub-columns; listing
only the column's own articles showed "暂无信息". Such a column shows each
sub-column with its latest items instead (专栏 index), plus the entrances apps
add through the ``cluster_column_links`` hook and their highlights through the
``cluster_column_highlights`` hook (e.g. an interview's live state).

Two queries whatever the number of sub-columns: the sub-columns and one windowed
query for their latest articles (any depth below each sub-column).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wagtail import hooks

from .latest_articles import LIST_ITEM_FIELDS, latest_per_prefix
from .tree import descendants_q, public_q

if TYPE_CHECKING:  # annotations only: the column page imports this module
    from ..models import ColumnPage

INDEX_ITEMS_PER_COLUMN = 5


@dataclass
class IndexEntry:
    column: ColumnPage
    items: list = field(default_factory=list)


def column_index(
    column: ColumnPage, subcolumns: list[ColumnPage], article_pages
) -> list[IndexEntry]:
    """Each sub-column with its latest ``INDEX_ITEMS_PER_COLUMN`` live, public
    articles; ``article_pages`` is the article page type's manager, which the
    column page passes in."""
    entries = {sub.path: IndexEntry(sub) for sub in subcolumns}
    if not entries:
        return []
    articles = (
        article_pages.live()
        .filter(public_q())
        .filter(descendants_q(column.path))
        .filter(depth__gt=column.depth + 1)
        .only(*LIST_ITEM_FIELDS)
    )
    prefix_length = (column.depth + 1) * column.steplen
    for article in latest_per_prefix(articles, prefix_length, INDEX_ITEMS_PER_COLUMN):
        entry = entries.get(article.group_path)
        if entry is not None:
            entry.items.append(article)
    return list(entries.values())


def column_highlights(column: ColumnPage, request) -> list[dict]:
    """What apps show on a column's landing page besides lists: each a dict with
    ``label``, ``title``, ``url`` and optionally ``state`` (e.g. 直播中)."""
    return [
        highlight
        for add in hooks.get_hooks("cluster_column_highlights")
        for highlight in add(column, request)
    ]
