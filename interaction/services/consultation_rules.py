"""How long a draft must stay open for comments (R57) and when feedback is due (R58).

重大行政决策 (国务院令第713号 Art. 15) and 规章 (《规章制定程序条例》): generally at
least 30 days; 行政规范性文件 (国办发〔2018〕37号): at least 7 working days. A
shorter period is lawful only with a stated reason (缩短理由).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from sites.services.workdays import working_days_between

from ..consultation_choices import DocumentType

MIN_CALENDAR_DAYS = {DocumentType.MAJOR_DECISION: 30, DocumentType.RULE: 30}
MIN_WORKING_DAYS = {DocumentType.NORMATIVE: 7}
FEEDBACK_DAYS = 30  # R58: feedback published within 30 days of closing (unverified N)


def _day(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).date()
            if timezone.is_aware(value)
            else value.date()
        )
    return value


def period_problem(document_type: str, opens_at, closes_at) -> str | None:
    """The Chinese reason the period is too short, or None when it is long enough."""
    start, end = _day(opens_at), _day(closes_at)
    if document_type in MIN_CALENDAR_DAYS:
        need = MIN_CALENDAR_DAYS[document_type]
        if (end - start).days < need:
            label = DocumentType(document_type).label
            return f"{label}征求意见期限一般不少于{need}日（当前为{(end - start).days}日）。"
    if document_type in MIN_WORKING_DAYS:
        need = MIN_WORKING_DAYS[document_type]
        # The opening day counts as the first day of the period if it is a working day.
        days = working_days_between(start - datetime.timedelta(days=1), end)
        if days < need:
            return f"行政规范性文件征求意见期限一般不少于{need}个工作日（当前为{days}个工作日）。"
    return None


def feedback_due_on(closes_at) -> datetime.date:
    return _day(closes_at) + datetime.timedelta(days=FEEDBACK_DAYS)
