"""Cluster-wide roles, and the 三员分立 rule for the three administrators.

A level-3 protected system (等保 2.0, REQUIREMENTS R75) separates accounts and
configuration (系统管理员), roles and permissions (安全管理员) and the audit log
(审计管理员): no account may hold two of them, and none of them edits content.
"""

from django.contrib.auth.models import Group, Permission

from ..models import SiteRole, SiteRoleGroup
from .provisioning import shared_collection
from .publishing import ensure_withdraw_permission

CLUSTER_ADMIN = "集群管理员"
SUPERVISOR = "监督员"
SYSTEM_ADMIN = "系统管理员"
SECURITY_ADMIN = "安全管理员"
AUDIT_ADMIN = "审计管理员"
SEPARATED_ADMINS = (SYSTEM_ADMIN, SECURITY_ADMIN, AUDIT_ADMIN)

ACCESS_ADMIN = ("wagtailadmin", "access_admin")
CLUSTER_ROLE_PERMISSIONS = {
    CLUSTER_ADMIN: [
        ACCESS_ADMIN,
        ("sites", "create_site"),
        # Renames a site or changes its hostname (设置 → 网站); new sites go
        # through create_site, so no add_site/delete_site.
        ("wagtailcore", "change_site"),
        ("sites", "change_siteprofile"),
        ("sites", "change_clustersettings"),
        ("sites", "add_calendaryear"),
        ("sites", "change_calendaryear"),
        ("sites", "delete_calendaryear"),
        # Each site's review steps are configurable (设置 → 工作流).
        ("wagtailcore", "add_workflow"),
        ("wagtailcore", "change_workflow"),
        ("wagtailcore", "add_task"),
        ("wagtailcore", "change_task"),
        ("disclosure", "view_all_applications"),
        ("disclosure", "view_all_annual_reports"),
        # 统一检索: the dictionary and synonyms of the whole cluster.
        ("search", "add_searchterm"),
        ("search", "change_searchterm"),
        ("search", "delete_searchterm"),
        ("search", "add_synonym"),
        ("search", "change_synonym"),
        ("search", "delete_synonym"),
        ("search", "add_suggestedsearch"),
        ("search", "change_suggestedsearch"),
        ("search", "delete_suggestedsearch"),
        ("disclosure", "manage_all_approvals"),
        ("interaction", "view_all_letters"),
        ("interaction", "change_mailbox"),
        # 紧急发布 outside the review workflow, with a typed reason (R76).
        ("sites", "emergency_publish"),
        # 错敏字词表 of the whole cluster (R78).
        ("sites", "add_proofterm"),
        ("sites", "change_proofterm"),
        ("sites", "delete_proofterm"),
        # Formerly the superuser's (no superuser in production, R75): redirects
        # across the cluster's hostnames.
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
    ],
    # Read-only across the cluster; the supervision views (issue #7) check this group.
    # Apps' permissions are named, not imported: absent apps simply grant nothing.
    SUPERVISOR: [
        ACCESS_ADMIN,
        ("sites", "view_auditevent"),
        ("disclosure", "view_all_applications"),
        ("disclosure", "view_all_annual_reports"),
        ("disclosure", "supervise_approvals"),
        ("interaction", "view_all_letters"),
    ],
    SYSTEM_ADMIN: [
        ACCESS_ADMIN,
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("sites", "change_clustersettings"),
        # Formerly the superuser's: hostnames and ports of the sites (站点配置).
        ("wagtailcore", "add_site"),
        ("wagtailcore", "change_site"),
        ("wagtailcore", "delete_site"),
    ],
    # Assigning roles goes through the user form, so it needs change_user too.
    SECURITY_ADMIN: [
        ACCESS_ADMIN,
        ("auth", "add_group"),
        ("auth", "change_group"),
        ("auth", "change_user"),
    ],
    # Reads the audit log and nothing else.
    AUDIT_ADMIN: [ACCESS_ADMIN, ("sites", "view_auditevent")],
}


def ensure_cluster_groups() -> dict[str, Group]:
    """Create the cluster-wide groups and give them their permissions (idempotent)."""
    from wagtail.models import Collection, GroupCollectionPermission

    # The per-site roles' 撤稿 permission, before any site is provisioned.
    ensure_withdraw_permission()
    groups = {}
    for name, wanted in CLUSTER_ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            perm
            for app_label, codename in wanted
            for perm in Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        ]
        group.permissions.add(*permissions)
        groups[name] = group
    # The cluster admin manages the shared media collection.
    if Collection.get_first_root_node() is not None:
        shared = shared_collection()
        for codename in ("add_image", "change_image", "choose_image", "delete_image",
                         "add_document", "change_document", "choose_document",
                         "delete_document"):  # fmt: skip
            for perm in Permission.objects.filter(codename=codename):
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[CLUSTER_ADMIN], collection=shared, permission=perm
                )
    return groups


# Per-site roles that read citizens' personal data (letters, applications).
PERSONAL_DATA_SITE_ROLES = (SiteRole.DISCLOSURE_HANDLER, SiteRole.LETTER_HANDLER)
# Cluster roles that read personal data or the audit log, or manage accounts and
# roles: granting them is for 安全管理员 only, and audited (issue #14 item 1).
PRIVILEGED_CLUSTER_ROLES = (CLUSTER_ADMIN, SUPERVISOR, *SEPARATED_ADMINS)


def privileged_role(group: Group | str) -> bool:
    """Whether holding ``group`` (or the group of that name) lets one read
    personal data or the audit log (or administer accounts and roles).

    Site roles are read from ``SiteRoleGroup``, never from the group's name.
    """
    name = group if isinstance(group, str) else group.name
    if name in PRIVILEGED_CLUSTER_ROLES:
        return True
    ties = SiteRoleGroup.objects.filter(role__in=PERSONAL_DATA_SITE_ROLES)
    if isinstance(group, str):
        return ties.filter(group__name=group).exists()
    return ties.filter(group=group).exists()


def is_administrator(user) -> bool:
    """One of the three administrators (or a superuser): their credentials are
    changed by nobody else through the admin."""
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=SEPARATED_ADMINS).exists()


def separation_error(group_names) -> str | None:
    """The Chinese refusal when ``group_names`` holds two of the three administrators."""
    names = set(group_names)
    held = [name for name in SEPARATED_ADMINS if name in names]
    if len(held) > 1:
        return (
            "三员分立：同一账号不能同时担任"
            + "、".join(held)
            + "。请为每个管理员角色使用不同的账号。"
        )
    return None
