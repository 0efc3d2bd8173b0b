"""Deadlines in working days across the 2026 National Day holiday (R53) and the
alarms on the supervisor's 督办 list: yellow before the deadline, red after it,
hard long before the three-month veto."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from interaction.models import Letter
from interaction.services import letter_workflow as workflow
from interaction.services.deadlines import (
    Alarm,
    AlarmClock,
    WorkingDayCounter,
    veto_line,
)
from sites.services.workdays import working_days_between

from .helpers import PHONE, PORTAL_HOST

BEIJING = ZoneInfo("Asia/Shanghai")


def submit(cluster, kind="咨询", when=None, subject="关于国庆假期的咨询"):
    mailbox = cluster.portal.mailboxes.get()
    letter, _ = workflow.submit(mailbox, mailbox.categories.get(name=kind), {
        "subject": subject, "content": "内容", "name": "李四", "phone": PHONE,
        "may_publish": True,
    }, uuid.uuid4())  # fmt: skip
    if when is not None:
        from interaction.services.deadlines import set_due_dates

        letter.submitted_at = when
        set_due_dates(letter)
        letter.save()
    return letter


@pytest.mark.parametrize(
    ("kind", "acknowledge", "due"),
    [
        # Tue 29 Sep: 30 Sep, then 国庆 1–7 Oct, 8, 9, 10 (调休 Saturday), 12 Oct.
        ("咨询", datetime.date(2026, 9, 30), datetime.date(2026, 10, 12)),
        ("建议", datetime.date(2026, 9, 30), datetime.date(2026, 10, 26)),
        ("投诉", datetime.date(2026, 9, 30), datetime.date(2026, 10, 26)),
    ],
)
def test_r53_deadlines_count_working_days_across_national_day(
    cluster, kind, acknowledge, due
):
    letter = submit(
        cluster, kind, datetime.datetime(2026, 9, 29, 16, 0, tzinfo=BEIJING)
    )
    assert letter.acknowledge_due_on == acknowledge
    assert letter.due_on == due
    assert not letter.due_provisional
    received = datetime.date(2026, 9, 29)
    days = letter.category.reply_working_days
    assert working_days_between(received, due) == days


def test_a_letter_written_in_the_holiday_counts_from_the_first_working_day(cluster):
    letter = submit(
        cluster, "咨询", datetime.datetime(2026, 10, 3, 10, 0, tzinfo=BEIJING)
    )
    # 8, 9, 10, 12, 13 October.
    assert letter.due_on == datetime.date(2026, 10, 13)
    assert letter.acknowledge_due_on == datetime.date(2026, 10, 8)


def test_alarm_levels_across_the_holiday(cluster):
    letter = submit(
        cluster, "咨询", datetime.datetime(2026, 9, 29, 9, 0, tzinfo=BEIJING)
    )
    # Not yet accepted after its acknowledgement deadline (30 Sep).
    assert AlarmClock(datetime.date(2026, 9, 30)).level(letter) is None
    assert AlarmClock(datetime.date(2026, 10, 8)).level(letter) is Alarm.UNACKNOWLEDGED
    letter.status = "handling"
    levels = {
        day: AlarmClock(day).level(letter)
        for day in (datetime.date(2026, 9, 30), datetime.date(2026, 10, 8),
                    datetime.date(2026, 10, 9), datetime.date(2026, 10, 12),
                    datetime.date(2026, 10, 13), datetime.date(2026, 11, 13))
    }  # fmt: skip
    # Yellow two working days ahead: on 8 Oct the deadline (12 Oct) is 3 working days away.
    assert levels[datetime.date(2026, 9, 30)] is None
    assert levels[datetime.date(2026, 10, 8)] is None
    assert levels[datetime.date(2026, 10, 9)] is Alarm.YELLOW
    assert levels[datetime.date(2026, 10, 12)] is Alarm.YELLOW
    assert levels[datetime.date(2026, 10, 13)] is Alarm.RED
    # 45 calendar days after arrival, far before the 3-month veto (29 Dec).
    assert levels[datetime.date(2026, 11, 13)] is Alarm.HARD
    assert veto_line(datetime.date(2026, 9, 29)) == datetime.date(2026, 12, 29)
    assert veto_line(datetime.date(2026, 11, 30)) == datetime.date(2027, 2, 28)
    letter.status = "closed"
    assert AlarmClock(datetime.date(2026, 11, 13)).level(letter) is None


def test_the_working_day_counter_agrees_with_the_calendar(db):
    first, last = datetime.date(2026, 9, 1), datetime.date(2026, 12, 31)
    counter = WorkingDayCounter(first, last)
    for start, end in [((2026, 9, 29), (2026, 10, 12)), ((2026, 9, 1), (2026, 12, 31)),
                       ((2026, 10, 1), (2026, 10, 8)), ((2026, 10, 9), (2026, 10, 9))]:  # fmt: skip
        start, end = datetime.date(*start), datetime.date(*end)
        assert counter.between(start, end) == working_days_between(start, end)


def test_an_unanswered_letter_turns_yellow_then_red_on_the_supervisors_list(
    client, cluster, people
):
    """The clock is "moved" by dating the letter: the list always runs on today."""
    from sites.services.workdays import add_working_days

    letter = submit(cluster, subject="督办测试信件")
    workflow.accept(letter, people["portal"], cluster.edu)
    today = timezone.localdate()
    client.force_login(people["supervisor"])

    def overdue_page():
        return client.get(
            "/admin/interaction/letters/overdue/", HTTP_HOST=PORTAL_HOST
        ).content.decode()

    Letter.objects.filter(pk=letter.pk).update(due_on=add_working_days(today, 4).date)
    assert letter.case_number not in overdue_page()
    Letter.objects.filter(pk=letter.pk).update(due_on=add_working_days(today, 1).date)
    html = overdue_page()
    assert letter.case_number in html and "黄色预警" in html and "红色预警" not in html
    Letter.objects.filter(pk=letter.pk).update(
        due_on=today - datetime.timedelta(days=1)
    )
    html = overdue_page()
    assert letter.case_number in html and "红色预警" in html
    # Personal data stays masked for the supervisor.
    assert "李*" in html and "李四" not in html
    Letter.objects.filter(pk=letter.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=46)
    )
    assert "严重超期" in overdue_page()
    # Handlers and editors have no 督办 list.
    for who in ("edu", "edu_editor"):
        client.force_login(people[who])
        response = client.get(
            "/admin/interaction/letters/overdue/", HTTP_HOST=PORTAL_HOST
        )
        assert response.status_code == 302 and response.url == "/admin/"
    # The handler sees it in the reminder list of their own site.
    client.force_login(people["edu"])
    assert (
        letter.case_number
        in client.get(
            "/admin/interaction/letters/reminders/", HTTP_HOST=PORTAL_HOST
        ).content.decode()
    )


def test_the_daily_reminder_mails_each_sites_handlers_their_letters_only(
    cluster, people, settings
):
    import io

    from django.core import mail
    from django.core.management import call_command

    late = submit(cluster, subject="逾期信件")
    workflow.accept(late, people["portal"], cluster.edu)
    Letter.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    fresh = submit(cluster, subject="新信件")
    workflow.accept(fresh, people["portal"], cluster.health)
    mail.outbox.clear()
    out = io.StringIO()
    call_command("send_letter_reminders", stdout=out)
    assert [m.to for m in mail.outbox] == [["xx@jyj.example.gov.cn"]]
    body = mail.outbox[0].body
    assert late.case_number in body and "红色预警" in body
    assert fresh.case_number not in body and PHONE not in body and "李四" not in body
    settings.EMAIL_BACKEND = (
        "tests.disclosure.application_helpers_broken_mail.BrokenBackend"
    )
    errors = io.StringIO()
    call_command("send_letter_reminders", stdout=out, stderr=errors)
    assert "发送失败" in errors.getvalue()
