"""Which group holds which role on which site (issue #19 item 1).

Site-role membership used to be read back from group *names*
(``<站名>·公开办理``), so renaming a site silently took every desk from its
handlers. The tie between a site, a role and its group is now a row written by
provisioning; names are only labels for people.
"""

from django.contrib.auth.models import Group
from django.db import models
from wagtail.models import Site


class SiteRole:
    """The per-site roles created with every site.

    信件办理 and 公开办理 answer the letters and disclosure applications routed to
    the site; the interaction and disclosure apps give them their permissions.
    内部人员 are the site's civil servants who may read its internal sections
    (内部栏目, issue #21 item 3); they never enter the admin.
    """

    EDITOR = "编辑"
    REVIEWER = "审核"
    SITE_ADMIN = "站点管理员"
    LETTER_HANDLER = "信件办理"
    DISCLOSURE_HANDLER = "公开办理"
    INTERNAL_READER = "内部人员"
    # The roles that work in the admin (they hold wagtailadmin.access_admin).
    ADMIN = (EDITOR, REVIEWER, SITE_ADMIN, LETTER_HANDLER, DISCLOSURE_HANDLER)
    ALL = (*ADMIN, INTERNAL_READER)
    CONTENT = (EDITOR, REVIEWER, SITE_ADMIN)
    CHOICES = [(role, role) for role in ALL]


class SiteRoleGroup(models.Model):
    """The group that holds ``role`` on ``site``; one group per site and role."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="role_groups", verbose_name="网站"
    )
    role = models.CharField("角色", max_length=20, choices=SiteRole.CHOICES)
    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="site_role", verbose_name="用户组"
    )

    class Meta:
        verbose_name = "站点角色"
        verbose_name_plural = "站点角色"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "role"], name="one_group_per_site_role"
            )
        ]

    def __str__(self):
        return f"{self.site_id}·{self.role}"
