"""From 1 November the dashboard asks the cluster admin for next year's holiday
schedule and lists the open deadlines computed provisionally (DESIGN §3
working days; issue 20 item 6)."""

import datetime
import uuid

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from disclosure.models import DisclosureApplication
from sites.compliance.calendar_prompt import (
    calendar_prompt,
    missing_schedule_year,
    provisional_deadlines,
)
from sites.models import CalendarYear
from tests.disclosure.test_casework import new_case

pytestmark = pytest.mark.django_db
D = datetime.date
DASHBOARD = "/admin/supervision/"


def test_the_prompt_starts_on_1_november_while_next_year_is_unknown():
    # chinese_calendar knows 2026, not 2027 (STYLE: pitfalls).
    assert missing_schedule_year(D(2026, 10, 31)) is None
    assert missing_schedule_year(D(2026, 11, 1)) == 2027
    assert missing_schedule_year(D(2026, 12, 31)) == 2027
    # A known next year (2026 is in the package) needs no prompt.
    assert missing_schedule_year(D(2025, 11, 15)) is None

    # A draft entry keeps the year provisional; a complete one ends the prompt.
    year = CalendarYear.objects.create(year=2027, is_complete=False)
    assert missing_schedule_year(D(2026, 11, 1)) == 2027
    year.is_complete = True
    year.save()
    assert missing_schedule_year(D(2026, 11, 1)) is None


def open_application(site, due_on, provisional):
    application = new_case(site)
    DisclosureApplication.objects.filter(pk=application.pk).update(
        case_number=f"YSQ-{uuid.uuid4().hex[:8]}",
        status="handling",
        due_on=due_on,
        due_provisional=provisional,
    )
    application.refresh_from_db()
    return application


def test_deadlines_in_a_year_without_schedule_are_listed(cluster, client, roles):
    late = open_application(cluster.edu, D(2027, 1, 12), True)
    known = open_application(cluster.health, D(2026, 12, 18), False)

    rows = provisional_deadlines(None)
    assert [(r.kind, r.label, r.due_on) for r in rows] == [
        ("依申请公开", late.case_number, D(2027, 1, 12))
    ]
    assert known.case_number not in {r.label for r in rows}
    # A site's own view only lists its own cases.
    assert provisional_deadlines({cluster.health.pk}) == []

    prompt = calendar_prompt(D(2026, 11, 2), None)
    assert prompt["year"] == 2027
    assert [r.label for r in prompt["deadlines"]] == [late.case_number]
    assert calendar_prompt(D(2026, 10, 2), None)["year"] is None

    client.force_login(roles["cluster_admin"])
    page = BeautifulSoup(client.get(DASHBOARD).content, "html.parser")
    cells = [
        [td.get_text(strip=True) for td in tr.select("td")]
        for tr in page.select(".provisional-deadline")
    ]
    assert cells == [["依申请公开", late.case_number, "2027-01-12（暂定）"]]
    expected = missing_schedule_year(timezone.localdate())
    missing = page.select_one(".calendar-missing")
    assert (missing is not None) == (expected is not None)

    # Entering the year ends the provisional status of its deadlines.
    CalendarYear.objects.create(year=2027, is_complete=True)
    assert provisional_deadlines(None) == []

    # A site administrator keeps no calendar: no prompt on their dashboard.
    client.force_login(roles["site_admin"])
    page = BeautifulSoup(client.get(DASHBOARD).content, "html.parser")
    assert page.select_one(".calendar-prompt") is None
