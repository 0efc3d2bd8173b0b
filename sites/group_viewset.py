"""Wagtail's group admin, closed to privilege escalation (issue #14 item 1).

The permissions of the three administrators' groups are fixed in code
(``services/roles.py``): nobody edits or deletes them through the admin. Nor does
anyone edit the permissions of a group they belong to themselves — otherwise
安全管理员 could give its own group the audit log or personal data.
"""

from django.core.exceptions import PermissionDenied
from wagtail.users.views import groups as wagtail_groups

from .services.roles import SEPARATED_ADMINS


class GuardedGroupMixin:
    def dispatch(self, request, *args, **kwargs):
        group = self.get_object()
        user = request.user
        if not user.is_superuser and (
            group.name in SEPARATED_ADMINS or user.groups.filter(pk=group.pk).exists()
        ):
            raise PermissionDenied("三员分立：不能修改三员角色或自己所在角色的权限。")
        return super().dispatch(request, *args, **kwargs)


class EditView(GuardedGroupMixin, wagtail_groups.EditView):
    pass


class DeleteView(GuardedGroupMixin, wagtail_groups.DeleteView):
    pass


class GroupViewSet(wagtail_groups.GroupViewSet):
    edit_view_class = EditView
    delete_view_class = DeleteView
