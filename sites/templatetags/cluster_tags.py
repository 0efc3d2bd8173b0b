"""Template tags the standard theme uses to render navigation and the footer."""

import re
from urllib.parse import urlencode

from django import template

from ..models import SiteProfile
from ..services import page_head
from ..services.navigation import breadcrumb, site_menu
from ..site_lookup import per_generation

register = template.Library()

JIUCUO_URL = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html"


@register.simple_tag(takes_context=True)
def main_menu(context, home_page):
    if home_page is None:
        return []
    request = context.get("request")
    return site_menu(home_page, getattr(request, "_wagtail_site", None), request)


@register.filter
def site_title(text, site_name):
    """Each part of a <title> once, the site's name last (issue 18)."""
    return page_head.page_title(str(text), site_name or "")


@register.filter
def book_title(title):
    """《title》, once: a title already in 书名号 is not wrapped again."""
    title = str(title or "").strip()
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        return title
    return f"《{title}》"


@register.simple_tag(takes_context=True)
def page_description(context):
    return page_head.page_description(context.get("page"), context.get("profile"))


@register.simple_tag
def breadcrumb_pages(page):
    return breadcrumb(page)


@register.simple_tag(takes_context=True)
def jiucuo_url(context, profile):
    """The "我为政府网站找错" entry of the national platform for this site (R5)."""
    request = context.get("request")
    # The path only: query strings may carry look-up codes and would make every
    # query a different (uncacheable) page.
    url = request.build_absolute_uri(request.path) if request is not None else ""
    return f"{JIUCUO_URL}?{urlencode({'site_code': profile.code or '', 'url': url})}"


@register.simple_tag
def psb_query_url(profile):
    """beian.gov.cn look-up of this site's 公安备案 record (R4)."""
    code = profile.psb_record_code
    return f"http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={code}"


@register.filter
def pubdate(value):
    """``YYYY-MM-DD HH:MM`` in the cluster's time zone, as the PubDate meta tag wants (R8)."""
    from django.utils import timezone

    if not value:
        return ""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, or an empty string."""
    return mapping.get(key, "") if mapping else ""


# Lists show two dates per item; Django's ``date`` filter costs ~30 µs a call
# (format look-ups and a formatter object each time), which made dates the
# largest part of a list's rendering. These give the same text as
# ``|date:'c'`` and ``|date:"Y-m-d"`` (the value arrives in local time:
# ``expects_localtime``).
@register.filter(expects_localtime=True)
def iso_datetime(value):
    """``value|date:'c'``: ISO 8601 with the UTC offset."""
    return value.isoformat() if value not in (None, "") else ""


@register.filter(expects_localtime=True)
def ymd(value):
    """``value|date:"Y-m-d"``."""
    if value in (None, ""):
        return ""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


@register.simple_tag(takes_context=True)
def block_href(context, value):
    """The address a home block's link points to: its chosen page, else its URL."""
    page = value.get("page")
    if page is not None and page.live:
        return page.get_url(context.get("request")) or "#"
    return value.get("url") or "#"


@register.filter
def seal_text(site_name):
    """The short name a default logo's seal shows: the site name without its
    region prefix and the generic 人民政府 (北疆市教育局 → 教育局)."""
    name = (site_name or "").replace("人民政府", "政府")
    for mark in ("市", "旗", "县", "区", "盟"):
        head, sep, rest = name.partition(mark)
        if sep and rest == "政府":
            return f"{head[:2]}政府"  # 北疆市人民政府 → 北疆政府
        if sep and len(rest) >= 2:
            return rest[:4]
    return name[:4]


@register.simple_tag(takes_context=True)
def upper_sites(context, profile):
    """The sites above this one (its parent and the parent's parent), nearest
    first, for the 返回上级网站 links every member site shows: one query per
    site generation in each process, none on a site without a parent (the
    portal)."""
    if profile is None or not profile.parent_id:
        return []

    def read():
        parent = (
            SiteProfile.objects.select_related("site", "parent__site")
            .filter(pk=profile.parent_id)
            .first()
        )
        chain = [p for p in (parent, parent and parent.parent) if p is not None]
        return tuple((p.site.site_name, p.site.root_url) for p in chain)

    request = context.get("request")
    if getattr(request, "_wagtail_site", None) is None or (
        request._wagtail_site.pk != profile.site_id
    ):
        return list(read())
    return list(per_generation(request, f"upper-sites:{profile.parent_id}", read))


_MONGOLIAN_LETTER = re.compile("[\u1820-\u18aa]")


@register.filter
def is_mongolian(text) -> bool:
    """Whether ``text`` holds traditional-Mongolian letters (蒙古文版 titles in
    search results get ``lang="mn-Mong"`` and so the Mongolian font)."""
    return bool(_MONGOLIAN_LETTER.search(str(text or "")))
