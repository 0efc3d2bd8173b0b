"""Who may see and move 依申请公开 cases.

公开办理 (the site's disclosure handlers) work the cases of their own site; the
site's 站点管理员 (head of the disclosure office) sees them and approves
extensions (Art. 33); the site's 审核 and 站点管理员 review and sign off (签发)
the clerks' reply drafts, never their own, seeing the case with personal data
masked; 监督员 and 集群管理员 read every case masked. Nobody else sees a case.
"""

from django.contrib.auth.models import Group
from wagtail.models import Site

from sites.services.site_roles import SiteRole, site_roles


def _site_ids_with_role(user, role: str) -> set[int]:
    return site_roles.site_ids(user, role)


def handled_site_ids(user) -> set[int]:
    return _site_ids_with_role(user, SiteRole.DISCLOSURE_HANDLER) | _site_ids_with_role(
        user, SiteRole.SITE_ADMIN
    )


def reviewed_site_ids(user) -> set[int]:
    """Sites whose reply drafts ``user`` reviews and signs off (审核签发)."""
    return _site_ids_with_role(user, (SiteRole.REVIEWER, SiteRole.SITE_ADMIN))


def visible_site_ids(user) -> set[int]:
    return handled_site_ids(user) | reviewed_site_ids(user)


def entry_site_ids(user) -> set[int]:
    """Sites whose handlers may register a paper or oral application."""
    if user.is_superuser:
        return set(Site.objects.values_list("pk", flat=True))
    return _site_ids_with_role(user, SiteRole.DISCLOSURE_HANDLER)


def sees_every_application(user) -> bool:
    return user.is_superuser or user.has_perm("disclosure.view_all_applications")


def can_handle(user, application) -> bool:
    """Move the case (登记、审核、办理、答复、归档) and see the applicant's data in full."""
    return user.is_superuser or application.site_id in _site_ids_with_role(
        user, SiteRole.DISCLOSURE_HANDLER
    )


def can_approve_extension(user, application) -> bool:
    return user.is_superuser or application.site_id in _site_ids_with_role(
        user, SiteRole.SITE_ADMIN
    )


def can_sign_off(user, application) -> bool:
    """Review and 签发 the case's reply draft (the draft's author never: see
    ``reply_review``)."""
    return user.is_superuser or application.site_id in reviewed_site_ids(user)


def can_view(user, application) -> bool:
    return sees_every_application(user) or application.site_id in visible_site_ids(user)


def handler_groups(site: Site) -> list[Group]:
    return list(site_roles.groups(site, SiteRole.DISCLOSURE_HANDLER))
