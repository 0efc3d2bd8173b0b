"""Which public addresses show a change, and so which files it rewrites.

A page's change (published, unpublished, 撤稿, moved, deleted, restricted) shows on:
the page (and, when it is removed, moved or restricted, every page below it); its
ancestor columns and its site's home; the site map; the homes of the sites above
(the portal aggregates its members' latest items); and the columns that accepted
it through 信息报送, with their ancestors and their sites' homes and sites above.
A page in the site's navigation (the home or a top-level column: every page of
the site shows the menu and the breadcrumbs) rewrites the whole site. A site's
profile (name, theme, footer) rewrites the site and the homes above it (the
portal's 站群导航 names it); a cluster-wide setting (grey mode) or a host
rewrites every site.

An address is ``(hostname, port, path)`` with ``path`` relative to the site's
root; values are priorities (0 first: what shows the change itself).
"""

from __future__ import annotations

from collections.abc import Iterable

from wagtail.models import Page, Site

from sites.models import SiteMapPage, SiteProfile, Submission, SubmissionStatus
from sites.services.tree import descendants_q

Address = tuple[str, int, str]
# PURGE first: a host's files are moved away before a whole-site rewrite (see
# site_change); then what shows the change itself; then the rest.
PURGE, FIRST, BULK = 0, 1, 2
PURGE_PATH = "*"
# A page this shallow is in every page's menu and breadcrumbs: home (2) and
# the top-level columns and site map (3).
NAVIGATION_DEPTH = 3


class Targets(dict):
    """address → priority; adding keeps the more urgent priority."""

    def add(self, address: Address, priority: int = FIRST) -> None:
        if priority < self.get(address, BULK + 1):  # keep the most urgent
            self[address] = priority

    def merge(self, other: dict) -> None:
        for address, priority in other.items():
            self.add(address, priority)

    def update_from(self, addresses: Iterable[Address], priority: int = FIRST):
        for address in addresses:
            self.add(address, priority)


class _Cluster:
    """The sites, loaded once per computation (a cluster has at most a few
    hundred)."""

    def __init__(self):
        self.sites = list(Site.objects.select_related("root_page"))
        self.by_root_path = {s.root_page.path: s for s in self.sites}
        self.by_pk = {s.pk: s for s in self.sites}
        self._parents = None

    def site_of(self, tree_path: str) -> Site | None:
        return self.by_root_path.get(tree_path[: Page.steplen * 2])

    @staticmethod
    def address(site: Site, url_path: str) -> Address | None:
        root_url_path = site.root_page.url_path
        if not url_path.startswith(root_url_path):
            return None
        return (site.hostname.lower(), site.port, url_path[len(root_url_path) - 1 :])

    def home(self, site: Site) -> Address:
        return (site.hostname.lower(), site.port, "/")

    def sites_above(self, site_pks: Iterable[int]) -> set[int]:
        """The sites above these (not these themselves), one query."""
        if self._parents is None:
            self._parents = dict(
                SiteProfile.objects.values_list("site_id", "parent__site_id")
            )
        above = set()
        for pk in site_pks:
            seen = {pk}
            pk = self._parents.get(pk)
            while pk and pk not in seen:
                seen.add(pk)
                above.add(pk)
                pk = self._parents.get(pk)
        return above

    def site_maps(self, site: Site) -> list[Address]:
        return [
            a
            for a in (
                self.address(site, u)
                for u in SiteMapPage.objects.filter(
                    path__startswith=site.root_page.path, depth=3
                ).values_list("url_path", flat=True)
            )
            if a
        ]

    def whole_site(self, site: Site) -> list[Address]:
        url_paths = Page.objects.filter(descendants_q(site.root_page.path))
        addresses = [self.home(site)]
        for url_path in url_paths.values_list("url_path", flat=True):
            address = self.address(site, url_path)
            if address:
                addresses.append(address)
        return addresses


def _ancestor_paths(tree_path: str) -> list[str]:
    """Tree paths from the site home down to the parent of ``tree_path``."""
    step = Page.steplen
    return [tree_path[:end] for end in range(2 * step, len(tree_path), step)]


def _column_with_context(cluster: _Cluster, targets: Targets, tree_path: str):
    """A page at ``tree_path`` shows a change: it, its ancestors, the site map,
    the site home, and the homes of the sites above."""
    site = cluster.site_of(tree_path)
    if site is None:
        return
    paths = _ancestor_paths(tree_path) + [tree_path]
    for url_path in Page.objects.filter(path__in=paths).values_list(
        "url_path", flat=True
    ):
        address = cluster.address(site, url_path)
        if address:
            targets.add(address)
    targets.add(cluster.home(site))
    targets.update_from(cluster.site_maps(site))
    for pk in cluster.sites_above([site.pk]):
        targets.add(cluster.home(cluster.by_pk[pk]))


