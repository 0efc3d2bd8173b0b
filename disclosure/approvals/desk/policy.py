"""Who may act on which site's approval records, on the core's site policy.

* 站点管理员 (``site_roles``) manage imports, tokens and decisions of their own
  sites and watch their signals;
* 集群管理员 (``manage_all_approvals``) do so for every site;
* 监督员 (``supervise_approvals``) watch every site's signals and alone dispose
  of red alerts.

Every desk view scopes its queryset with the policy, so a record of another
site is neither listed nor found (404).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from wagtail.permissions import register_permission_policy

from sites.desk_viewsets import OwnSitesOnly, SiteScopedPolicy
from sites.services.site_roles import SiteRole, site_roles

from ...models import ApprovalCase, Decision, ImportToken, SupervisionAlert

MANAGE_ALL = "disclosure.manage_all_approvals"
SUPERVISE = "disclosure.supervise_approvals"
# What each action asks of the user: to watch signals, to manage a site's data,
# or to dispose of a red alert.
WATCH, MANAGE, DISPOSE = "watch", "manage", "dispose"


def is_supervisor(user) -> bool:
    return user.is_superuser or user.has_perm(SUPERVISE)


class SitePolicy(SiteScopedPolicy):
    """Actions of one model mapped to WATCH, MANAGE or DISPOSE; unmapped actions
    (deleting, adding alerts …) are nobody's."""

    per_action = True

    def __init__(self, model, needs: dict[str, str]):
        super().__init__(model)
        self.needs = needs

    def sites_for(self, user, action) -> set[int] | None:
        need = self.needs.get(action)
        if need is None:
            return set()
        if need == DISPOSE or (need == WATCH and is_supervisor(user)):
            return None if is_supervisor(user) else set()
        if user.is_superuser or user.has_perm(MANAGE_ALL):
            return None
        return site_roles.site_ids(user, SiteRole.SITE_ADMIN)

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


class ScopedMixin(OwnSitesOnly):
    """Another site's approval record is not found (404)."""

    scope_action = "view"
    other_site = Http404
