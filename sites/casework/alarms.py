"""Working-day alarms of a case's deadline: red once the due date has passed,
yellow while it is at most N working days away (today included).

One clock serves a whole list: the calendar is read once, when it is made, and
every ``level`` after that is a comparison of dates. The statutory rules (what
is due, when the clock stops, extra signals) stay in each module's subclass.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from sites.services.workdays import add_working_days

RED = "red"
YELLOW = "yellow"


def today() -> datetime.date:
    """The day as in Beijing: statutory days follow the local calendar."""
    return timezone.localdate()


class WorkingDayAlarmClock:
    """Alarm levels against one day. Subclasses name the setting that holds the
    yellow warning window (``yellow_setting``, ``yellow_default`` working days)
    and write ``level(case)`` from :meth:`due_level`."""

    yellow_setting = ""
    yellow_default = 3

    def __init__(
        self, on: datetime.date | None = None, horizon: datetime.date | None = None
    ):
        self.today = on or today()
        # The last due date still yellow today; a caller holding it already
        # passes it in and the clock reads no calendar.
        self.yellow_horizon = (
            horizon or add_working_days(self.today, self.yellow_days()).date
        )

    @property
    def on(self) -> datetime.date:
        return self.today

    @classmethod
    def yellow_days(cls) -> int:
        return int(getattr(settings, cls.yellow_setting, cls.yellow_default))

    def due_level(self, due_on: datetime.date | None) -> str:
        """``RED`` past ``due_on``, ``YELLOW`` within the window, else ""."""
        if due_on is None:
            return ""
        if self.today > due_on:
            return RED
        return YELLOW if due_on <= self.yellow_horizon else ""