def site_profile(site: Site):
    return SiteProfile.objects.filter(site=site).only("mongolian_version").first()


def page_change(
    page: Page,
    *,
    subtree: bool,
    old_url_path: str | None = None,
    old_parent_path: str | None = None,
) -> Targets:
    """Addresses that show ``page``. ``subtree``: the pages below it change too
    (removed, moved, restricted). ``old_url_path``/``old_parent_path``: where a
    moved page was (its old addresses and old columns are rewritten as well)."""
    cluster = _Cluster()
    targets = Targets()
    site = cluster.site_of(page.path)
    descendants = []
    if subtree and page.pk:
        descendants = list(
            Page.objects.filter(descendants_q(page.path)).values_list("pk", "url_path")
        )
    locations = [(site, page.url_path)]
    if old_url_path and old_parent_path:
        locations.append((cluster.site_of(old_parent_path), old_url_path))
    for location_site, url_path in locations:
        if location_site is None:
            continue
        for own in [url_path] + [
            url_path + d_url[len(page.url_path) :] for _pk, d_url in descendants
        ]:
            address = cluster.address(location_site, own)
            if address:
                targets.add(address)
    if site is not None:
        _column_with_context(cluster, targets, page.path[: -Page.steplen])
        # 蒙古文版: the page's other language versions link to it (switcher,
        # hreflang), one query on a site that has a Mongolian version only.
        if getattr(site_profile(site), "mongolian_version", False):
            for url_path in (
                Page.objects.filter(translation_key=page.translation_key)
                .exclude(pk=page.pk)
                .values_list("url_path", flat=True)
            ):
                address = cluster.address(site, url_path)
                if address:
                    targets.add(address)
        if page.depth <= NAVIGATION_DEPTH:
            targets.update_from(cluster.whole_site(site), BULK)
    if old_parent_path:
        old_site = cluster.site_of(old_parent_path)
        _column_with_context(cluster, targets, old_parent_path)
        old_depth = len(old_parent_path) // Page.steplen + 1
        if old_site is not None and old_depth <= NAVIGATION_DEPTH:
            targets.update_from(cluster.whole_site(old_site), BULK)
    # 信息报送: the columns that list this page (or one below it) as accepted.
    article_ids = [page.pk] + [pk for pk, _ in descendants]
    for column_path in (
        Submission.objects.filter(
            article_id__in=article_ids, status=SubmissionStatus.ACCEPTED
        )
        .values_list("target_column__path", flat=True)
        .distinct()
    ):
        _column_with_context(cluster, targets, column_path)
    return targets


def page_only(page: Page) -> Targets:
    """Only the page itself changed what it shows (an approved comment)."""
    cluster = _Cluster()
    targets = Targets()
    site = cluster.site_of(page.path)
    address = cluster.address(site, page.url_path) if site else None
    if address:
        targets.add(address)
    return targets


def column_change(column: Page) -> Targets:
    """A column's list changed (an accepted 信息报送, a scheduled item due)."""
    cluster = _Cluster()
    targets = Targets()
    _column_with_context(cluster, targets, column.path)
    return targets


def _purge(cluster: _Cluster, site: Site) -> Address:
    return (site.hostname.lower(), site.port, PURGE_PATH)


def site_change(*sites: Site) -> Targets:
    """Every page of these sites, and the homes of the sites above them.

    A site's look changed (theme, footer, grey mode): its old files are moved
    away first, so that until each page is written again the application (and
    its page cache) answers with the new look instead of nginx serving the old
    one for as long as a large site takes to rewrite."""
    cluster = _Cluster()
    targets = Targets()
    for site in sites:
        site = cluster.by_pk.get(site.pk, site)
        targets.add(_purge(cluster, site), PURGE)
        targets.add(cluster.home(site))
        targets.update_from(cluster.whole_site(site), BULK)
    for pk in cluster.sites_above([s.pk for s in sites]):
        targets.add(cluster.home(cluster.by_pk[pk]))
    return targets


def cluster_change() -> Targets:
    cluster = _Cluster()
    targets = Targets()
    for site in cluster.sites:
        targets.add(_purge(cluster, site), PURGE)
        targets.add(cluster.home(site))
    for site in cluster.sites:
        targets.update_from(cluster.whole_site(site), BULK)
    return targets
