"""Wagtail's user admin with the cluster's user forms."""

from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .user_forms import ClusterUserCreationForm, ClusterUserEditForm


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return ClusterUserEditForm if for_update else ClusterUserCreationForm
