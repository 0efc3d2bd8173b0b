"""Letter deadlines in working days (sites.services.workdays) and the alarm levels.

The clock starts the day after the letter arrives (as for every statutory
deadline): acknowledge (受理) within the category's acknowledge days, reply
within its reply days (defaults 咨询 5, 建议/投诉 15; R53). A hard alarm sounds
``INTERACTION_HARD_ALARM_DAYS`` (45) calendar days after arrival, long before
the 3-month veto of the national check.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.conf import settings
from django.utils import timezone

from sites.casework import alarms
from sites.services.workdays import _Calendar, add_working_days

from ..letter_choices import OPEN_STATUSES, LetterStatus

VETO_MONTHS = 3


class Alarm(StrEnum):
    YELLOW = "yellow"
    UNACKNOWLEDGED = "ack"
    RED = "red"
    HARD = "hard"

    @property
    def label(self) -> str:
        return {
            "yellow": "黄色预警：即将到期",
            "ack": "受理超时：超过受理时限仍未受理",
            "red": "红色预警：已超期",
            "hard": "严重超期：距三个月否决线已近",
        }[self.value]


today = alarms.today


def local_date(value) -> datetime.date:
    return timezone.localtime(value).date()


def set_due_dates(letter, received: datetime.date | None = None) -> None:
    """Fill ``acknowledge_due_on`` and ``due_on`` from the category (no save)."""
    received = received or local_date(letter.submitted_at or timezone.now())
    category = letter.category
    letter.acknowledge_due_on = add_working_days(
        received, category.acknowledge_working_days
    ).date
    due = add_working_days(received, category.reply_working_days)
    letter.due_on, letter.due_provisional = due.date, due.provisional


def hard_days() -> int:
    return getattr(settings, "INTERACTION_HARD_ALARM_DAYS", 45)


def veto_line(received: datetime.date) -> datetime.date:
    """The day a still unanswered letter crosses "more than three months"."""
    month = received.month - 1 + VETO_MONTHS
    year, month = received.year + month // 12, month % 12 + 1
    day = min(received.day, _days_in_month(year, month))
    return datetime.date(year, month, day)


def _days_in_month(year: int, month: int) -> int:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return (following - datetime.timedelta(days=1)).day


class AlarmClock(alarms.WorkingDayAlarmClock):
    """Alarm levels for many letters on one day, with one calendar query."""

    yellow_setting = "INTERACTION_YELLOW_ALARM_DAYS"
    yellow_default = 2

    def __init__(self, on: datetime.date | None = None):
        super().__init__(on)
        self.hard_since = self.on - datetime.timedelta(days=hard_days())

    def level(self, letter) -> Alarm | None:
        if letter.status not in OPEN_STATUSES:
            return None
        if local_date(letter.submitted_at) <= self.hard_since:
            return Alarm.HARD
        due = self.due_level(letter.due_on)
        if due == alarms.RED:
            return Alarm.RED
        if (
            letter.due_on is not None
            and letter.status == LetterStatus.SUBMITTED
            and letter.acknowledge_due_on
            and letter.acknowledge_due_on < self.on
        ):
            return Alarm.UNACKNOWLEDGED
        return Alarm.YELLOW if due == alarms.YELLOW else None


yellow_days = AlarmClock.yellow_days


class WorkingDayCounter:
    """``working_days_between`` for many intervals with one calendar load."""

    def __init__(self, first: datetime.date, last: datetime.date):
        self._calendar = _Calendar()
        self._calendar.preload(first.year, last.year)
        self._first = first
        self._prefix: list[int] = []
        count = 0
        day = first
        while day <= last:
            count += self._calendar.is_working_day(day)
            self._prefix.append(count)
            day += datetime.timedelta(days=1)

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days in (start, end], as sites.services.workdays counts them."""
        if end <= start:
            return 0
        return self._at(end) - self._at(start)

    def _at(self, day: datetime.date) -> int:
        index = (day - self._first).days
        if index < 0:
            return 0
        return self._prefix[min(index, len(self._prefix) - 1)]
