"""Navigation built from the column tree, with a fixed number of queries per page."""

from __future__ import annotations

import logging
from collections import OrderedDict

from wagtail.models import Page

from ..models import ColumnPage
from ..page_cache import generations
from .tree import children_q, public_q

logger = logging.getLogger(__name__)


def menu_columns(home: Page) -> list[ColumnPage]:
    """Top-level columns shown in the site's main navigation (one query)."""
    return list(
        ColumnPage.objects.filter(children_q(home)).live().filter(public_q()).in_menu()
    )


# Per process: (home pk, cluster generation, site generation) -> the menu. The
# menu changes only with a page of its site (published, withdrawn, moved,
# restricted, its menu flag) or the cluster, which move these generations
# (sites/page_cache.py) in every process at once; old keys simply age out.
_MENUS: OrderedDict[tuple, list[ColumnPage]] = OrderedDict()
MENUS_KEPT = 256


def site_menu(home: Page, site, request=None) -> list[ColumnPage]:
    """``menu_columns`` of the home of ``site``, kept per site generation: every
    page of a site shows the same menu, so it is read once per change, not once
    per page rendered."""
    if site is None or site.root_page_id != home.pk:
        return menu_columns(home)
    try:
        key = (home.pk, *generations(site.pk, request))
    except Exception:  # the cache is down: read it as before
        logger.debug("menu: generations unavailable", exc_info=True)
        return menu_columns(home)
    menu = _MENUS.get(key)
    if menu is None:
        menu = menu_columns(home)
        for column in menu:
            # The address as Wagtail's {% pageurl %} gives it on this site, once.
            column.menu_url = column.get_url(request, current_site=site)
        _MENUS[key] = menu
        while len(_MENUS) > MENUS_KEPT:
            _MENUS.popitem(last=False)
    return list(menu)


def breadcrumb(page: Page) -> list[Page]:
    """Ancestors from the site home down to the parent of ``page`` (one query, none
    when sites.routing found them on the way to the page)."""
    ancestors = getattr(page, "_route_ancestors", None)
    if ancestors and ancestors[0].depth == 2:
        crumbs = list(ancestors)
    else:
        crumbs = list(
            Page.objects.ancestor_of(page).filter(depth__gte=2).order_by("depth")
        )
    if len(crumbs) > 1 and crumbs[1].locale_id != crumbs[0].locale_id:
        # A Mongolian page (蒙古文版): its trail starts at the Mongolian home.
        return crumbs[1:]
    return crumbs
