"""Page-tree filters that use the ``path`` index on every database.

Wagtail's ``descendant_of``/``child_of`` filter with ``path LIKE 'prefix%'``, which
SQLite cannot answer from an index (its LIKE is case-insensitive), so a column of
a 100,000-page cluster scanned the whole page table. A range on ``path`` gives
the same rows from the unique index: tree paths use the characters 0-9A-Z, all
sorting below ``[``.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr

_AFTER_ALPHABET = "["


def descendants_q(path: str, prefix: str = "") -> Q:
    """Strict descendants of the page at ``path``."""
    return Q(**{f"{prefix}path__gt": path, f"{prefix}path__lt": path + _AFTER_ALPHABET})


def site_for_path(path: str | None):
    """The Site whose home page heads ``path`` (a page's tree path), or None."""
    from wagtail.models import Page, Site

    top = Page.steplen * 2  # root + site home
    if not path or len(path) < top:
        return None
    return Site.objects.filter(root_page__path=path[:top]).first()


def children_q(page, prefix: str = "") -> Q:
    return descendants_q(page.path, prefix) & Q(**{f"{prefix}depth": page.depth + 1})


def public_q(prefix: str = "") -> Q:
    """Pages outside every private section: what Wagtail's ``.public()`` keeps.

    ``.public()`` reads every view restriction first (one query per call, three
    or four per page); this asks the same in SQL, in the query it filters: no
    restriction sits on the page or on one of its ancestors (a prefix of its path).
    """
    from wagtail.models import PageViewRestriction

    on_page_or_above = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef(f"{prefix}path"), 1, Length("page__path"))
    )
    return Q(~Exists(on_page_or_above))
