"""Links that apps add to a column's side navigation (the ``cluster_column_links``
hook): pages that are views rather than columns, such as the disclosure catalog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wagtail import hooks

if TYPE_CHECKING:  # annotations only: the column page imports this module
    from ..models import ColumnPage


def column_links(column: ColumnPage, request) -> list[tuple[str, str]]:
    """(title, url) links that apps add to a column's side navigation, for pages that
    are views rather than columns (e.g. the disclosure catalog). Apps register a
    ``cluster_column_links`` hook taking (column, request); sites knows none of them."""
    return [
        link
        for add_links in hooks.get_hooks("cluster_column_links")
        for link in add_links(column, request)
    ]
