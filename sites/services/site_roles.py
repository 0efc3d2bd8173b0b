"""The one answer to "on which sites does this user hold this role?" (issue #19).

Every desk (依申请公开, 信件办理, 年报, 报表, 办件公示, 检索统计 …) asks here; no
code reads a role back from a group's name. The answer is one query per request:
the user's (site, role) pairs are kept on the user object, which Django builds
anew for every request, so the admin menu's many checks cost nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db.models import QuerySet

from ..models import SiteRole, SiteRoleGroup

_MEMO = "_site_roles"


class SiteRolePolicy:
    """Site-scoped roles held through the groups tied to a site by ``SiteRoleGroup``."""

    def _pairs(self, user) -> dict[str, frozenset[int]]:
        memo = user.__dict__.get(_MEMO)
        if memo is None:
            by_role: dict[str, set[int]] = {}
            for site_id, role in SiteRoleGroup.objects.filter(
                group__user=user
            ).values_list("site_id", "role"):
                by_role.setdefault(role, set()).add(site_id)
            memo = {role: frozenset(ids) for role, ids in by_role.items()}
            user.__dict__[_MEMO] = memo
        return memo

    def site_ids(self, user, roles: str | Iterable[str]) -> set[int]:
        """Sites on which ``user`` holds any of ``roles`` (superusers: none implied)."""
        if not getattr(user, "is_authenticated", False):
            return set()
        if isinstance(roles, str):
            roles = (roles,)
        pairs = self._pairs(user)
        found: set[int] = set()
        for role in roles:
            found |= pairs.get(role, frozenset())
        return found

    def has_role(self, user, site_id: int, roles: str | Iterable[str]) -> bool:
        return site_id in self.site_ids(user, roles)

    def groups(self, site, role: str) -> QuerySet[Group]:
        """The group(s) holding ``role`` on ``site`` (a site object or its id)."""
        site_id = getattr(site, "pk", site)
        return Group.objects.filter(site_role__site_id=site_id, site_role__role=role)

    def group(self, site, role: str) -> Group:
        return self.groups(site, role).get()

    def forget(self, user) -> None:
        """Drop the per-request memo (after changing the user's groups in-process)."""
        user.__dict__.pop(_MEMO, None)


site_roles = SiteRolePolicy()

__all__ = ["SiteRole", "SiteRolePolicy", "site_roles"]
