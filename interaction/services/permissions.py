"""Who may see and move letters, comments and interview questions.

A site's 信件办理 handlers work the letters of their site's mailboxes (受理、转办、
审核、公开) and the letters routed to their site (办理、答复、回访); its
站点管理员 sees them too. 监督员 and 集群管理员 (permission
``interaction.view_all_letters``) read every letter with personal data masked.
Comments and interview questions are moderated by the page's site's 信件办理,
审核 and 站点管理员.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from wagtail.models import Site

from sites.services.site_roles import SiteRole, site_roles

MODERATOR_ROLES = (SiteRole.LETTER_HANDLER, SiteRole.REVIEWER, SiteRole.SITE_ADMIN)


def site_ids_with_roles(user, roles) -> set[int]:
    """Sites on which ``user`` holds any of ``roles`` (one query per request)."""
    return site_roles.site_ids(user, roles)


def handler_site_ids(user) -> set[int]:
    if user.is_superuser:
        return set(Site.objects.values_list("pk", flat=True))
    return site_ids_with_roles(user, (SiteRole.LETTER_HANDLER,))


def viewer_site_ids(user) -> set[int]:
    return handler_site_ids(user) | site_ids_with_roles(user, (SiteRole.SITE_ADMIN,))


def sees_every_letter(user) -> bool:
    return user.is_superuser or user.has_perm("interaction.view_all_letters")


def may_use_desk(user) -> bool:
    return sees_every_letter(user) or bool(viewer_site_ids(user))


def can_view(user, letter) -> bool:
    if sees_every_letter(user):
        return True
    sites = viewer_site_ids(user)
    return letter.mailbox.site_id in sites or letter.handling_site_id in sites


def sees_personal_data(user, letter) -> bool:
    """Only the handlers working the letter see the writer's data in full."""
    sites = handler_site_ids(user)
    return letter.mailbox.site_id in sites or letter.handling_site_id in sites


def moderated_site_ids(user) -> set[int]:
    if user.is_superuser:
        return set(Site.objects.values_list("pk", flat=True))
    return site_ids_with_roles(user, MODERATOR_ROLES)


def handler_groups(site) -> list[Group]:
    return list(site_roles.groups(site, SiteRole.LETTER_HANDLER))
