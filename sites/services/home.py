"""What a home page shows: its own latest items per column, and for the portal the
latest items of the most active department and banner sites plus the cluster
directory.

Every list is one windowed query, so the number of queries does not grow with the
number of sites or of listed items (asserted in tests/sites/test_query_counts.py
and tests/sites/test_render_queries.py). The portal's member blocks are bounded
(``CLUSTER_PORTAL_MEMBER_SITES`` sites per kind), so its cost does not grow with
the number of sites below it either: with 100 sites it used to rank and render
500 items, bodies included.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.db.models import F, Max, Q, Window
from django.db.models.functions import Length, RowNumber, Substr
from django.db.models.lookups import Exact
from wagtail.models import Site

from ..models.profile import SiteKind, SiteProfile
from ..site_lookup import per_generation
from .latest_articles import LIST_ITEM_FIELDS, latest_per_prefix
from .tree import children_q, descendants_q, public_q

HOME_ITEMS_PER_COLUMN = 6
HOME_LATEST_ITEMS = 8
# The portal ranks at least this many of the newest member items (see portal_context).
PORTAL_HORIZON_MIN = 500


@dataclass(frozen=True)
class MemberSite:
    """A site below the portal, as its blocks and the 站群导航 show it."""

    pk: int  # of its SiteProfile: anchors the block's heading
    kind: str
    kind_label: str
    site_name: str
    root_url: str
    home_path: str  # tree path of its home page


def layout_context(home, request, *, article_pages, column_pages) -> dict:
    """What the blocks of ``home.layout`` list, read once for all blocks: the
    latest items of every chosen column (one windowed query over their children),
    and the apps' highlights (意见征集, 在线访谈) when an interaction block is there."""
    from wagtail import hooks

    blocks = list(home.layout)
    _prefetch_renditions(blocks)
    chosen = {
        column.path: column
        for block in blocks
        if block.block_type == "column_list"
        for column in block.value["columns"]
        if column is not None and column.live
    }
    if chosen:
        # A column made private or unpublished since it was chosen is left out.
        visible = set(
            column_pages.filter(path__in=list(chosen))
            .live()
            .filter(public_q())
            .values_list("path", flat=True)
        )
        chosen = {path: column for path, column in chosen.items() if path in visible}
    column_items = defaultdict(list)
    if chosen:
        per_column = max(
            (b.value["count"] for b in blocks if b.block_type == "column_list"),
            default=HOME_ITEMS_PER_COLUMN,
        )
        in_columns = Q()
        for column in chosen.values():
            in_columns |= children_q(column)
        parent = Substr("path", 1, Length("path") - home.steplen)
        articles = (
            article_pages.live()
            .filter(public_q())
            .filter(in_columns)
            .only(*LIST_ITEM_FIELDS)
            .annotate(
                parent_path=parent,
                rank=Window(
                    RowNumber(),
                    partition_by=[parent],
                    order_by=[F("publish_date").desc(), F("pk").desc()],
                ),
            )
            .filter(rank__lte=per_column)
            .order_by("parent_path", "rank")
        )
        for article in articles:
            column_items[article.parent_path].append(article)
    context = {
        "layout_blocks": blocks,
        "column_items": dict(column_items),
        "visible_columns": set(chosen),
    }
    if any(block.block_type == "interaction" for block in blocks):
        context["interaction_links"] = [
            link
            for add in hooks.get_hooks("cluster_home_interaction_links")
            for link in add(home, request)
        ]
        context["highlights"] = [
            item
            for add in hooks.get_hooks("cluster_home_highlights")
            for item in add(home, request)
        ]
    return context


def _prefetch_renditions(blocks) -> None:
    """The renditions of every picture of the layout in one query (Wagtail reads
    them from the prefetch cache), instead of one query per picture."""
    from django.db.models import prefetch_related_objects

    images = [
        image
        for block in blocks
        for key, field in (
            ("slides", "image"),
            ("topics", "image"),
            ("leaders", "photo"),
        )
        for item in (block.value.get(key) or [] if hasattr(block.value, "get") else [])
        if (image := item.get(field)) is not None
    ]
    if images:
        prefetch_related_objects(images, "renditions")


def home_context(home, request, *, article_pages, column_pages) -> dict:
    """What a home page lists. ``article_pages`` and ``column_pages`` are the
    managers of the article and column page types: the home page passes them in,
    as this module works for the page models and imports none of them."""
    steplen = home.steplen
    profile = SiteProfile.for_request(request) if request is not None else None
    if home.layout:
        context = layout_context(
            home, request, article_pages=article_pages, column_pages=column_pages
        )
        context["provenance"] = {}
        if profile is not None and profile.kind == SiteKind.PORTAL:
            context.update(portal_context(home, request, article_pages=article_pages))
        else:
            context["site_directory"] = directory(kept_member_sites(home, request))
        return context
    articles = article_pages.live().filter(public_q()).only(*LIST_ITEM_FIELDS)
    top_columns = list(
        column_pages.filter(children_q(home))
        .live()
        .filter(public_q())
        .in_menu()
        .filter(layout="list")
    )
    by_column = defaultdict(list)
    # A site home's lists leave out its Mongolian version (蒙古文版) and vice versa.
    own = articles.filter(descendants_q(home.path), locale_id=home.locale_id)
    for article in latest_per_prefix(
        own, (home.depth + 1) * steplen, HOME_ITEMS_PER_COLUMN
    ):
        by_column[article.group_path].append(article)
    context = {
        # Every standard column keeps its block, empty ones saying 暂无信息: a
        # new site's home is never blank (issue #17).
        "column_blocks": [(column, by_column[column.path]) for column in top_columns],
        "latest_articles": list(
            own.order_by("-publish_date", "-pk")[:HOME_LATEST_ITEMS]
        ),
        # Home lists show no 信息报送 sources; an empty mapping spares each item
        # a failed variable look-up in includes/article_list.html.
        "provenance": {},
    }
    if profile is not None and profile.kind == SiteKind.PORTAL and home.depth == 2:
        context.update(portal_context(home, request, article_pages=article_pages))
    return context


