"""Opening a site's 蒙古文版: the Mongolian home and the translate permission
(what a Mongolian page is, and how it reads: sites/services/mongolian.py)."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db import transaction
from wagtail.models import Locale, Page, Site

from ..models import HomePage, SiteProfile
from ..models.roles import SiteRole, SiteRoleGroup
from .mongolian import MONGOLIAN, MONGOLIAN_SLUG


class MongolianVersionError(Exception):
    """A site cannot get a Mongolian version (message in Chinese)."""


def mongolian_locale() -> Locale:
    locale, _ = Locale.objects.get_or_create(language_code=MONGOLIAN)
    return locale


def mongolian_home(home: Page):
    """The Mongolian home page under the site home ``home``, or None."""
    return (
        HomePage.objects.filter(
            path__startswith=home.path,
            depth=home.depth + 1,
            locale__language_code=MONGOLIAN,
        )
        .order_by("path")
        .first()
    )


@transaction.atomic
def enable_mongolian(site: Site, *, title: str = "") -> Page:
    """Give ``site`` a Mongolian version: the Mongolian home (a draft copy of the
    site's home, in the ``mn`` locale, at /mn/) and the translate permission for
    the site's content roles. Idempotent: returns the existing home if any."""
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise MongolianVersionError("该网站的根页面不是标准首页，不能开设蒙古文版。")
    existing = mongolian_home(home)
    if existing is None:
        if home.get_children().filter(slug=MONGOLIAN_SLUG).exists():
            raise MongolianVersionError(
                "首页下已有地址为 mn 的页面，请先修改其地址再开设蒙古文版。"
            )
        locale = mongolian_locale()
        existing = home.copy(
            to=home,
            update_attrs={
                "locale": locale,
                "slug": MONGOLIAN_SLUG,
                "title": title or home.title,
                "seo_title": "",
                "show_in_menus": False,
                # The Chinese layout points at Chinese columns: the Mongolian home
                # lists its own columns instead (home_context without a layout).
                "layout": [],
                "body": [],
                "introduction": "",
            },
            copy_revisions=False,
            keep_live=False,
            reset_translation_key=False,
            log_action="wagtail.copy_for_translation",
        )
    submit = Permission.objects.get(
        content_type__app_label="simple_translation", codename="submit_translation"
    )
    for tie in SiteRoleGroup.objects.filter(
        site=site, role__in=SiteRole.CONTENT
    ).select_related("group"):
        tie.group.permissions.add(submit)
    SiteProfile.objects.filter(site=site).update(mongolian_version=True)
    return existing
