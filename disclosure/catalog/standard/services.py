"""The 基层政务公开标准目录 of banner (旗县) sites (R34): seeding, the check
that each active 公开事项 has content within its window, the public page.

A banner site gets the standard entries (``standard_catalogue_data``) when it
is created (hook ``cluster_site_created``); existing ones got them from a data
migration. The check and the public page read a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from wagtail.models import Page, Site

from disclosure.catalog.standard.data import STANDARD_ENTRIES
from disclosure.models import CatalogueEntry
from sites.compliance.base import Check, CheckResult, Finding, Status
from sites.compliance.core_checks import end_of, public_url
from sites.models import ArticlePage, ColumnPage, SiteKind, SiteProfile

#: Kinds of site that publish a 基层政务公开标准目录.
CATALOGUE_KINDS = frozenset({SiteKind.BANNER})
PAGE_TITLE = "基层政务公开标准目录"


@transaction.atomic
def seed_catalogue(site: Site) -> int:
    """Give ``site`` the standard entries it lacks; returns how many it got."""
    columns = {c.slug: c for c in ColumnPage.objects.descendant_of(site.root_page)}
    have = set(CatalogueEntry.objects.filter(site=site).values_list("domain", "name"))
    created = 0
    for order, data in enumerate(STANDARD_ENTRIES):
        if (data["domain"], data["name"]) in have:
            continue
        fields = {k: v for k, v in data.items() if k != "column_slug"}
        entry = CatalogueEntry.objects.create(site=site, sort_order=order, **fields)
        column = columns.get(data["column_slug"])
        if column is not None:
            entry.columns.add(column)
        created += 1
    return created


def catalogue_sites(sites) -> list[Site]:
    kinds = dict(
        SiteProfile.objects.filter(site__in=[s.pk for s in sites]).values_list(
            "site_id", "kind"
        )
    )
    return [s for s in sites if kinds.get(s.pk) in CATALOGUE_KINDS]


def latest_publication(column_paths: set[str]) -> dict[str, datetime.datetime]:
    """The newest live article's publication time under each column (one query:
    articles are the columns' children, grouped by their parent's path)."""
    if not column_paths:
        return {}
    latest: dict[str, datetime.datetime] = {}
    rows = (
        ArticlePage.objects.live()
        .filter(path__regex=r"^(" + "|".join(column_paths) + r")[0-9A-Z]{4}$")
        .values_list("path", "publish_date")
    )
    for path, published in rows:
        parent = path[: -Page.steplen]
        if parent not in latest or published > latest[parent]:
            latest[parent] = published
    return latest


def entries_with_state(sites, today: datetime.date) -> list[CatalogueEntry]:
    """Active entries of ``sites`` with ``latest`` (newest content of their
    columns or None) and ``overdue`` set (three queries)."""
    entries = list(
        CatalogueEntry.objects.filter(site__in=[s.pk for s in sites], active=True)
        .prefetch_related(
            Prefetch(
                "columns",
                queryset=ColumnPage.objects.only(
                    "pk", "path", "title", "url_path", "slug"
                ),
            )
        )
        .order_by("site_id", "sort_order", "pk")
    )
    paths = {c.path for e in entries for c in e.columns.all()}
    latest = latest_publication(paths)
    for entry in entries:
        dates = [latest[c.path] for c in entry.columns.all() if c.path in latest]
        entry.latest = max(dates) if dates else None
        if entry.latest is None:
            entry.overdue = True
        elif entry.window_days:
            since = end_of(today - datetime.timedelta(days=entry.window_days + 1))
            entry.overdue = entry.latest < since
        else:
            entry.overdue = False
    return entries


class StandardCatalogueCheck(Check):
    id = "standard_catalogue"
    title = "基层政务公开标准目录"
    indicator = "基层政务公开标准化规范化：公开事项按时限公开（扣分）"
    explanation = (
        "旗县区网站按基层政务公开标准目录公开：每个启用的公开事项须关联内容所在栏目，"
        "并在其公开时限（监测周期）内有信息发布；长期公开事项须至少有一条信息。"
    )
    requirements = ("R34",)
    points = 3

    def run(self, sites, today):
        banners = catalogue_sites(sites)
        found = defaultdict(list)
        counted = defaultdict(int)
        by_pk = {s.pk: s for s in banners}
        for entry in entries_with_state(banners, today):
            counted[entry.site_id] += 1
            if not entry.overdue:
                continue
            site = by_pk[entry.site_id]
            if entry.latest is None:
                why = "关联栏目中没有信息" if entry.columns.all() else "未关联栏目"
            else:
                why = (
                    f"最近一条信息发布于{entry.latest:%Y-%m-%d}，超过监测周期"
                    f"{entry.window_days}天"
                )
            found[site.pk].append(
                Finding(
                    f"{entry.domain}：{entry.name}",
                    f"{site.root_url}/xxgk/jcml/",
                    f"公开时限：{entry.time_limit}；{why}。",
                )
            )
        results = {}
        for site in sites:
            if site.pk not in by_pk:
                results[site.pk] = CheckResult(Status.PASS, [], "本网站不适用。")
            elif not counted[site.pk]:
                results[site.pk] = CheckResult(
                    Status.FAIL,
                    [Finding("未建立基层政务公开标准目录", public_url(site, "/"))],
                    "没有启用的公开事项。",
                )
            else:
                overdue = found[site.pk]
                results[site.pk] = CheckResult(
                    Status.FAIL if overdue else Status.PASS,
                    overdue,
                    f"公开事项{counted[site.pk]}项，未按时限公开{len(overdue)}项。",
                )
        return results


def catalogue_page(request):
    """The public list of a banner site's 公开事项 at ``/xxgk/jcml/``."""
    site = Site.find_for_request(request)
    if site is None or not catalogue_sites([site]):
        raise Http404("本网站没有基层政务公开标准目录。")
    entries = entries_with_state([site], timezone.localdate())
    for entry in entries:
        entry.column_links = [column for column in entry.columns.all() if column.path]
    home = site.root_page.specific
    column = ColumnPage.objects.child_of(home).filter(slug="xxgk").live().first()
    domains: dict[str, list] = defaultdict(list)
    for entry in entries:
        domains[entry.domain].append(entry)
    return render(
        request,
        "disclosure/standard_catalogue.html",
        {
            "home_page": home,
            "page": column,
            "disclosure_column": column,
            "catalogue_title": PAGE_TITLE,
            "domains": dict(domains),
            "updated": max((e.latest for e in entries if e.latest), default=None),
        },
    )
