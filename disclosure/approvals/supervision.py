"""电子监察 (REQUIREMENTS §6.3, R61–R65): yellow and red signals, pinned red alerts,
supervisors' dispositions.

* **Yellow** (预警): an unfinished case whose promised due date is at most
  ``APPROVALS_YELLOW_DAYS`` working days away (default 2), today included.
* **Red** (纠错): an unfinished case past its promised due date, a case
  finished after it, a case result or a 双公示 decision published later than
  ``APPROVALS_PUBLISH_DAYS`` working days (default 7) after it was made, and a
  case that stays in one 环节 longer than ``APPROVALS_STEP_LIMITS`` allows (or
  did so in an earlier step).

A red signal is *pinned* as a :class:`SupervisionAlert` when first seen (by
the daily command, the supervisors' list, and before every import), so a
later correction of the data cannot make it vanish; only a supervisor's
:class:`SupervisionDisposition` closes it. Every function here runs a fixed
number of queries, whatever the number of records or sites.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from disclosure.approvals.models import FINISHED_STATES
from sites import audit
from sites.casework import alarms
from sites.services.workdays import working_days_between

from ..models import (
    AlertReason,
    ApprovalCase,
    Decision,
    SupervisionAlert,
    SupervisionDisposition,
)

YELLOW = alarms.YELLOW
RED = alarms.RED


class AlarmClock(alarms.WorkingDayAlarmClock):
    """Yellow while the promised due date is at most N working days away."""

    yellow_setting = "APPROVALS_YELLOW_DAYS"
    yellow_default = 2


yellow_days = AlarmClock.yellow_days


def yellow_horizon(today: datetime.date) -> datetime.date:
    """The last due date that is still yellow today (one calendar query)."""
    return AlarmClock(today).yellow_horizon


# Live conditions ------------------------------------------------------------


def overdue_q(today: datetime.date) -> Q:
    """Past the promised due date: still open after it, or finished after it."""
    return Q(promised_due__lt=today) & ~Q(state__in=FINISHED_STATES) | Q(
        state__in=FINISHED_STATES, completed_at__date__gt=F("promised_due")
    )


def step_overdue_q(today: datetime.date) -> Q:
    """A 环节 past its limit: the current one (still open), or an earlier one."""
    return Q(step_overran=True) | (
        Q(step_due__lt=today) & ~Q(state__in=FINISHED_STATES)
    )


def late_result_q() -> Q:
    return Q(result_published_at__date__gt=F("result_publish_due"))


def late_decision_q() -> Q:
    return Q(published_at__date__gt=F("publish_due"))


def yellow_q(today: datetime.date, horizon: datetime.date) -> Q:
    return (
        ~Q(state__in=FINISHED_STATES)
        & Q(promised_due__gte=today)
        & Q(promised_due__lte=horizon)
    )


def _alert(target: str, reason: str, *, disposed: bool | None = None) -> Exists:
    alerts = SupervisionAlert.objects.filter(**{target: OuterRef("pk")}, reason=reason)
    if disposed is not None:
        alerts = alerts.filter(disposition__isnull=not disposed)
    return Exists(alerts)


def _open(queryset: QuerySet, target: str, reason: str, condition: Q) -> QuerySet:
    """Records red for ``reason``: live or pinned, and not yet disposed of."""
    return queryset.filter(condition | Q(_alert(target, reason))).exclude(
        _alert(target, reason, disposed=True)
    )


def red_cases(today: datetime.date, queryset: QuerySet | None = None) -> QuerySet:
    cases = ApprovalCase.objects.all() if queryset is None else queryset
    overdue = _open(cases, "case", AlertReason.OVERDUE, overdue_q(today))
    late = _open(cases, "case", AlertReason.LATE_RESULT, late_result_q())
    step = _open(cases, "case", AlertReason.STEP_OVERDUE, step_overdue_q(today))
    return cases.filter(
        Q(pk__in=overdue.values("pk"))
        | Q(pk__in=late.values("pk"))
        | Q(pk__in=step.values("pk"))
    )


def open_overdue_cases(today: datetime.date, queryset=None) -> QuerySet:
    cases = ApprovalCase.objects.all() if queryset is None else queryset
    return _open(cases, "case", AlertReason.OVERDUE, overdue_q(today))


def open_late_results(queryset=None) -> QuerySet:
    cases = ApprovalCase.objects.all() if queryset is None else queryset
    return _open(cases, "case", AlertReason.LATE_RESULT, late_result_q())


def open_late_decisions(queryset=None) -> QuerySet:
    decisions = Decision.objects.all() if queryset is None else queryset
    return _open(decisions, "decision", AlertReason.LATE_DECISION, late_decision_q())


def yellow_cases(today: datetime.date, queryset=None) -> QuerySet:
    cases = ApprovalCase.objects.all() if queryset is None else queryset
    return cases.filter(yellow_q(today, yellow_horizon(today))).exclude(
        pk__in=red_cases(today, cases).values("pk")
    )


def case_signal(case: ApprovalCase, today: datetime.date, horizon=None) -> str:
    """The signal of one loaded case from its own fields (no query when ``horizon``
    is given); pinned alerts are not consulted — lists use the querysets above."""
    if case.finished:
        completed = timezone.localtime(case.completed_at).date()
        published = case.result_published_at
        late = (
            published is not None
            and case.result_publish_due is not None
            and timezone.localtime(published).date() > case.result_publish_due
        )
        return RED if completed > case.promised_due or late or case.step_overran else ""
    step_late = case.step_due is not None and case.step_due < today
    if case.step_overran or step_late:
        return RED
    return AlarmClock(today, horizon).due_level(case.promised_due)


def remaining_days(case: ApprovalCase, today: datetime.date) -> int | None:
    """Working days left until the promised due date (negative when overdue)."""
    if case.finished:
        return None
    if case.promised_due >= today:
        return working_days_between(today, case.promised_due)
    return -working_days_between(case.promised_due, today)


# Pinning and disposing ------------------------------------------------------


def pin_red_signals(site_ids: list[int] | None, today: datetime.date) -> int:
    """Record an alert for every red signal not yet recorded (fixed query count)."""
    cases = ApprovalCase.objects.all()
    decisions = Decision.objects.all()
    if site_ids is not None:
        cases = cases.filter(site_id__in=site_ids)
        decisions = decisions.filter(site_id__in=site_ids)
    new = []
    for reason, condition in (
        (AlertReason.OVERDUE, overdue_q(today)),
        (AlertReason.LATE_RESULT, late_result_q()),
        (AlertReason.STEP_OVERDUE, step_overdue_q(today)),
    ):
        rows = (
            cases.filter(condition)
            .exclude(_alert("case", reason))
            .values_list("pk", "site_id")
        )
        new += [
            SupervisionAlert(case_id=pk, site_id=site, reason=reason, raised_on=today)
            for pk, site in rows
        ]
    rows = (
        decisions.filter(late_decision_q())
        .exclude(_alert("decision", AlertReason.LATE_DECISION))
        .values_list("pk", "site_id")
    )
    new += [
        SupervisionAlert(
            decision_id=pk,
            site_id=site,
            reason=AlertReason.LATE_DECISION,
            raised_on=today,
        )  # fmt: skip
        for pk, site in rows
    ]
    if new:
        SupervisionAlert.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


class DispositionError(ValueError):
    pass


def dispose(alert: SupervisionAlert, user, text: str, request=None):
    """A supervisor closes a red alert with a written disposition (R65)."""
    text = (text or "").strip()
    if len(text) < 4:
        raise DispositionError(
            "请填写处置意见（不少于4个字），说明核查情况和处理结果。"
        )
    try:
        with transaction.atomic():
            disposition = SupervisionDisposition.objects.create(
                alert=alert, by=user, at=timezone.now(), text=text
            )
    except IntegrityError:
        raise DispositionError("该红灯已有处置记录，不能重复处置。") from None
    audit.record(
        "disclosure.approvals_disposition", user=user, site=alert.site, obj=alert,
        request=request, reason=alert.reason,
    )  # fmt: skip
    return disposition
