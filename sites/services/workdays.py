"""Working-day (工作日) arithmetic for statutory deadlines.

Every statutory deadline in the product (依申请公开答复、留言办理时限 …) is counted
in working days under the State Council holiday schedule, including the
make-up working weekends (调休上班). A day's status comes from the first of
these sources that knows its year:

1. ``admin`` — a :class:`~sites.models.CalendarYear` entered in the Wagtail admin
   with "已录入全年安排" ticked. Its :class:`~sites.models.CalendarDay` rows are
   the exceptions to the Monday–Friday rule.
2. ``package`` — the ``chinese_calendar`` package (it knows 2004–2026 and raises
   ``NotImplementedError`` outside that range; this module never lets it escape).
3. ``provisional`` — Monday–Friday minus the fixed-date holidays (元旦 1 Jan,
   劳动节 1 May, 国庆节 1–3 Oct). Deadlines that touch such a year are flagged
   ``provisional`` and shown as "（暂定）"; they never raise.

A ``CalendarYear`` whose "已录入全年安排" is *not* ticked is a draft: its
entered days still apply, on top of the package or provisional rule, but the
year keeps that lower source's status (so deadlines in an unknown year stay
provisional until the admin marks the year complete).

Database overrides are loaded with one query per call (plus one more only if a
very long computation runs past the first batch of years); nothing read from
the database is cached between calls, because several processes serve the site.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

import chinese_calendar
from django.utils import timezone

from ..models.calendar import CalendarYear

__all__ = [
    "FIXED_HOLIDAYS",
    "Deadline",
    "ScheduleStatus",
    "add_working_days",
    "is_working_day",
    "next_working_day",
    "schedule_status",
    "working_days_between",
]

ScheduleStatus = Literal["admin", "package", "provisional"]

#: Holidays whose Gregorian date never moves, used for years with no schedule:
#: 元旦, 劳动节, 国庆节 (1–3 October).
FIXED_HOLIDAYS: frozenset[tuple[int, int]] = frozenset(
    {(1, 1), (5, 1), (10, 1), (10, 2), (10, 3)}
)

_ONE_DAY = datetime.timedelta(days=1)
# Fewest working days a real year has is ~240; assume 200 to load enough years
# in the first query for any deadline shorter than that per year spanned.
_WORKING_DAYS_PER_YEAR_LOWER_BOUND = 200
_EXTRA_YEARS_PER_QUERY = 4


@dataclass(frozen=True)
class Deadline:
    """A computed due date and whether it rests on an unknown holiday schedule."""

    date: datetime.date
    provisional: bool = False

    @property
    def label(self) -> str:
        """Chinese display form, e.g. ``2026年10月15日`` or ``2027年1月8日（暂定）``."""
        text = f"{self.date.year}年{self.date.month}月{self.date.day}日"
        return f"{text}（暂定）" if self.provisional else text

    def __str__(self) -> str:
        return self.label


@dataclass
class _YearRule:
    """How to decide the days of one year, as resolved for one computation."""

    status: ScheduleStatus
    overrides: dict[datetime.date, bool] = field(default_factory=dict)
    # True when the admin entries are the full list of exceptions to Mon–Fri.
    admin_complete: bool = False


class _Calendar:
    """Per-call view of the calendar; loads admin-entered years in batches."""

    def __init__(self) -> None:
        self._years: dict[int, _YearRule] = {}
        self.touched: set[int] = set()

    def preload(self, first: int, last: int) -> None:
        """Load the rules for years ``first..last`` with a single query."""
        missing = [y for y in range(first, last + 1) if y not in self._years]
        if not missing:
            return
        first, last = min(missing), max(missing)
        admin: dict[int, _YearRule] = {}
        # Days a notice lists outside its own year (its previous December): they
        # override that year's source without making that year "admin".
        spilled: dict[datetime.date, bool] = {}
        rows = (
            CalendarYear.objects.filter(year__gte=first, year__lte=last + 1)
            .order_by()
            .values_list("year", "is_complete", "days__date", "days__is_working_day")
        )
        for year, is_complete, day, working in rows:
            rule = admin.get(year)
            if rule is None and year <= last:
                status = "admin" if is_complete else _fallback_status(year)
                rule = admin[year] = _YearRule(status, admin_complete=is_complete)
            if day is None:
                continue
            if day.year != year:
                spilled[day] = working
            elif rule is not None:
                rule.overrides[day] = working
        for year in missing:
            self._years[year] = admin.get(year) or _YearRule(_fallback_status(year))
        for day, working in spilled.items():
            if day.year in missing:
                self._years[day.year].overrides.setdefault(day, working)

    def rule(self, year: int) -> _YearRule:
        if year not in self._years:
            # Ran past the preloaded years: fetch the next few in one query.
            self.preload(year, year + _EXTRA_YEARS_PER_QUERY)
        return self._years[year]

    def is_working_day(self, day: datetime.date) -> bool:
        rule = self.rule(day.year)
        self.touched.add(day.year)
        if day in rule.overrides:
            return rule.overrides[day]
        if rule.admin_complete:
            return day.weekday() < 5
        return _fallback_is_working_day(day)

    @property
    def provisional(self) -> bool:
        return any(self.rule(y).status == "provisional" for y in self.touched)


@cache
def _package_supports(year: int) -> bool:
    """Whether ``chinese_calendar`` has the schedule for ``year`` (package data only)."""
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _fallback_status(year: int) -> ScheduleStatus:
    return "package" if _package_supports(year) else "provisional"


def _fallback_is_working_day(day: datetime.date) -> bool:
    """Status of ``day`` from the package, or the provisional rule if unknown."""
    if _package_supports(day.year):
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:  # pragma: no cover - guarded above
            pass
    return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS


def _as_date(value: datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        # A submission at 01:00 in Beijing is the same day in Beijing, not the
        # previous day in UTC: statutory days follow the local calendar.
        if timezone.is_aware(value):
            return timezone.localtime(value).date()
        return value.date()
    if not isinstance(value, datetime.date):
        raise TypeError(f"expected a datetime.date, got {type(value).__name__}")
    return value


def is_working_day(day: datetime.date) -> bool:
    """Whether ``day`` is a working day (one query for the admin calendar)."""
    day = _as_date(day)
    calendar = _Calendar()
    calendar.preload(day.year, day.year)
    return calendar.is_working_day(day)


def add_working_days(start: datetime.date, n: int) -> Deadline:
    """The date ``n`` working days after ``start``.

    As the law requires, the starting day itself is not counted: counting
    begins the day after ``start``, so ``add_working_days(d, 1)`` is the first
    working day after ``d``.

    ``n == 0`` means "due on the day itself": ``start`` if it is a working day,
    otherwise the next working day (a deadline never falls on a rest day).

    The result is ``provisional`` when any year whose days were examined has
    no known schedule. Raises ``ValueError`` for negative ``n``.
    """
    start = _as_date(start)
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, got {type(n).__name__}")
    if n < 0:
        raise ValueError(f"n must be a non-negative number of working days, got {n}")
    calendar = _Calendar()
    calendar.preload(
        start.year, start.year + n // _WORKING_DAYS_PER_YEAR_LOWER_BOUND + 1
    )
    if n == 0:
        day = start
        while not calendar.is_working_day(day):
            day += _ONE_DAY
        return Deadline(day, calendar.provisional)
    day = start
    remaining = n
    while remaining:
        day += _ONE_DAY
        if calendar.is_working_day(day):
            remaining -= 1
    return Deadline(day, calendar.provisional)


def next_working_day(day: datetime.date) -> Deadline:
    """The first working day strictly after ``day`` (``add_working_days(day, 1)``)."""
    return add_working_days(day, 1)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Number of working days in the half-open interval ``(start, end]``.

    The starting day is not counted and the end day is, so
    ``working_days_between(d, add_working_days(d, n).date) == n`` for ``n >= 1``.
    Returns 0 when ``end <= start``.
    """
    start, end = _as_date(start), _as_date(end)
    if end <= start:
        return 0
    calendar = _Calendar()
    calendar.preload((start + _ONE_DAY).year, end.year)
    count = 0
    day = start + _ONE_DAY
    while day <= end:
        if calendar.is_working_day(day):
            count += 1
        day += _ONE_DAY
    return count


