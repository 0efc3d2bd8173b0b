"""The 政府信息公开 side menu: one list on every page of the section — the
column's own sub-columns, then the 公开目录, 双公示 and 依申请公开 that the apps
serve — so a visitor sees the same menu on /xxgk/, /xxgk/gkml/ or /xxgk/sgs/
(issue 18)."""

from __future__ import annotations

from disclosure.guide.services import DISCLOSURE_COLUMN_SLUG
from sites.models import ColumnPage
from sites.services.public_entrances import ENTRANCES
from sites.services.tree import children_q, public_q

SECTION = f"/{DISCLOSURE_COLUMN_SLUG}/"
APP_LINKS = ("/xxgk/gkml/", "/xxgk/sgs/", "/xxgk/ysqgk/")


def in_section(path: str) -> bool:
    return (path or "").startswith(SECTION)


def menu(site, current_path: str) -> dict | None:
    """{"title", "url", "links": [(title, url, current)]} or None without a column."""
    if site is None:
        return None
    column = (
        ColumnPage.objects.filter(
            children_q(site.root_page), slug=DISCLOSURE_COLUMN_SLUG
        )
        .live()
        .first()
    )
    if column is None:
        return None
    prefix = site.root_page.url_path
    links = [
        (sub.title, "/" + sub.url_path[len(prefix) :])
        for sub in ColumnPage.objects.filter(children_q(column))
        .live()
        .filter(public_q())
        .in_menu()
        .only("title", "url_path")
    ]
    known = {url for _, url in links}
    links += [
        (e.title, e.path)
        for e in ENTRANCES
        if e.path in APP_LINKS and e.path not in known
    ]
    # The entry the visitor is in: the longest link that heads the current path.
    here = max((url for _, url in links if current_path.startswith(url)), key=len,
               default=None)  # fmt: skip
    return {
        "title": column.title,
        "url": "/" + column.url_path[len(prefix) :],
        "links": [(title, url, url == here) for title, url in links],
    }
