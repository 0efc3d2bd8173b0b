"""留言受理反馈情况统计 (R56): per department and month, received, answered,
answered on time and average working days to answer. Computed from the letters
on request (always current) with one query and one calendar load."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from ..letter_choices import INVALID_STATUSES, LetterStatus
from ..models import Letter
from .deadlines import WorkingDayCounter, local_date

# A reply is given when it goes out: approved in 审核 (``reviewed_at``).
ANSWERED = (LetterStatus.CLOSED,)


@dataclass
class Row:
    site_name: str
    month: str  # "2026-10"
    received: int = 0
    answered: int = 0
    on_time: int = 0
    working_days_total: int = 0

    @property
    def average_days(self) -> float | None:
        return (
            round(self.working_days_total / self.answered, 1) if self.answered else None
        )

    @property
    def on_time_rate(self) -> str:
        return f"{self.on_time * 100 / self.answered:.0f}%" if self.answered else "—"


def monthly(site_ids=None, year: int | None = None) -> list[Row]:
    """Rows by (department, month), newest month first; ``site_ids`` limits the
    departments (the site that handles or answered the letter)."""
    letters = Letter.objects.exclude(status__in=INVALID_STATUSES)
    if site_ids is not None:
        letters = letters.filter(handling_site_id__in=site_ids)
    if year:
        letters = letters.filter(submitted_at__year=year)
    values = list(
        letters.values_list(
            "handling_site__site_name",
            "submitted_at",
            "reviewed_at",
            "due_on",
            "status",
        )
    )
    if not values:
        return []
    first = min(local_date(v[1]) for v in values)
    last = max([local_date(v[2]) for v in values if v[2]] + [timezone.localdate()])
    counter = WorkingDayCounter(first, last)
    rows: dict[tuple[str, str], Row] = {}
    for site_name, submitted_at, replied_at, due_on, status in values:
        received = local_date(submitted_at)
        key = (site_name, f"{received:%Y-%m}")
        row = rows.get(key) or rows.setdefault(key, Row(site_name, key[1]))
        row.received += 1
        if replied_at and status in ANSWERED:
            answered = local_date(replied_at)
            row.answered += 1
            row.on_time += bool(due_on and answered <= due_on)
            row.working_days_total += counter.between(received, answered)
    return sorted(rows.values(), key=lambda r: (r.month, r.site_name), reverse=True)


def totals(rows: list[Row]) -> dict:
    by_site: dict[str, Row] = defaultdict(lambda: Row("", ""))
    for row in rows:
        total = by_site[row.site_name]
        total.site_name = row.site_name
        total.received += row.received
        total.answered += row.answered
        total.on_time += row.on_time
        total.working_days_total += row.working_days_total
    return dict(by_site)


def year_range(today: datetime.date | None = None) -> list[int]:
    today = today or timezone.localdate()
    return list(range(today.year, today.year - 5, -1))
