"""撤稿 (withdrawal) of a published page with a typed reason (issue #3 item 3)."""

from __future__ import annotations

from django.db import transaction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import Page, Site

from ..models import Withdrawal, WithdrawalReason


class WithdrawalError(Exception):
    pass


@transaction.atomic
def withdraw(
    page: Page, *, user, reason: str, note: str = "", replacement=None
) -> Withdrawal:
    """Unpublish ``page`` (and its subtree) and leave a public trace of why."""
    if reason not in WithdrawalReason.values:
        raise WithdrawalError("请选择撤稿原因。")
    if reason == WithdrawalReason.MERGED and replacement is None:
        raise WithdrawalError("“已合并”的稿件需要选择合并后的页面。")
    if replacement is not None and (replacement.pk == page.pk or not replacement.live):
        raise WithdrawalError("替代页面必须是另一个已发布的页面。")
    if not page.live:
        raise WithdrawalError("该页面尚未发布或已撤回。")
    site_id, _root_url, path = page.get_url_parts()
    record = Withdrawal.objects.create(
        page=page,
        site=Site.objects.get(pk=site_id),
        path=path,
        title=page.title,
        reason=reason,
        note=note,
        replacement=replacement,
        withdrawn_by=user,
    )
    # The caller checked can_withdraw: 撤稿 is the cluster's unpublish, and no
    # site role holds Wagtail's publish_page (R76).
    UnpublishPageAction(page, user=user, log_action=True).execute(
        skip_permission_checks=True
    )
    log(
        instance=page,
        action="cluster.withdraw",
        user=user,
        data={
            "reason": reason,
            "note": note,
            "replacement": getattr(replacement, "pk", None),
        },
    )
    return record
