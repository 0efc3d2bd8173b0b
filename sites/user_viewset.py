"""Wagtail's user admin with the cluster's user forms."""

from wagtail.users.views import users as wagtail_users

from .user_forms import ClusterUserCreationForm, ClusterUserEditForm


class ForUserMixin:
    """Hand the requesting user to the form, which decides what they may change."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class CreateView(ForUserMixin, wagtail_users.CreateView):
    pass


class EditView(ForUserMixin, wagtail_users.EditView):
    pass


class UserViewSet(wagtail_users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView

    def get_form_class(self, for_update=False):
        return ClusterUserEditForm if for_update else ClusterUserCreationForm
