"""Cluster-wide roles (issue #2 creates the cluster admin; #3 adds the others)."""

from django.contrib.auth.models import Group, Permission

CLUSTER_ADMIN = "集群管理员"

CLUSTER_ADMIN_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("sites", "create_site"),
    ("sites", "change_siteprofile"),
    ("sites", "change_clustersettings"),
    ("sites", "add_calendaryear"),
    ("sites", "change_calendaryear"),
    ("sites", "delete_calendaryear"),
]


def ensure_cluster_groups() -> dict[str, Group]:
    """Create the cluster-wide groups and give them their permissions (idempotent)."""
    group, _ = Group.objects.get_or_create(name=CLUSTER_ADMIN)
    wanted = [
        perm
        for app_label, codename in CLUSTER_ADMIN_PERMISSIONS
        for perm in Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )
    ]
    group.permissions.add(*wanted)
    return {CLUSTER_ADMIN: group}
