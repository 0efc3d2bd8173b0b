"""Working-day alarms (sites.casework.alarms): one clock for every desk, the
calendar read once per list. 2026: 1–7 Oct are rest days, Saturday 10 Oct is a
make-up working day."""

import datetime

import pytest

from disclosure.applications import casework
from disclosure.approvals import supervision
from interaction.services import deadlines
from sites.casework.alarms import RED, YELLOW, WorkingDayAlarmClock

D = datetime.date


class Clock(WorkingDayAlarmClock):
    yellow_setting = "CASEWORK_TEST_YELLOW_DAYS"
    yellow_default = 3


def test_every_desks_clock_is_the_one_working_day_clock():
    for clock in (casework.AlarmClock, deadlines.AlarmClock, supervision.AlarmClock):
        assert issubclass(clock, WorkingDayAlarmClock)
        assert "due_level" not in vars(clock) and "yellow_days" not in vars(clock)


@pytest.mark.django_db
def test_red_past_the_deadline_yellow_within_working_days_across_the_holiday():
    clock = Clock(D(2026, 9, 30))
    # Three working days after 30 Sep: 8, 9 and the make-up Saturday 10 Oct.
    assert clock.yellow_horizon == D(2026, 10, 10)
    assert clock.due_level(D(2026, 9, 29)) == RED
    assert clock.due_level(D(2026, 9, 30)) == YELLOW  # due today
    assert clock.due_level(D(2026, 10, 10)) == YELLOW
    assert clock.due_level(D(2026, 10, 11)) == ""
    assert clock.due_level(None) == ""


@pytest.mark.django_db
def test_the_yellow_window_is_a_setting(settings):
    settings.CASEWORK_TEST_YELLOW_DAYS = 1
    assert Clock(D(2026, 9, 30)).yellow_horizon == D(2026, 10, 8)


@pytest.mark.django_db
def test_a_known_horizon_reads_no_calendar(django_assert_num_queries):
    with django_assert_num_queries(0):
        clock = Clock(D(2026, 9, 30), horizon=D(2026, 10, 10))
        assert clock.due_level(D(2026, 10, 9)) == YELLOW


@pytest.mark.django_db
def test_a_list_of_cases_costs_the_same_queries_as_one(
    submit_case, django_assert_max_num_queries
):
    letters = [submit_case("letter")[0] for _ in range(3)]
    clock = deadlines.AlarmClock(D(2026, 9, 30))
    with django_assert_max_num_queries(0):
        levels = [clock.level(letter) for letter in letters]
    assert len(levels) == 3
