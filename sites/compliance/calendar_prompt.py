"""The dashboard's reminder that next year's holiday schedule is missing.

The State Council publishes next year's 节假日安排 late in the year; until an
administrator enters it (or the ``chinese_calendar`` package knows it), every
deadline that falls in that year is provisional (``sites.services.workdays``).
From 1 November the dashboard tells the cluster-wide roles, and lists the open
deadlines computed provisionally. Apps contribute those through the hook
``cluster_provisional_deadlines(site_ids) -> list[ProvisionalDeadline]``
(``site_ids`` None for every site), so the core never imports them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from wagtail import hooks

from ..services.workdays import schedule_status

#: (month, day) from which the next year's schedule is asked for.
PROMPT_FROM = (11, 1)


@dataclass(frozen=True)
class ProvisionalDeadline:
    site_id: int
    kind: str  # e.g. "依申请公开", "留言办理"
    label: str  # a case number, never personal data
    due_on: datetime.date
    url: str


def missing_schedule_year(today: datetime.date) -> int | None:
    """Next year, when ``today`` is on or after 1 November and that year's
    schedule is unknown; else None."""
    if (today.month, today.day) < PROMPT_FROM:
        return None
    year = today.year + 1
    return year if schedule_status(year) == "provisional" else None


def cases_due_provisionally(
    queryset,
    site_ids: set[int] | None,
    kind: str,
    url_name: str,
    site_field: str = "site_id",
) -> list[ProvisionalDeadline]:
    """Rows for the open cases of ``queryset`` (a model with a site field,
    ``case_number``, ``due_on`` and ``due_provisional``) whose deadline falls
    in a year that still has no schedule (one query, plus one per such year)."""
    if site_ids is not None:
        queryset = queryset.filter(**{f"{site_field}__in": site_ids})
    cases = list(
        queryset.filter(due_provisional=True, due_on__isnull=False)
        .order_by("due_on", "pk")
        .values_list("pk", site_field, "case_number", "due_on")
    )
    unknown = {
        year
        for year in {due.year for _, _, _, due in cases}
        if schedule_status(year) == "provisional"
    }
    return [
        ProvisionalDeadline(
            site_id, kind, number or f"ID {pk}", due, reverse(url_name, args=[pk])
        )
        for pk, site_id, number, due in cases
        if due.year in unknown
    ]


def provisional_deadlines(site_ids: set[int] | None) -> list[ProvisionalDeadline]:
    rows = [
        row
        for provide in hooks.get_hooks("cluster_provisional_deadlines")
        for row in provide(site_ids)
    ]
    return sorted(rows, key=lambda row: (row.due_on, row.kind, row.label))


def calendar_prompt(today: datetime.date, site_ids: set[int] | None) -> dict | None:
    """What the dashboard shows: the missing year (or None) and the provisional
    deadlines; None when there is nothing to say."""
    year = missing_schedule_year(today)
    deadlines = provisional_deadlines(site_ids)
    if year is None and not deadlines:
        return None
    return {
        "year": year,
        "deadlines": deadlines,
        "calendar_url": reverse("wagtailsnippets_sites_calendaryear:list"),
    }
