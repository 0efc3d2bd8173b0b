"""A desk over site-owned records, as a Wagtail viewset (issue 19).

Which sites a user may act on is the desk's own rule, a function
``site_ids(user) -> set[int] | None`` built on ``sites.services.site_roles``
(``None`` means every site: superusers and cluster-wide roles). The permission
policy turns that rule into Wagtail's terms, so the list, the forms, the object
views and the menu item all ask the same question.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Site
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import policy_registry

SiteIds = Callable[[object], "set[int] | None"]


class SiteScopedPolicy(BasePermissionPolicy):
    """Every action on a row is allowed to the users whose ``site_ids`` holds the
    row's site (``site_field`` names the row's site foreign key)."""

    def __init__(self, model, site_ids: SiteIds, site_field: str = "site"):
        super().__init__(model)
        self._site_ids = site_ids
        self.site_field = site_field

    def site_ids(self, user) -> set[int] | None:
        # Asked several times a request (menu, list, buttons): once per user object.
        memo = user.__dict__.setdefault("_desk_site_ids", {})
        if self not in memo:
            active = getattr(user, "is_authenticated", False) and user.is_active
            memo[self] = self._site_ids(user) if active else set()
        return memo[self]

    def user_has_permission(self, user, action):
        ids = self.site_ids(user)
        return ids is None or bool(ids)

    def user_has_permission_for_instance(self, user, action, instance):
        ids = self.site_ids(user)
        return ids is None or getattr(instance, f"{self.site_field}_id") in ids

    def instances_user_has_any_permission_for(self, user, actions):
        ids = self.site_ids(user)
        rows = self.model._default_manager.all()
        return rows if ids is None else rows.filter(**{f"{self.site_field}__in": ids})

    def users_with_any_permission(self, actions):
        # Superusers and the members of any site-role group; the per-user rule
        # above is the exact answer.
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__site_role__isnull=False))
            .distinct()
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        site_id = getattr(instance, f"{self.site_field}_id")
        return self.users_with_any_permission(actions).filter(
            Q(is_superuser=True) | Q(groups__site_role__site_id=site_id)
        )


class SiteScopedForm(WagtailAdminModelForm):
    """The ``site`` field offers the user's own sites only."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("site")
        if field is None:
            return
        policy = policy_registry.get_by_type(self._meta.model)
        ids = policy.site_ids(for_user) if for_user is not None else set()
        sites = Site.objects.order_by("pk")
        field.queryset = sites if ids is None else sites.filter(pk__in=ids)
        field.label_from_instance = lambda site: site.site_name


class OwnSitesOnly:
    """Object views: another site's row is refused before anything of it shows."""

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", instance
        ):
            raise PermissionDenied
        return instance


class SiteScopedIndexView(generic.IndexView):
    """The list holds the user's sites' rows only (the export too)."""

    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change"]
        )


class SiteScopedViewSet(ModelViewSet):
    index_view_class = SiteScopedIndexView


def moved(url_name: str, *, keep_query: bool = True, **fixed):
    """A view answering an old, bookmarkable admin address with a permanent
    redirect to where the desk lives now (``fixed`` and the path's own
    arguments fill the new address)."""

    def view(request, **kwargs):
        url = reverse(url_name, kwargs={**kwargs, **fixed} or None)
        query = request.META.get("QUERY_STRING", "")
        return redirect(
            f"{url}?{query}" if keep_query and query else url, permanent=True
        )

    return view
