"""Honest publication dates (issue 13 item 2, REQUIREMENTS R16, R17, R20, R22).

发布日期 is the platform's record of when a page first went live: the editor's
form does not carry it (an editor may schedule a later go-live time, which the
platform then records when it happens), a back-dated value in a revision is
replaced at publication by the true time, and a correction (e.g. an old paper
document entered today) needs a reason, is audited and shows as 更正 in the
page's history. Freshness checks use ``first_published_at`` where it is earlier
than 发布日期, so a date moved forward cannot make a site look updated.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from wagtail.log_actions import log

from ..integrity import accept_change
from ..models import ArticlePage, DateCorrection, DateSource
from ..page_cache import page_changed
from ..static_output.signals import _published as rewrite_static_files

CORRECTION_ACTION = "cluster.date_correction"
REASON_MIN_LENGTH = 5


class DateCorrectionError(Exception):
    pass


def freshness_date(stated: str = "publish_date", first: str = "first_published_at"):
    """The date a freshness check may trust: the earlier of 发布日期 and the
    platform's first publication time (rows imported without the latter fall
    back to 发布日期)."""
    return Least(Coalesce(F(first), F(stated)), F(stated))


def recorded_publish_date(page) -> datetime.datetime | None:
    """The date 发布日期 must show: the latest audited correction, else the first
    publication the platform recorded."""
    corrected = (
        DateCorrection.objects.filter(page_id=page.pk)
        .order_by("-corrected_at", "-pk")
        .values_list("new_date", flat=True)
        .first()
    )
    return corrected or page.first_published_at


def keep_true_publish_date(sender, instance, revision=None, **kwargs):
    """``page_published`` receiver: a revision written in the admin cannot carry
    a date of its own into the public page.

    Revisions saved without a user (imports, seeds) keep the date their code
    set; such content is marked 历史导入 with its original date recorded as
    its first publication.
    """
    if not isinstance(instance, ArticlePage):
        return
    if revision is not None and revision.user_id is None:
        return
    true_date = recorded_publish_date(instance)
    if true_date is None or instance.publish_date == true_date:
        return
    ArticlePage.objects.filter(pk=instance.pk).update(publish_date=true_date)
    instance.publish_date = true_date


@transaction.atomic
def correct_publish_date(page, *, user, new_date, reason: str):
    """Change 发布日期 of a published article, with a typed reason (R22)."""
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise DateCorrectionError(
            f"请填写更正理由（不少于{REASON_MIN_LENGTH}个字），例如“补录纸质文件，"
            "原印发日期为……”。"
        )
    if new_date is None:
        raise DateCorrectionError("请填写更正后的发布日期。")
    if timezone.is_naive(new_date):
        new_date = timezone.make_aware(new_date)
    if new_date > timezone.now():
        raise DateCorrectionError(
            "发布日期不能晚于现在；如需推迟发布，请使用“定时发布”。"
        )
    page = ArticlePage.objects.select_for_update().get(pk=page.pk)
    if page.first_published_at is None:
        raise DateCorrectionError("页面尚未发布，发布日期将在首次发布时由平台记录。")
    old_date = page.publish_date
    if old_date == new_date:
        raise DateCorrectionError("新日期与当前发布日期相同，无需更正。")
    correction = DateCorrection.objects.create(
        page=page,
        old_date=old_date,
        new_date=new_date,
        reason=reason,
        corrected_by=user,
    )
    ArticlePage.objects.filter(pk=page.pk).update(
        publish_date=new_date, date_source=DateSource.CORRECTED
    )
    page.publish_date = new_date
    page.date_source = DateSource.CORRECTED
    data = {
        "old": old_date.isoformat(),
        "new": new_date.isoformat(),
        "first_published_at": page.first_published_at.isoformat(),
        "reason": reason,
    }
    # Shown as 更正 in the page's history; mirrored into the audit log with
    # the reason (sites/audit.py).
    log(instance=page, action=CORRECTION_ACTION, user=user, data=data)

    # The date shows on the page, its column and the homes above: the same
    # rewrites as a publish, and the tamper record accepts the new content.
    rewrite_static_files(ArticlePage, page)
    transaction.on_commit(lambda: page_changed(page))
    transaction.on_commit(lambda: accept_change(page))
    return correction
