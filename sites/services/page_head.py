"""What a public page says about itself in <head>: a title that names the site
once, and a meta description on every page (issue 18)."""

from __future__ import annotations

from django.utils.html import strip_tags
from django.utils.text import Truncator

from ..streamfield_text import streamfield_text

DESCRIPTION_CHARS = 120
SEPARATOR = " - "


def page_title(text: str, site_name: str) -> str:
    """``text`` ("领导信箱 - 北疆市人民政府 - 北疆市人民政府") with each part once
    and the site's name last: "领导信箱 - 北疆市人民政府"."""
    parts: list[str] = []
    for part in (p.strip() for p in (text or "").split(SEPARATOR.strip())):
        if part and part not in parts:
            parts.append(part)
    if site_name:
        if site_name in parts:
            parts.remove(site_name)
        parts.append(site_name)
    return SEPARATOR.join(parts)


def _one_line(text: str) -> str:
    return Truncator(" ".join(strip_tags(text or "").split())).chars(DESCRIPTION_CHARS)


def site_description(profile) -> str:
    """The home's description from the site's profile."""
    site = getattr(profile, "site", None)
    name = site.site_name if site else ""
    sponsor = getattr(profile, "sponsor", "") or name
    return (
        f"{name}官方网站，由{sponsor}主办，发布政务信息、政府信息公开、"
        "政务服务和互动交流内容。"
    )


def page_description(page, profile) -> str:
    """Home: its introduction or the profile; article: its summary or its first
    text; column: its description; else the page's search description, else
    the site's own line."""
    text = ""
    if page is not None:
        page = page.specific  # no query when it already is
        if type(page).__name__ == "HomePage":
            text = page.introduction
        text = text or getattr(page, "summary", "") or page.search_description
        if not text and hasattr(page, "subtitle"):  # an article
            text = streamfield_text(getattr(page, "body", None))
        if not text and getattr(page, "description", ""):
            text = page.description
        if not text and page.depth > 2 and profile is not None:
            text = f"{profile.site.site_name}{page.title}栏目"
    return _one_line(text) or _one_line(site_description(profile))
