"""Which sites a public list covers: the portal shows the whole cluster, any other
site its own items; visitors may narrow by department (site) and by date."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from wagtail.models import Site

from sites.models import SiteKind, SiteProfile

PER_PAGE = 20


def is_portal(site) -> bool:
    return SiteProfile.objects.filter(site=site, kind=SiteKind.PORTAL).exists()


def scope(request, site) -> tuple[list[Site], list[Site], Site | None]:
    """(sites covered, sites offered in the department filter, chosen department)."""
    if is_portal(site):
        sites = list(Site.objects.select_related("root_page").order_by("pk"))
    else:
        sites = [site]
    chosen = None
    wanted = request.GET.get("site", "")
    if wanted.isdigit():
        chosen = next((s for s in sites if s.pk == int(wanted)), None)
    return ([chosen] if chosen else sites), sites, chosen


def date_range(request) -> tuple[datetime.date | None, datetime.date | None]:
    def parse(name):
        try:
            return datetime.date.fromisoformat(request.GET.get(name, "")[:10])
        except ValueError:
            return None

    return parse("from"), parse("to")


def paginate(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def site_of_path(sites, path: str) -> Site | None:
    """The site whose root page is an ancestor of ``path`` (no query)."""
    for site in sites:
        if path.startswith(site.root_page.path):
            return site
    return None


def pages_under(model, sites):
    """Live, public pages of ``model`` under any of ``sites``' roots (one query)."""
    from django.db.models import Q

    condition = Q()
    for site in sites:
        condition |= Q(path__startswith=site.root_page.path)
    return (
        model.objects.live().public().filter(condition)
        if sites
        else model.objects.none()
    )


def filter_query(request) -> str:
    """The current filters as a query string for pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
