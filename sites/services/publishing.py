"""Only the workflow publishes (issue 13 item 1, REQUIREMENTS R76).

No site role holds Wagtail's ``publish_page``: whoever holds it may press 发布
and skip the review. Publication happens when the last step of the site's
workflow approves (``sites.workflow_actions.publish_approved``), by the
scheduler (``publish_scheduled``), or as an audited 紧急发布 by a named cluster
role (集群管理员). Taking a page down is 撤稿, which needs the per-site
``withdraw_page`` permission instead of publish.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import Page, PagePermissionTester, Site

from ..models.publishing import EmergencyPublication
from .proofing import hits_for_revision
from .tree import site_for_path

EMERGENCY_PERMISSION = "sites.emergency_publish"
REASON_MIN_LENGTH = 10


class EmergencyPublishError(Exception):
    pass


class ClusterPagePermissionTester(PagePermissionTester):
    """Wagtail ties a few harmless actions to publish_page, which no site role
    holds any more: reordering a column's children (menu order), cancelling
    a scheduled publication and setting a page's privacy. Holders of 撤稿 (reviewers, site admins) keep them;
    publishing itself, moving or deleting live pages stay with the workflow
    (a live page is withdrawn before it is deleted)."""

    def _releases(self) -> bool:
        return self.user.is_active and "withdraw" in getattr(self, "permissions", ())

    def can_reorder_children(self):
        return super().can_reorder_children() or self._releases()

    def can_unschedule(self):
        return super().can_unschedule() or self._releases()

    def can_set_view_restrictions(self):
        # Page privacy (公开范围) was the site admin's before publishing moved
        # to the workflow; restricting takes content off public view, as 撤稿 does.
        return super().can_set_view_restrictions() or self._releases()

    def can_move_to(self, destination):
        if super().can_move_to(destination):
            return True
        # A new position under the same parent (menu order) publishes nothing.
        return (
            self.user.is_active
            and self.page.is_child_of(destination)
            and destination.permissions_for_user(self.user).can_reorder_children()
        )


def ensure_withdraw_permission():
    """The cluster's own page permission 撤稿 (``wagtailcore.withdraw_page``).

    Created by a migration, and again after ``flush`` (which keeps only the
    permissions models declare), so that sites can always be provisioned.
    """
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    permission, _ = Permission.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(Page),
        codename="withdraw_page",
        defaults={"name": "可撤稿（撤回已发布页面，须填写原因）"},
    )
    return permission


def can_withdraw(user, page: Page) -> bool:
    """撤稿 (and accepting syndicated articles): reviewers and site admins of the
    page's site; the page must be live and not locked by someone else."""
    if not user.is_active or page.depth == 1 or not page.live:
        return False
    tester = page.permissions_for_user(user)
    if tester.page_locked():
        return False
    actions = getattr(tester, "permissions", set())
    return user.is_superuser or "withdraw" in actions or "publish" in actions


def may_review_column(user, page: Page) -> bool:
    """Whether ``user`` acts as a reviewer in the column ``page`` (live or not)."""
    if not user.is_active:
        return False
    actions = getattr(page.permissions_for_user(user), "permissions", set())
    return user.is_superuser or "withdraw" in actions or "publish" in actions


def may_emergency_publish(user) -> bool:
    return user.is_active and user.has_perm(EMERGENCY_PERMISSION)


@transaction.atomic
def emergency_publish(page: Page, *, user, reason: str):
    """Publish the latest revision of ``page`` outside the workflow (紧急发布).

    For the cluster roles holding ``sites.emergency_publish`` only; the typed
    reason is kept in the record, the audit log and the page's history.
    """
    if not may_emergency_publish(user):
        raise PermissionDenied
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise EmergencyPublishError(
            f"请填写紧急发布的理由（不少于{REASON_MIN_LENGTH}个字），"
            "说明为何不能等待审核流程。"
        )
    page = Page.objects.select_for_update().get(pk=page.pk).specific
    revision = page.get_latest_revision()
    if revision is None or (page.live and not page.has_unpublished_changes):
        raise EmergencyPublishError("该页面没有待发布的内容。")
    site = site_for_path(page.path)
    terms = [hit.term.wrong for hit in hits_for_revision(revision)]
    revision.publish(user=user, skip_permission_checks=True)
    entry = EmergencyPublication.objects.create(
        page=page,
        site=site if isinstance(site, Site) else None,
        title=page.title[:255],
        revision_id=revision.pk,
        reason=reason,
        published_by=user,
    )
    # In the page's history; mirrored into the audit log with the reason.
    # 错敏字 hits do not stop an emergency, but they are on record (R78).
    log(
        instance=page,
        action="cluster.emergency_publish",
        user=user,
        data={"reason": reason, "revision": revision.pk, "terms": terms},
    )
    return entry
