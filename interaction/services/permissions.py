"""Who may see and move letters, comments and interview questions.

A site's 信件办理 handlers work the letters of their site's mailboxes (受理、转办、
公开) and the letters routed to their site (办理、答复、回访); its 站点管理员
sees them too. The replies to a site's mailbox are reviewed (审核) before they
go out by the site's 审核 or 站点管理员 (``REVIEWER_ROLES``), never by the
clerk who wrote them; from the moment a reply is submitted the reviewers are
handlers of that case and read it in full, like the clerk. 监督员 and 集群管理员 (permission
``interaction.view_all_letters``) read every letter with personal data masked.
Comments and interview questions are moderated by the page's site's 信件办理,
审核 and 站点管理员.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from wagtail.models import Site

from sites.services.site_roles import SiteRole, site_roles

MODERATOR_ROLES = (SiteRole.LETTER_HANDLER, SiteRole.REVIEWER, SiteRole.SITE_ADMIN)
# Who reviews (审核) the replies to a site's mailbox before they go out.
REVIEWER_ROLES = (SiteRole.REVIEWER, SiteRole.SITE_ADMIN)


def site_ids_with_roles(user, roles) -> set[int]:
    """Sites on which ``user`` holds any of ``roles`` (one query per request)."""
    return site_roles.site_ids(user, roles)


def handler_site_ids(user) -> set[int]:
    if user.is_superuser:
        return set(Site.objects.values_list("pk", flat=True))
    return site_ids_with_roles(user, (SiteRole.LETTER_HANDLER,))


def viewer_site_ids(user) -> set[int]:
    return handler_site_ids(user) | site_ids_with_roles(user, (SiteRole.SITE_ADMIN,))


def reviewer_site_ids(user) -> set[int]:
    """Sites whose letter replies ``user`` reviews (审核)."""
    if user.is_superuser:
        return set(Site.objects.values_list("pk", flat=True))
    return site_ids_with_roles(user, REVIEWER_ROLES)


def reviews(user, letter) -> bool:
    """``user`` reviews this letter's reply: a reply was submitted to their site."""
    return (
        letter.replied_at is not None
        and letter.mailbox.site_id in reviewer_site_ids(user)
    )


def sees_every_letter(user) -> bool:
    return user.is_superuser or user.has_perm("interaction.view_all_letters")


def may_use_desk(user) -> bool:
    return (
        sees_every_letter(user)
        or bool(viewer_site_ids(user))
        or bool(reviewer_site_ids(user))
    )


def can_view(user, letter) -> bool:
    if sees_every_letter(user):
        return True
    sites = viewer_site_ids(user)
    return (
        letter.mailbox.site_id in sites
        or letter.handling_site_id in sites
        or reviews(user, letter)
    )


def sees_personal_data(user, letter) -> bool:
    """Only the handlers working the letter see the writer's data in full: the
    clerks of both sites and, once a reply is submitted, its reviewers."""
    sites = handler_site_ids(user)
    return (
        letter.mailbox.site_id in sites
        or letter.handling_site_id in sites
        or reviews(user, letter)
    )


def moderated_site_ids(user) -> set[int]:
    if user.is_superuser:
        return set(Site.objects.values_list("pk", flat=True))
    return site_ids_with_roles(user, MODERATOR_ROLES)


def handler_groups(site) -> list[Group]:
    return list(site_roles.groups(site, SiteRole.LETTER_HANDLER))
