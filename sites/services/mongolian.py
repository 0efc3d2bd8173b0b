"""蒙古文版: a site's traditional-Mongolian version (issue #21 item 2), as its pages
read it (sites/services/mongolian_version.py opens one).

A site that has one keeps a second tree of pages in Wagtail's ``mn`` locale: a
Mongolian home page at ``/mn/`` under the site's (Chinese) home, and below it
the translations of the Chinese columns and articles, each linked to its
Chinese original by Wagtail's ``translation_key``. Chinese pages keep their
URLs; a site without a Mongolian version is not touched at all.

The Mongolian home sits *under* the Chinese one (Wagtail's usual i18n layout
puts it beside it, under the tree root), so everything the cluster derives from
"the site's home subtree" holds for Mongolian pages unchanged: the site's role
groups, their permissions and the admin's isolation, the site's review workflow
(assigned on the home, so a translation goes through 审核 and 签发 like any
page), the page cache and static output keyed by site, search by site, the
supervision checks. Lists of the Chinese home and the portal filter on the
locale, so Mongolian items never show in Chinese lists.

Editors translate with Wagtail's ``simple_translation`` ("翻译" on a page): a
draft copy appears in the Mongolian tree, which they edit and submit for review.
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Page

MONGOLIAN = "mn"  # the Locale's language code (settings.WAGTAIL_CONTENT_LANGUAGES)
MONGOLIAN_TAG = "mn-Mong"  # BCP 47: Mongolian in the traditional script
CHINESE_TAG = "zh-Hans"
MONGOLIAN_SLUG = "mn"  # the Mongolian home's slug: its URL is /mn/


def is_mongolian(page: Page, site_home: Page | None) -> bool:
    """Whether ``page`` is in its site's Mongolian tree (no query: locales of a
    site are its home's and Mongolian)."""
    return site_home is not None and page.locale_id != site_home.locale_id


def language_versions(page: Page, request, site_home, profile) -> dict:
    """What the templates need for the page's language: the ``lang`` of the
    document, the hreflang alternates and the switcher's link. Sites without a
    Mongolian version: no query, the Chinese defaults."""
    mongolian = is_mongolian(page, site_home)
    info = {
        "lang": MONGOLIAN_TAG if mongolian else "zh-CN",
        "mongolian": mongolian,
        "alternates": [],
        "switch_url": "",
    }
    if not mongolian and not getattr(profile, "mongolian_version", False):
        return info
    # One query: the live versions of this page in either language and, to fall
    # back on, the Mongolian home (the one child of the site home in another
    # locale). The site home's own translation key is not read: the router
    # loads the home without it.
    if site_home is None:
        return info
    home_locale = site_home.locale_id
    versions = list(
        Page.objects.live()
        .filter(path__startswith=site_home.path)
        .filter(
            Q(translation_key=page.translation_key)
            | (Q(depth=site_home.depth + 1) & ~Q(locale_id=home_locale))
        )
        .only("pk", "path", "depth", "url_path", "translation_key", "locale_id")
    )
    own = {
        v.locale_id: v for v in versions if v.translation_key == page.translation_key
    }
    if page.live:
        own.setdefault(page.locale_id, page)
    for locale_id, version in sorted(own.items(), key=lambda i: i[0] != home_locale):
        tag = CHINESE_TAG if locale_id == home_locale else MONGOLIAN_TAG
        info["alternates"].append((tag, version.get_full_url(request)))
    other = next((lid for lid in own if lid != page.locale_id), None)
    if other is not None:
        info["switch_url"] = own[other].get_url(request)
    elif mongolian:
        info["switch_url"] = site_home.get_url(request) if site_home.live else ""
    else:
        homes = [v for v in versions if v.depth == site_home.depth + 1]
        if homes:
            info["switch_url"] = homes[0].get_url(request)
    return info
