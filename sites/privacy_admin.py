"""公开范围 (page privacy) limited to the page's own site.

Wagtail's privacy form offers every group of the installation: a site admin
could open a section to another site's staff, or see every site's group names.
Here the group choice is the page's own site's 内部人员 group (issue #21 item
3); a group restriction already naming other groups keeps them, so saving the
form never silently drops what another administrator chose.
"""

from django.contrib.auth.models import Group
from wagtail.admin.views.page_privacy import SetPrivacyView

from .models.roles import SiteRole
from .services.site_roles import site_roles
from .services.tree import site_for_path


class SitePrivacyView(SetPrivacyView):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        site = site_for_path(self.page.path)
        allowed = (
            site_roles.groups(site, SiteRole.INTERNAL_READER)
            if site
            else Group.objects.none()
        )
        if self.restriction is not None:
            allowed = allowed | Group.objects.filter(
                pk__in=self.restriction.groups.values("pk")
            )
        form.fields["groups"].queryset = allowed.distinct().order_by("name")
        form.fields["groups"].help_text = "内部栏目仅对所选用户组的已登录人员开放。"
        return form