def directory(members: list[MemberSite]) -> list[tuple[str, list[MemberSite]]]:
    """站群导航: the sites by kind label, the portal first."""
    by_kind = defaultdict(list)
    for member in members:
        by_kind[member.kind].append(member)
    order = [kind for kind, _ in SiteKind.choices]
    return [
        (by_kind[kind][0].kind_label, by_kind[kind]) for kind in order if by_kind[kind]
    ]


def member_sites(home) -> list[MemberSite]:
    """Every site but the one at ``home``, by kind and code (one query, plain rows)."""
    rows = (
        SiteProfile.objects.exclude(site__root_page_id=home.pk)
        .order_by("kind", "code")
        .values_list(
            "pk",
            "kind",
            "site__site_name",
            "site__hostname",
            "site__port",
            "site__root_page__path",
        )
    )
    labels = dict(SiteKind.choices)
    # Site.root_url's own rule (the scheme follows the port), without a Site each.
    root_url = Site.root_url.fget
    return [
        MemberSite(
            pk=pk,
            kind=kind,
            kind_label=labels.get(kind, kind),
            site_name=name,
            root_url=root_url(SimpleNamespace(hostname=hostname, port=port)),
            home_path=path,
        )
        for pk, kind, name, hostname, port, path in rows
    ]


def kept_member_sites(home, request=None) -> list[MemberSite]:
    """``member_sites``, read once per generation in each process: a site added,
    renamed or moved saves a ``Site`` or ``SiteProfile``, which moves the
    cluster's generation (sites/site_lookup.py)."""
    if request is None:
        return member_sites(home)
    return per_generation(
        request, f"member-sites:{home.pk}", lambda: member_sites(home)
    )


def portal_context(home, request=None, *, article_pages) -> dict:
    """The portal's cluster-wide blocks: the latest items of the member sites that
    published most recently, and 站群导航 (every site)."""
    members = kept_member_sites(home, request)
    site_length = home.depth * home.steplen
    per_site = settings.CLUSTER_PORTAL_ITEMS_PER_SITE
    shown_per_kind = settings.CLUSTER_PORTAL_MEMBER_SITES
    member_articles = (
        article_pages.live()
        .filter(public_q())
        .exclude(descendants_q(home.path))
        # The locale as an expression, not a column: with its index on offer,
        # SQLite (no statistics) walked every page of the cluster through it
        # (one locale: every page matches) instead of the newest articles
        # through the publish_date index, 7 ms instead of 0.3 at 100 sites.
        .filter(Exact(F("locale_id") + 0, home.locale_id))
        .only(*LIST_ITEM_FIELDS)
    )
    # Ranking every article of the cluster costs O(cluster) per render (1.5 s at
    # 100,000 articles). Only recent items can make a site's top few, so rank
    # those newer than the K-th newest item of the cluster (an index scan on
    # publish_date); a site with nothing that recent shows no block: it is stale.
    horizon = max(PORTAL_HORIZON_MIN, 2 * shown_per_kind * per_site * 8)
    cutoff = (
        member_articles.order_by("-publish_date")
        .values_list("publish_date", flat=True)[horizon - 1 : horizon]
        .first()
    )
    if cutoff is not None:
        member_articles = member_articles.filter(publish_date__gte=cutoff)
    # The sites with the newest items (one grouped query over the recent rows).
    newest = dict(
        member_articles.annotate(site_path=Substr("path", 1, site_length))
        .order_by()  # Page's default ordering would split the groups
        .values("site_path")
        .annotate(newest=Max("publish_date"))
        .values_list("site_path", "newest")
    )
    shown = {SiteKind.DEPARTMENT: [], SiteKind.BANNER: []}
    for member in sorted(
        (m for m in members if m.home_path in newest and m.kind in shown),
        key=lambda m: newest[m.home_path],
        reverse=True,
    ):
        if len(shown[member.kind]) < shown_per_kind:
            shown[member.kind].append(member)
    chosen = [m for kind in shown.values() for m in kind]
    chosen_pks = {m.pk for m in chosen}

    by_site = defaultdict(list)
    if chosen:
        in_chosen = Q()
        for member in chosen:
            in_chosen |= descendants_q(member.home_path)
        for article in latest_per_prefix(
            member_articles.filter(in_chosen), site_length, per_site
        ):
            by_site[article.group_path].append(article)

    member_blocks = {SiteKind.DEPARTMENT: [], SiteKind.BANNER: []}
    for member in members:  # by kind and code, as before the bound
        if member.pk in chosen_pks and by_site[member.home_path]:
            member_blocks[member.kind].append((member, by_site[member.home_path]))
    return {
        "department_blocks": member_blocks[SiteKind.DEPARTMENT],
        "banner_blocks": member_blocks[SiteKind.BANNER],
        "site_directory": directory(members),
    }
