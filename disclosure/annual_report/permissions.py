"""Who may see and work on annual reports.

A site's 编辑, 审核 and 站点管理员 generate, edit and publish (or submit for
review) their own site's reports; 监督员 and 集群管理员 read every site's
reports and download them, read-only. Nobody else sees them.
"""

from wagtail.models import Site

from sites.services.site_roles import SiteRole, site_roles

REPORT_ROLES = (SiteRole.EDITOR, SiteRole.REVIEWER, SiteRole.SITE_ADMIN)


def report_site_ids(user) -> set[int]:
    """Sites whose reports ``user`` works on (every site for a superuser)."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Site.objects.values_list("pk", flat=True))
    return site_roles.site_ids(user, REPORT_ROLES)


def sees_every_report(user) -> bool:
    return user.is_superuser or user.has_perm("disclosure.view_all_annual_reports")


def report_sites_seen(user) -> set[int] | None:
    """Sites whose reports ``user`` reads; ``None`` means every site."""
    if not user.is_authenticated:
        return set()
    return None if sees_every_report(user) else report_site_ids(user)


def may_use_reports(user) -> bool:
    return report_sites_seen(user) != set()


def can_edit_report(user, site_id: int) -> bool:
    return site_id in report_site_ids(user)


def can_view_report(user, site_id: int) -> bool:
    return sees_every_report(user) or can_edit_report(user, site_id)
