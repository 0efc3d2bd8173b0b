"""Wagtail's user admin with the cluster's user forms."""

from wagtail.users.views import users as wagtail_users

from .audit import record
from .services.roles import privileged_role
from .user_forms import ClusterUserCreationForm, ClusterUserEditForm


class ForUserMixin:
    """Hand the requesting user to the form, which decides what they may change,
    and audit every role granted or revoked (issue #14 item 1)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}

    def save_instance(self):
        granted, revoked = self.form.role_changes()
        instance = super().save_instance()
        for action, names in (("cluster.role_grant", granted),
                              ("cluster.role_revoke", revoked)):  # fmt: skip
            for name in names:
                record(
                    action,
                    user=self.request.user,
                    obj=instance,
                    request=self.request,
                    group=name,
                    privileged=privileged_role(name),
                )
        return instance


class CreateView(ForUserMixin, wagtail_users.CreateView):
    pass


class EditView(ForUserMixin, wagtail_users.EditView):
    pass


class UserViewSet(wagtail_users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView

    def get_form_class(self, for_update=False):
        return ClusterUserEditForm if for_update else ClusterUserCreationForm
