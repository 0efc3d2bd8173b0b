"""Which disclosure items a catalog lists, filtered and faceted (REQUIREMENTS §3.3, R25).

Only live, public items are ever listed: drafts, unpublished and withdrawn (撤稿
unpublishes) items are not live, and items under a view restriction are not
public. Every function here runs a fixed number of queries, whatever the number
of items.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear, Substr
from wagtail.models import Page, Site

from disclosure.catalog.metadata_terms import (
    GENRE_CHOICES,
    TOPIC_CHOICES,
    TOPICS,
    Validity,
)
from sites.models import SiteKind, SiteProfile
from sites.public_forms import TypedTextMixin
from sites.services.tree import descendants_q

from ..models import DisclosureItem

MAX_QUERY_LENGTH = 100
SITE_PATH_LENGTH = Page.steplen * 2  # root + site home


@dataclass(frozen=True)
class CatalogSite:
    code: str
    name: str
    root_path: str


@dataclass
class CatalogScope:
    """The sites one catalog covers: a site's own, or a portal's whole cluster."""

    site: Site
    sites: list[CatalogSite]
    cluster_wide: bool = False
    by_path: dict[str, CatalogSite] = field(init=False)

    def __post_init__(self):
        self.by_path = {s.root_path: s for s in self.sites}

    def site_of(self, item) -> CatalogSite | None:
        return self.by_path.get(item.path[:SITE_PATH_LENGTH])

    def by_code(self, code: str) -> CatalogSite | None:
        return next((s for s in self.sites if s.code == code), None)


def all_catalog_sites() -> list[CatalogSite]:
    """Every site of the cluster with its code (one query)."""
    rows = SiteProfile.objects.values_list(
        "code", "site__site_name", "site__root_page__path"
    ).order_by("code")
    return [CatalogSite(code or "", name, path) for code, name, path in rows]


def scope_for(site: Site) -> CatalogScope:
    """A portal's catalog covers the portal and every site below it in the cluster's
    hierarchy (the government's one 政府信息公开平台, Art. 24); any other site's
    catalog covers that site only (one query)."""
    profiles = {
        row["pk"]: row
        for row in SiteProfile.objects.values(
            "pk", "parent_id", "kind", "code", "site_id", "site__site_name",
            "site__root_page__path",
        )
    }  # fmt: skip
    own = next((p for p in profiles.values() if p["site_id"] == site.pk), None)
    if own is None:  # a site without a profile: just its own tree
        path = Page.objects.filter(pk=site.root_page_id).values_list("path", flat=True)
        return CatalogScope(site, [CatalogSite("", site.site_name, path.get())])
    cluster_wide = own["kind"] == SiteKind.PORTAL
    members = {own["pk"]}
    if cluster_wide:
        children: dict[int, list[int]] = {}
        for profile in profiles.values():
            children.setdefault(profile["parent_id"], []).append(profile["pk"])
        pending = [own["pk"]]
        while pending:
            for child in children.get(pending.pop(), []):
                if child not in members:
                    members.add(child)
                    pending.append(child)
    sites = [
        CatalogSite(
            profiles[pk]["code"] or "",
            profiles[pk]["site__site_name"],
            profiles[pk]["site__root_page__path"],
        )
        for pk in members
    ]
    # The catalog's own site first, then the members by 网站标识码.
    sites.sort(key=lambda s: (s.root_path != own["site__root_page__path"], s.code))
    return CatalogScope(site, sites, cluster_wide=cluster_wide)


def published_items() -> QuerySet:
    """Live, public disclosure items without their (large) body."""
    return DisclosureItem.objects.live().public().defer("body")


def scoped_items(scope: CatalogScope) -> QuerySet:
    paths = Q()
    for site in scope.sites:
        paths |= descendants_q(site.root_path)
    return published_items().filter(paths)


def _no_control_characters(value: str) -> None:
    if any(ord(char) < 32 for char in value):
        raise forms.ValidationError("检索词包含无效字符，请重新输入。")


class CatalogFilterForm(TypedTextMixin):
    """The catalog's filters; an invalid one is reported and ignored, never a 500."""

    q = forms.CharField(
        label="关键词",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        validators=[_no_control_characters],
        error_messages={"max_length": f"检索词不能超过{MAX_QUERY_LENGTH}个字。"},
    )
    topic = forms.ChoiceField(
        label="主题分类",
        required=False,
        choices=[("", "全部")] + TOPIC_CHOICES,
        error_messages={"invalid_choice": "没有名为“%(value)s”的主题分类。"},
    )
    genre = forms.ChoiceField(
        label="体裁",
        required=False,
        choices=[("", "全部")] + GENRE_CHOICES,
        error_messages={"invalid_choice": "没有名为“%(value)s”的体裁。"},
    )
    validity = forms.ChoiceField(
        label="有效性",
        required=False,
        choices=[("", "全部")] + Validity.choices,
        error_messages={"invalid_choice": "有效性只能是有效、失效或废止。"},
    )
    year = forms.IntegerField(
        label="发布年份",
        required=False,
        min_value=1949,
        max_value=2999,
        error_messages={
            "invalid": "年份应为四位数字，例如2026。",
            "min_value": "年份应为四位数字，例如2026。",
            "max_value": "年份应为四位数字，例如2026。",
        },
    )
    agency = forms.CharField(label="发布机构", required=False, max_length=100)
    site = forms.CharField(label="网站", required=False, max_length=10)

    def __init__(self, *args, scope: CatalogScope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope

    def clean_q(self):
        return self.cleaned_data["q"].strip()

    def clean_site(self):
        code = self.cleaned_data["site"].strip()
        if code and self.scope.by_code(code) is None:
            raise forms.ValidationError(f"本目录不包含网站标识码为 {code} 的网站。")
        return code

    def filters(self) -> dict:
        """The valid, non-empty filters (call after ``is_valid``)."""
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}


# Facets and the filters they ignore: each browse list counts what the other
# active filters leave, so a count is what following its link shows.
FACET_DIMENSIONS = {
    "topic": ("topic",),
    "year": ("year",),
    "agency": ("agency", "site"),
}


def facet_items(items: QuerySet, filters: dict, scope: CatalogScope, facet: str):
    """The items a facet counts: every active filter except the facet's own."""
    ignored = FACET_DIMENSIONS[facet]
    others = {k: v for k, v in filters.items() if k not in ignored}
    return filter_items(items, others, scope)


def apply_filters(items: QuerySet, filters: dict, scope: CatalogScope) -> QuerySet:
    """Filter and order; an exact 索引号 or 文号 query puts that item first."""
    items = filter_items(items, filters, scope)
    query = filters.get("q")
    if not query:
        return items.order_by("-publish_date", "-pk")
    items = items.annotate(
        exact=Case(
            When(Q(index_number=query) | Q(document_number=query), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    return items.order_by("exact", "-publish_date", "-pk")


def filter_items(items: QuerySet, filters: dict, scope: CatalogScope) -> QuerySet:
    if "topic" in filters:
        items = items.filter(topic=filters["topic"])
    if "genre" in filters:
        items = items.filter(genre=filters["genre"])
    if "validity" in filters:
        items = items.filter(validity=filters["validity"])
    if "year" in filters:
        items = items.filter(publish_date__year=filters["year"])
    if "agency" in filters:
        items = items.filter(issuing_agency=filters["agency"])
    if "site" in filters:
        items = items.filter(descendants_q(scope.by_code(filters["site"]).root_path))
    query = filters.get("q")
    if query:
        items = items.filter(
            Q(title__icontains=query)
            | Q(summary__icontains=query)
            | Q(document_number__icontains=query)
            | Q(index_number__icontains=query)
        )
    return items


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


@dataclass
class AgencyGroup:
    """发布机构 grouped by the site that published them (portal catalogs)."""

    site: CatalogSite
    count: int
    agencies: list[Facet]


def topic_facets(items: QuerySet) -> list[Facet]:
    counts = dict(
        items.order_by()
        .values_list("topic")
        .annotate(n=Count("pk"))
        .values_list("topic", "n")
    )
    return [Facet(t, t, counts[t]) for t in TOPICS if counts.get(t)] + [
        Facet(t, t, n) for t, n in sorted(counts.items()) if t not in TOPICS
    ]


def year_facets(items: QuerySet, chosen: int | None = None) -> list[Facet]:
    """Counts per year; the chosen year stays listed (the form's select shows it)
    even when the other filters leave none of its items."""
    counts = dict(
        items.order_by()
        .annotate(year=ExtractYear("publish_date"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    if chosen:
        counts.setdefault(int(chosen), 0)
    return [
        Facet(str(y), f"{y}年", n) for y, n in sorted(counts.items(), reverse=True) if y
    ]


def agency_groups(items: QuerySet, scope: CatalogScope) -> list[AgencyGroup]:
    """Counts per site and 发布机构 (one query)."""
    rows = (
        items.order_by()
        .annotate(root=Substr("path", 1, SITE_PATH_LENGTH))
        .values_list("root", "issuing_agency")
        .annotate(n=Count("pk"))
        .values_list("root", "issuing_agency", "n")
    )
    groups: dict[str, AgencyGroup] = {}
    for root, agency, count in rows:
        site = scope.by_path.get(root)
        if site is None:
            continue
        group = groups.setdefault(root, AgencyGroup(site, 0, []))
        group.count += count
        group.agencies.append(Facet(agency, agency, count))
    ordered = [groups[s.root_path] for s in scope.sites if s.root_path in groups]
    for group in ordered:
        group.agencies.sort(key=lambda f: (-f.count, f.value))
    return ordered
