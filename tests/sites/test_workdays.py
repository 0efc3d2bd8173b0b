"""Working-day calendar: statutory deadlines in working days (R38)."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from sites.models import CalendarDay, CalendarYear
from sites.services.workdays import (
    Deadline,
    add_working_days,
    is_working_day,
    next_working_day,
    schedule_status,
    working_days_between,
)

pytestmark = pytest.mark.django_db


def make_year(year: int, days: dict[date, bool], *, is_complete: bool = True):
    """Create an admin-entered year; ``days`` maps date -> is_working_day."""
    calendar_year = CalendarYear.objects.create(year=year, is_complete=is_complete)
    for day, working in days.items():
        CalendarDay.objects.create(year=calendar_year, date=day, is_working_day=working)
    return calendar_year


# --- R38: the 2026 Mid-Autumn / National Day schedule from chinese_calendar -------
# 2026-09-25 (Fri) 中秋节 and 2026-10-01..07 国庆节 are holidays; Sunday 2026-09-20
# and Saturday 2026-10-10 are make-up working days (调休上班).


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 9, 20), True),  # Sunday, 调休上班
        (date(2026, 9, 25), False),  # Friday, 中秋节
        (date(2026, 10, 1), False),
        (date(2026, 10, 5), False),  # Monday inside 国庆节
        (date(2026, 10, 7), False),
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),  # Saturday, 调休上班
        (date(2026, 10, 11), False),  # ordinary Sunday
    ],
)
def test_r38_is_working_day_around_national_day_2026(day, working):
    assert is_working_day(day) is working


def test_r38_starting_day_is_not_counted_and_holiday_is_skipped():
    # R38: one working day after 30 Sep is 8 Oct, the whole Golden Week is skipped.
    assert add_working_days(date(2026, 9, 30), 1) == Deadline(date(2026, 10, 8), False)
    assert next_working_day(date(2026, 9, 30)).date == date(2026, 10, 8)
    assert next_working_day(date(2026, 10, 9)).date == date(2026, 10, 10)


def test_r38_twenty_working_days_across_national_day_counts_makeup_saturday():
    # R38: from Mon 21 Sep: 22–24 (3), 25 中秋 off, 28–30 (6), 1–7 Oct off,
    # 8–9 (8), Sat 10 Oct 调休 (9), 12–16 (14), 19–23 (19), 26 Oct (20).
    deadline = add_working_days(date(2026, 9, 21), 20)
    assert deadline.date == date(2026, 10, 26)
    assert deadline.provisional is False
    assert str(deadline) == "2026年10月26日"


def test_r38_makeup_sunday_counts_too():
    # R38: from Fri 18 Sep: Sun 20 Sep 调休 (1), 21–24 (5), 28–30 (8), 8–9 Oct
    # (10), Sat 10 Oct (11), 12–16 (16), 19–22 (20).
    assert add_working_days(date(2026, 9, 18), 20).date == date(2026, 10, 22)


def test_zero_days_is_the_day_itself_or_next_working_day():
    assert add_working_days(date(2026, 9, 30), 0).date == date(2026, 9, 30)
    assert add_working_days(date(2026, 10, 1), 0).date == date(2026, 10, 8)
    assert add_working_days(date(2026, 10, 10), 0).date == date(2026, 10, 10)


def test_negative_days_rejected():
    with pytest.raises(ValueError, match="non-negative"):
        add_working_days(date(2026, 9, 30), -1)


def test_working_days_between():
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 8)) == 1
    assert working_days_between(date(2026, 9, 21), date(2026, 10, 26)) == 20
    assert working_days_between(date(2026, 10, 1), date(2026, 10, 7)) == 0
    assert working_days_between(date(2026, 10, 8), date(2026, 10, 8)) == 0
    assert working_days_between(date(2026, 10, 8), date(2026, 9, 1)) == 0
    start = date(2026, 12, 10)
    for n in (1, 5, 20, 60):
        assert working_days_between(start, add_working_days(start, n).date) == n


# --- Years without a known schedule: provisional, never an exception --------------


def test_deadline_into_2027_is_provisional_not_an_error():
    # 2026: 16–18, 21–25, 28–31 Dec (12); 2027: 1 Jan 元旦 off (fixed-date
    # fallback), 4–8 (17), 11–13 Jan (20).
    deadline = add_working_days(date(2026, 12, 15), 20)
    assert deadline == Deadline(date(2027, 1, 13), True)
    assert str(deadline) == "2027年1月13日（暂定）"
    assert schedule_status(2026) == "package"
    assert schedule_status(2027) == "provisional"


def test_provisional_fallback_uses_weekends_and_fixed_holidays():
    assert is_working_day(date(2028, 5, 1)) is False  # Monday, 劳动节
    assert is_working_day(date(2030, 10, 3)) is False  # Thursday, 国庆节
    assert is_working_day(date(2030, 10, 4)) is True  # unknown: Mon–Fri rule
    assert is_working_day(date(2030, 10, 5)) is False  # Saturday
    assert schedule_status(2003) == "provisional"  # before the package's range
    assert add_working_days(date(2003, 12, 30), 1) == Deadline(date(2003, 12, 31), True)


def test_deadline_within_known_year_is_not_provisional_even_if_next_is_unknown():
    assert add_working_days(date(2026, 12, 1), 5).provisional is False
    # Only the days examined count: the next year's gap doesn't taint this.
    assert add_working_days(date(2026, 12, 30), 1) == Deadline(
        date(2026, 12, 31), False
    )


# --- Admin-entered schedules --------------------------------------------------------


def test_admin_entered_2027_makes_deadline_final_and_is_honoured():
    make_year(
        2027,
        {
            date(2027, 1, 1): False,  # Friday, 元旦
            date(2027, 1, 4): False,  # Monday, hypothetical holiday
            date(2027, 1, 5): False,  # Tuesday, hypothetical holiday
            date(2027, 1, 9): True,  # Saturday, 调休上班
        },
    )
    # 2026: 12 days as before; 2027: 6–8 (15), Sat 9 (16), 11–14 Jan (20).
    deadline = add_working_days(date(2026, 12, 15), 20)
    assert deadline == Deadline(date(2027, 1, 14), False)
    assert str(deadline) == "2027年1月14日"
    assert schedule_status(2027) == "admin"
    assert working_days_between(date(2026, 12, 15), date(2027, 1, 14)) == 20


def test_admin_complete_year_replaces_fixed_date_fallback():
    # A complete admin year lists every exception; 1 May not listed -> working.
    make_year(2027, {date(2027, 1, 1): False})
    assert is_working_day(date(2027, 5, 3)) is True  # Monday
    assert is_working_day(date(2027, 10, 1)) is True  # Friday, not entered


def test_incomplete_admin_year_applies_entries_but_stays_provisional():
    make_year(2027, {date(2027, 1, 4): False}, is_complete=False)
    assert schedule_status(2027) == "provisional"
    assert is_working_day(date(2027, 1, 4)) is False
    assert is_working_day(date(2027, 1, 1)) is False  # fixed-date fallback kept
    assert add_working_days(date(2026, 12, 31), 1) == Deadline(date(2027, 1, 5), True)


def test_admin_year_overrides_package_for_known_year():
    # The admin's 2026 lists only one holiday: 30 Sep. Golden Week isn't listed,
    # so by the admin calendar 1 Oct (Thursday) is an ordinary working day and
    # the package's 调休 Saturday 10 Oct is a rest day.
    make_year(2026, {date(2026, 9, 30): False})
    assert schedule_status(2026) == "admin"
    assert is_working_day(date(2026, 9, 30)) is False
    assert is_working_day(date(2026, 10, 1)) is True
    assert is_working_day(date(2026, 10, 10)) is False
    assert add_working_days(date(2026, 9, 29), 1) == Deadline(date(2026, 10, 1), False)


def test_incomplete_admin_year_layers_on_package():
    make_year(2026, {date(2026, 9, 29): False}, is_complete=False)
    assert schedule_status(2026) == "package"
    assert is_working_day(date(2026, 9, 29)) is False
    assert is_working_day(date(2026, 10, 1)) is False  # still the package's
    assert add_working_days(date(2026, 9, 28), 1).date == date(2026, 9, 30)


def test_query_count_is_bounded(django_assert_max_num_queries):
    make_year(2027, {date(2027, 1, 1): False, date(2027, 1, 9): True})
    with django_assert_max_num_queries(2):
        deadline = add_working_days(date(2026, 11, 2), 200)
    assert deadline.date.year == 2027
    assert deadline.provisional is False
    with django_assert_max_num_queries(2):
        add_working_days(date(2026, 6, 1), 200)
    with django_assert_max_num_queries(2):
        working_days_between(date(2026, 1, 1), date(2028, 12, 31))


def test_day_must_fall_inside_its_year():
    calendar_year = CalendarYear.objects.create(year=2027)
    day = CalendarDay(year=calendar_year, date=date(2026, 11, 30), name="元旦")
    with pytest.raises(ValidationError) as excinfo:
        day.full_clean()
    assert "不在 2027 年内" in str(excinfo.value.message_dict["date"])
    CalendarDay(year=calendar_year, date=date(2027, 1, 1), name="元旦").full_clean()


# --- Wagtail admin --------------------------------------------------------------------


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser(
        username="admin", email="admin@example.com", password="password"
    )
    client.force_login(user)
    return client


def day_form(day: str, *, working: bool = False, name: str = "") -> dict[str, str]:
    data = {"id": "", "date": day, "name": name}
    if working:
        data["is_working_day"] = "on"
    return data


def test_admin_listing_and_create_view(superuser_client):
    make_year(2026, {})
    response = superuser_client.get(reverse("wagtailsnippets_sites_calendaryear:list"))
    assert response.status_code == 200
    assert "工作日历" in response.content.decode()
    assert "2026" in response.content.decode()
    response = superuser_client.get(reverse("wagtailsnippets_sites_calendaryear:add"))
    assert response.status_code == 200


def test_admin_create_year_with_day(superuser_client):
    data = nested_form_data(
        {
            "year": "2027",
            "is_complete": "on",
            "note": "国办发明电〔2026〕1号",
            "days": inline_formset(
                [
                    day_form("2027-01-01", name="元旦"),
                    day_form("2027-01-09", working=True, name="春节调休"),
                ]
            ),
        }
    )
    response = superuser_client.post(
        reverse("wagtailsnippets_sites_calendaryear:add"), data
    )
    assert response.status_code == 302
    calendar_year = CalendarYear.objects.get(year=2027)
    assert list(calendar_year.days.values_list("date", "is_working_day", "name")) == [
        (date(2027, 1, 1), False, "元旦"),
        (date(2027, 1, 9), True, "春节调休"),
    ]
    assert schedule_status(2027) == "admin"
    assert is_working_day(date(2027, 1, 9)) is True


def test_admin_rejects_day_outside_year(superuser_client):
    data = nested_form_data(
        {
            "year": "2027",
            "is_complete": "on",
            "note": "",
            "days": inline_formset([day_form("2026-11-30", name="元旦")]),
        }
    )
    response = superuser_client.post(
        reverse("wagtailsnippets_sites_calendaryear:add"), data
    )
    assert response.status_code == 200
    assert "不在 2027 年内" in response.content.decode()
    assert not CalendarYear.objects.exists()


def test_a_notice_may_carry_days_of_the_previous_december():
    """The 2019 notice covered 29-31 Dec 2018; such days are entered under the
    later year, apply to their own date and leave the earlier year's source alone."""
    year = CalendarYear.objects.create(
        year=2028, note="2028年节假日安排", is_complete=True
    )
    CalendarDay.objects.create(
        year=year, date=date(2027, 12, 31), is_working_day=False, name="元旦"
    )
    CalendarDay(year=year, date=date(2027, 12, 30)).full_clean(exclude=["year"])
    with pytest.raises(ValidationError):
        CalendarDay(year=year, date=date(2027, 11, 30)).full_clean()
    assert not is_working_day(date(2027, 12, 31))  # a Friday, now a holiday
    assert schedule_status(2027) == "provisional"
    assert schedule_status(2028) == "admin"
    # 30 Dec 2027 (Thu) + 1 working day skips the entered holiday on Friday 31 Dec,
    # the weekend and 1 Jan 2028 (a Saturday): Monday 3 Jan 2028.
    assert add_working_days(date(2027, 12, 30), 1).date == date(2028, 1, 3)
