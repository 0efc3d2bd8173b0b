"""What a home page shows: its own latest items per column, and for the portal the
latest items of every department and banner site plus the cluster directory.

Every list is one windowed query, so the number of queries does not grow with the
number of sites or of listed items (asserted in tests/sites/test_query_counts.py).
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db.models import F, Window
from django.db.models.functions import RowNumber, Substr

from ..models import ArticlePage, ColumnPage, SiteKind, SiteProfile
from .tree import children_q, descendants_q, public_q

HOME_ITEMS_PER_COLUMN = 6
HOME_LATEST_ITEMS = 8
# The portal ranks at least this many of the newest member items (see portal_context).
PORTAL_HORIZON_MIN = 500


def _latest_per_prefix(queryset, prefix_length: int, per_group: int):
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


def home_context(home, request) -> dict:
    steplen = home.steplen
    articles = ArticlePage.objects.live().filter(public_q())
    top_columns = list(
        ColumnPage.objects.filter(children_q(home))
        .live()
        .filter(public_q())
        .in_menu()
        .filter(layout="list")
    )
    by_column = defaultdict(list)
    own = articles.filter(descendants_q(home.path))
    for article in _latest_per_prefix(
        own, (home.depth + 1) * steplen, HOME_ITEMS_PER_COLUMN
    ):
        by_column[article.group_path].append(article)
    context = {
        "column_blocks": [
            (column, by_column[column.path])
            for column in top_columns
            if by_column[column.path]
        ],
        "latest_articles": list(
            own.order_by("-publish_date", "-pk")[:HOME_LATEST_ITEMS]
        ),
    }
    profile = SiteProfile.for_request(request) if request is not None else None
    if profile is not None and profile.kind == SiteKind.PORTAL:
        context.update(portal_context(home))
    return context


def portal_context(home) -> dict:
    """The portal's cluster-wide blocks: latest per member site, and 站群导航."""
    profiles = list(
        SiteProfile.objects.select_related("site", "site__root_page")
        .exclude(site__root_page_id=home.pk)
        .order_by("kind", "code")
    )
    site_length = home.depth * home.steplen
    by_site = defaultdict(list)
    per_site = settings.CLUSTER_PORTAL_ITEMS_PER_SITE
    member_articles = (
        ArticlePage.objects.live().filter(public_q()).exclude(descendants_q(home.path))
    )
    # Ranking every article of the cluster costs O(cluster) per render (1.5 s at
    # 100,000 articles). Only recent items can make a site's top few, so rank
    # those newer than the K-th newest item of the cluster (an index scan on
    # publish_date); a site with nothing that recent shows no block: it is stale.
    horizon = max(PORTAL_HORIZON_MIN, len(profiles) * per_site * 8)
    cutoff = (
        member_articles.order_by("-publish_date")
        .values_list("publish_date", flat=True)[horizon - 1 : horizon]
        .first()
    )
    if cutoff is not None:
        member_articles = member_articles.filter(publish_date__gte=cutoff)
    for article in _latest_per_prefix(member_articles, site_length, per_site):
        by_site[article.group_path].append(article)

    member_blocks = {SiteKind.DEPARTMENT: [], SiteKind.BANNER: []}
    directory = defaultdict(list)
    for profile in profiles:
        directory[profile.get_kind_display()].append(profile)
        items = by_site.get(profile.site.root_page.path[:site_length], [])
        if profile.kind in member_blocks and items:
            member_blocks[profile.kind].append((profile, items))
    return {
        "department_blocks": member_blocks[SiteKind.DEPARTMENT],
        "banner_blocks": member_blocks[SiteKind.BANNER],
        "site_directory": sorted(directory.items()),
    }