def schedule_status(year: int) -> ScheduleStatus:
    """Where the schedule for ``year`` comes from.

    ``"admin"`` — a complete admin-entered :class:`~sites.models.CalendarYear`;
    ``"package"`` — the ``chinese_calendar`` package; ``"provisional"`` — no
    known schedule (weekends and fixed-date holidays only). An incomplete
    admin-entered year reports its underlying ``package``/``provisional`` status.
    """
    calendar = _Calendar()
    calendar.preload(year, year)
    return calendar.rule(year).status


class WorkingDayCalendar:
    """Many working-day computations over one calendar read (one query per few
    years), for checks that compute a deadline per item across a whole cluster."""

    def __init__(self) -> None:
        self._calendar = _Calendar()

    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        """Same rule as :func:`add_working_days` (the start day is not counted)."""
        day = _as_date(start)
        if n == 0:
            while not self._calendar.is_working_day(day):
                day += _ONE_DAY
            return day
        remaining = n
        while remaining:
            day += _ONE_DAY
            if self._calendar.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Same rule as :func:`working_days_between` (``(start, end]``)."""
        start, end = _as_date(start), _as_date(end)
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            if self._calendar.is_working_day(day):
                count += 1
            day += _ONE_DAY
        return count

    @property
    def provisional(self) -> bool:
        """Whether any year examined so far has no known holiday schedule."""
        return self._calendar.provisional
