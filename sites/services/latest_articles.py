"""The latest articles of each column or site, in one query (home lists, column
indexes)."""

from __future__ import annotations

from django.db.models import F, Window
from django.db.models.functions import RowNumber, Substr

# What a list item shows: read only these columns of the article.
LIST_ITEM_FIELDS = ("title", "path", "url_path", "publish_date")


def latest_per_prefix(queryset, prefix_length: int, per_group: int):
    """Latest ``per_group`` articles per tree prefix (a column or a site), one query."""
    prefix = Substr("path", 1, prefix_length)
    return (
        queryset.annotate(
            group_path=prefix,
            rank=Window(
                RowNumber(),
                partition_by=[prefix],
                order_by=[F("publish_date").desc(), F("pk").desc()],
            ),
        )
        .filter(rank__lte=per_group)
        .order_by("group_path", "rank")
    )
