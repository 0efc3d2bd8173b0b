"""信息报送 between sites (issue #3 item 4): submit, accept, decline, statistics."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Site

from ..models import ColumnPage, SiteProfile, Submission, SubmissionStatus
from .publishing import may_review_column
from .tree import descendants_q, public_q, site_for_path


class SyndicationError(Exception):
    pass


def target_columns_for(site: Site):
    """List columns of the sites above ``site`` (its parent, the parent's parent, …)."""
    profile = (
        SiteProfile.objects.filter(site=site).select_related("parent__site").first()
    )
    roots, seen = [], set()
    ancestor = profile.parent if profile else None
    while ancestor is not None and ancestor.pk not in seen:
        seen.add(ancestor.pk)
        roots.append(ancestor.site.root_page.path)
        ancestor = ancestor.parent
    if not roots:
        return ColumnPage.objects.none()
    condition = Q(pk__in=[])
    for path in roots:
        condition |= descendants_q(path)
    return ColumnPage.objects.live().filter(condition, layout="list").order_by("path")


@transaction.atomic
def submit(article, column: ColumnPage, user) -> Submission:
    source = site_for_path(article.path)
    if not article.live:
        raise SyndicationError("只能报送已发布的稿件。")
    _check_public(article)
    if not article.permissions_for_user(user).can_edit():
        raise SyndicationError("只能报送本网站的稿件。")
    if not target_columns_for(source).filter(pk=column.pk).exists():
        raise SyndicationError("只能报送到上级网站的信息列表栏目。")
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                article=article,
                source_site=source,
                target_column=column,
                target_site=site_for_path(column.path),
                submitted_by=user,
            )
    except IntegrityError as exc:
        raise SyndicationError("该稿件已报送到这个栏目，正在处理或已采用。") from exc
    log(instance=submission, action="cluster.syndication.submit", user=user)
    return submission


def _check_public(article) -> None:
    """An internal section's page (内部栏目) or any restricted page never leaves
    its site: the receiving site would show it to everyone."""
    if not type(article).objects.filter(pk=article.pk).filter(public_q()).exists():
        raise SyndicationError("内部栏目或设置了访问限制的稿件不能报送。")


def _check_reviewer(submission: Submission, user) -> None:
    if not may_review_column(user, submission.target_column):
        raise SyndicationError("只有接收网站的审核人员可以处理报送稿件。")
    if submission.status != SubmissionStatus.PENDING:
        raise SyndicationError("该报送稿件已处理。")


@transaction.atomic
def accept(submission: Submission, user, publish_at: datetime.datetime | None = None):
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _check_reviewer(submission, user)
    _check_public(submission.article)
    submission.status = SubmissionStatus.ACCEPTED
    submission.decided_by = user
    submission.decided_at = timezone.now()
    submission.publish_at = publish_at or submission.decided_at
    submission.save()
    log(instance=submission, action="cluster.syndication.accept", user=user)
    return submission


@transaction.atomic
def decline(submission: Submission, user, reason: str):
    reason = (reason or "").strip()
    if not reason:
        raise SyndicationError("请填写未采用的原因。")
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _check_reviewer(submission, user)
    submission.status = SubmissionStatus.DECLINED
    submission.decided_by = user
    submission.decided_at = timezone.now()
    submission.decline_reason = reason[:255]
    submission.save()
    log(instance=submission, action="cluster.syndication.decline", user=user)
    return submission


def statistics(start: datetime.date, end: datetime.date, sites=None) -> list[dict]:
    """Per source site and period: submitted, accepted and 采用率 (accepted/submitted).

    ``sites`` limits the rows to submissions from or to those sites.
    """
    rows = (
        Submission.objects.filter(
            submitted_at__date__gte=start, submitted_at__date__lte=end
        )
        .values("source_site", "source_site__site_name")
        .annotate(
            submitted=Count("pk"),
            accepted=Count("pk", filter=Q(status=SubmissionStatus.ACCEPTED)),
        )
        .order_by("source_site__site_name")
    )
    if sites is not None:
        # A site sees what it submitted and what was submitted to it.
        rows = rows.filter(Q(source_site__in=sites) | Q(target_site__in=sites))
    return [
        {
            "site": row["source_site__site_name"],
            "submitted": row["submitted"],
            "accepted": row["accepted"],
            "rate": row["accepted"] / row["submitted"] if row["submitted"] else 0.0,
        }
        for row in rows
    ]
