"""Who may act on which site's approval records, as one Wagtail permission policy.

* 站点管理员 (``site_roles``) manage imports, tokens and decisions of their own
  sites and watch their signals;
* 集群管理员 (``manage_all_approvals``) do so for every site;
* 监督员 (``supervise_approvals``) watch every site's signals and alone dispose
  of red alerts.

Every desk view scopes its queryset with :meth:`SitePolicy.site_ids`, so a
record of another site is neither listed nor found (404).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.shortcuts import get_object_or_404
from wagtail.models import Site
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from sites.services.site_roles import SiteRole, site_roles

from ...models import ApprovalCase, Decision, ImportToken, SupervisionAlert

MANAGE_ALL = "disclosure.manage_all_approvals"
SUPERVISE = "disclosure.supervise_approvals"
# What each action asks of the user: to watch signals, to manage a site's data,
# or to dispose of a red alert.
WATCH, MANAGE, DISPOSE = "watch", "manage", "dispose"


def is_supervisor(user) -> bool:
    return user.is_superuser or user.has_perm(SUPERVISE)


def managed_site_ids(user) -> set[int] | None:
    """Sites whose data ``user`` manages; ``None`` means every site."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser or user.has_perm(MANAGE_ALL):
        return None
    return site_roles.site_ids(user, SiteRole.SITE_ADMIN)


def site_ids_for(user, need: str | None) -> set[int] | None:
    if need is None or not user.is_authenticated:
        return set()
    if need == DISPOSE:
        return None if is_supervisor(user) else set()
    if need == WATCH and is_supervisor(user):
        return None
    return managed_site_ids(user)


class SitePolicy(BasePermissionPolicy):
    """Actions of one model mapped to WATCH, MANAGE or DISPOSE; unmapped actions
    (deleting, adding alerts …) are nobody's."""

    def __init__(self, model, needs: dict[str, str]):
        super().__init__(model)
        self.needs = needs

    def site_ids(self, user, action) -> set[int] | None:
        return site_ids_for(user, self.needs.get(action))

    def user_has_permission(self, user, action):
        ids = self.site_ids(user, action)
        return ids is None or bool(ids)

    def user_has_permission_for_instance(self, user, action, instance):
        ids = self.site_ids(user, action)
        return ids is None or instance.site_id in ids

    def instances_user_has_any_permission_for(self, user, actions):
        found: set[int] = set()
        for action in actions:
            ids = self.site_ids(user, action)
            if ids is None:
                return self.model._default_manager.all()
            found |= ids
        return self.model._default_manager.filter(site_id__in=found)

    def _holders(self, actions, site_id=None):
        needs = {self.needs.get(action) for action in actions}
        perms = [MANAGE_ALL] + ([SUPERVISE] if needs & {WATCH, DISPOSE} else [])
        holders = Q(is_superuser=True) | Q(
            groups__permissions__codename__in=[p.split(".")[1] for p in perms]
        )
        if needs & {WATCH, MANAGE}:
            admins = Q(groups__site_role__role=SiteRole.SITE_ADMIN)
            if site_id is not None:
                admins &= Q(groups__site_role__site_id=site_id)
            holders |= admins
        return get_user_model().objects.filter(holders, is_active=True).distinct()

    def users_with_any_permission(self, actions):
        return self._holders(actions)

    def users_with_any_permission_for_instance(self, actions, instance):
        return self._holders(actions, instance.site_id)


alert_policy = SitePolicy(SupervisionAlert, {"view": WATCH, DISPOSE: DISPOSE})
case_policy = SitePolicy(ApprovalCase, {"view": WATCH, "add": MANAGE})
decision_policy = SitePolicy(Decision, {"view": MANAGE, "change": MANAGE})
token_policy = SitePolicy(
    ImportToken, {"view": MANAGE, "add": MANAGE, "revoke": MANAGE}
)
for _policy in (alert_policy, case_policy, decision_policy, token_policy):
    register_permission_policy(_policy.model, _policy)


def access(user) -> tuple[bool, bool]:
    """(may watch, may manage): the menu's two questions, one role look-up."""
    return (
        alert_policy.user_has_permission(user, "view"),
        decision_policy.user_has_permission(user, "view"),
    )


class PolicyOnly:
    """Viewsets answering to the site policy alone offer no model permissions in
    the group editor: ticking them would grant nothing."""

    def get_permissions_to_register(self):
        return Permission.objects.none()


class ScopedMixin:
    """Generic views: only the records of the sites the user may act on; another
    site's record is not found (404)."""

    def scoped(self, action="view"):
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, [action]
        )

    def get_base_queryset(self):
        return self.scoped()

    def get_object(self, queryset=None):
        return get_object_or_404(self.scoped(), pk=self.kwargs["pk"])


class SiteField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.site_name


class SiteFilter(django_filters.ModelChoiceFilter):
    """部门: the sites the user may see; left out when that is one site."""

    field_class = SiteField

    @classmethod
    def limit(cls, filterset, ids: set[int] | None) -> None:
        if ids is not None and len(ids) <= 1:
            del filterset.filters["site"]
            return
        sites = Site.objects.order_by("pk")
        filterset.filters["site"].queryset = (
            sites if ids is None else sites.filter(pk__in=ids)
        )
