"""Who may act on which site's approval records, on the core's site policy, and
the pieces every 审批公示 desk shares.

* 站点管理员 (``site_roles``) manage imports, tokens and decisions of their own
  sites and watch their signals;
* 集群管理员 (``manage_all_approvals``) do so for every site;
* 监督员 (``supervise_approvals``) watch every site's signals and alone dispose
  of red alerts.

Every desk view scopes its queryset with the policy, so a record of another
site is neither listed nor found (404).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.permissions import policy_registry, register_permission_policy

from sites import audit
from sites.desk_viewsets import OwnSitesOnly, SiteFilter, SiteScopedPolicy
from sites.services.site_roles import SiteRole, site_roles

from ..models import ApprovalCase, Decision, ImportToken, SupervisionAlert

MANAGE_ALL = "disclosure.manage_all_approvals"
SUPERVISE = "disclosure.supervise_approvals"
# What each action asks of the user: to watch signals, to manage a site's data,
# or to dispose of a red alert.
WATCH, MANAGE, DISPOSE = "watch", "manage", "dispose"
TEMPLATES = "disclosure/approvals/admin/"


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
        supervisor = user.is_superuser or user.has_perm(SUPERVISE)
        if need == DISPOSE or (need == WATCH and supervisor):
            return None if supervisor else set()
        if user.is_superuser or user.has_perm(MANAGE_ALL):
            return None
        return site_roles.site_ids(user, SiteRole.SITE_ADMIN)


alert_policy = SitePolicy(SupervisionAlert, {"view": WATCH, DISPOSE: DISPOSE})
case_policy = SitePolicy(ApprovalCase, {"view": WATCH, "add": MANAGE})
decision_policy = SitePolicy(Decision, {"view": MANAGE, "change": MANAGE})
token_policy = SitePolicy(
    ImportToken, {"view": MANAGE, "add": MANAGE, "revoke": MANAGE}
)
for _policy in (alert_policy, case_policy, decision_policy, token_policy):
    register_permission_policy(_policy.model, _policy)


class ScopedMixin(OwnSitesOnly):
    """A user without the desk is refused (403); another site's approval record
    is not found (404)."""

    scope_action = "view"

    def get_object(self, queryset=None):
        if not self.user_has_permission(self.scope_action):
            raise PermissionDenied
        # A queryset passed in (for its joins) is narrowed to the user's records too.
        found = self.scoped() if queryset is None else queryset & self.scoped()
        return get_object_or_404(found, pk=self.kwargs["pk"])


class SiteFilterSet(WagtailFilterSet):
    """Filters with a ``site`` filter offering the user's own sites."""

    site = SiteFilter(label="部门", queryset=None, empty_label="全部")

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        policy = policy_registry.get_by_type(self._meta.model)
        SiteFilter.limit(self, policy.site_ids(request.user, "view"))


def log(request, action, obj=None, **detail):
    """The audit record of a desk action (on a record of a site, when there is one)."""
    audit.record(
        f"disclosure.approvals_{action}",
        user=request.user,
        site=getattr(obj, "site", None),
        obj=obj,
        request=request,
        **detail,
    )


def when(value) -> str:
    """A date as the desks print it; a time in the local zone, to the minute."""
    if not value:
        return "—"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    return f"{value:%Y-%m-%d}"


class WhenColumn(Column):
    def get_value(self, instance):
        return when(super().get_value(instance))


class CellColumn(Column):
    """A column drawn by the desk's template ``<name>_cell.html``."""

    def __init__(self, name, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = f"{TEMPLATES}{name}_cell.html"
