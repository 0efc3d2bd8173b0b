"""网站地图's tree: every visible column of a site, nested."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wagtail.models import Page

from .tree import descendants_q, public_q

if TYPE_CHECKING:  # annotations only: the site map page imports this module
    from ..models import ColumnPage


@dataclass
class ColumnNode:
    page: ColumnPage
    children: list[ColumnNode] = field(default_factory=list)


def column_tree(home: Page, column_pages) -> list[ColumnNode]:
    """Every live, public column under ``home`` as a nested tree (one query);
    ``column_pages`` is the column page type's manager, which the site map page
    passes in."""
    columns = (
        column_pages.filter(descendants_q(home.path))
        .live()
        .filter(public_q())
        .order_by("path")
    )
    nodes: dict[str, ColumnNode] = {}
    roots: list[ColumnNode] = []
    for column in columns:
        node = ColumnNode(column)
        nodes[column.path] = node
        parent = nodes.get(column.path[: -column.steplen])
        if parent is not None:
            parent.children.append(node)
        elif column.depth == home.depth + 1:
            roots.append(node)
    return roots
