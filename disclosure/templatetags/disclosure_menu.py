"""The 政府信息公开 side menu: one list on every page of the section — the
column's own sub-columns, then the 公开目录, 双公示 and 依申请公开 that the apps
serve — so a visitor sees the same menu on /xxgk/, /xxgk/gkml/ or /xxgk/sgs/
(issue 18)."""

from django import template
from wagtail.models import Site

from disclosure.guide.services import DISCLOSURE_COLUMN_SLUG
from sites.models import ColumnPage
from sites.services.public_entrances import ENTRANCES
from sites.services.tree import children_q, public_q

register = template.Library()
APP_LINKS = ("/xxgk/gkml/", "/xxgk/sgs/", "/xxgk/ysqgk/")


@register.filter
def in_disclosure_section(path) -> bool:
    return str(path or "").startswith(f"/{DISCLOSURE_COLUMN_SLUG}/")


@register.inclusion_tag("disclosure/includes/side_menu.html", takes_context=True)
def disclosure_side_menu(context):
    """The menu: {"title", "url", "links": [(title, url, current)]}, or None on
    a site without the column."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    column = site and (
        ColumnPage.objects.filter(
            children_q(site.root_page), slug=DISCLOSURE_COLUMN_SLUG
        )
        .live()
        .first()
    )
    if not column:
        return {"menu": None}
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
    here = max(
        (url for _, url in links if request.path.startswith(url)), key=len, default=None
    )
    return {
        "menu": {
            "title": column.title,
            "url": "/" + column.url_path[len(prefix) :],
            "links": [(title, url, url == here) for title, url in links],
        }
    }
