"""Template tags the standard theme uses to render navigation and the footer."""

from urllib.parse import urlencode

from django import template

from ..services.navigation import breadcrumb, site_menu

register = template.Library()

JIUCUO_URL = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html"


@register.simple_tag(takes_context=True)
def main_menu(context, home_page):
    if home_page is None:
        return []
    request = context.get("request")
    return site_menu(home_page, getattr(request, "_wagtail_site", None))


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
