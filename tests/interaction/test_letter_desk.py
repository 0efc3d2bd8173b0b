"""The letter desk (信件办理) as a case-desk viewset (issue 19 item 3): its old
addresses, its filters and export, refusals by state and by site."""

import csv
import io
import uuid

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.permissions import policy_registry

from interaction.letter_desk import letter_policy
from interaction.models import Letter
from interaction.services import letter_workflow as workflow

from .helpers import EDU_HOST, PHONE, PORTAL_HOST

pytestmark = pytest.mark.django_db
DESK = "/admin/interaction/letters/"


def submit(mailbox, subject, name="李四"):
    letter, _ = workflow.submit(mailbox, mailbox.categories.first(), {
        "subject": subject, "content": "内容", "name": name, "phone": PHONE,
    }, uuid.uuid4())  # fmt: skip
    return letter


@pytest.fixture
def letters(cluster):
    return {
        "portal": submit(cluster.portal.mailboxes.get(), "市长信箱来信"),
        "health": submit(cluster.health.mailboxes.get(), "卫健委信箱来信"),
        "health_other": submit(cluster.health.mailboxes.get(), "卫健委另一封来信"),
    }


def staff(client, user):
    client.force_login(user)
    return client


def xlsx_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_old_addresses_redirect_to_the_desk_and_old_names_still_reverse(
    client, cluster, people, letters
):
    staff(client, people["health"])
    moved = {
        "/admin/interaction/reminders/": "/admin/interaction/letters/reminders/",
        "/admin/interaction/overdue/?site=3": "/admin/interaction/letters/overdue/?site=3",
    }
    for old, new in moved.items():
        response = client.get(old, HTTP_HOST=PORTAL_HOST)
        assert response.status_code == 302 and response.url == new
    reminders = client.get(
        "/admin/interaction/reminders/", HTTP_HOST=PORTAL_HOST, follow=True
    )
    assert reminders.status_code == 200 and "办理提醒" in reminders.content.decode()
    # The names other code reverses keep pointing at the same pages.
    letter = letters["health"]
    assert reverse("interaction_admin_letters") == DESK
    assert reverse("interaction_admin_letter", args=[letter.pk]) == (
        f"{DESK}{letter.pk}/"
    )
    assert reverse("interaction_admin_letter_action", args=[letter.pk, "accept"]) == (
        f"{DESK}{letter.pk}/accept/"
    )
    assert reverse("interaction_admin_reminders") == "/admin/interaction/reminders/"
    # The desk's policy is the one Wagtail asks about letters.
    assert policy_registry.get_by_type(Letter) is letter_policy


def test_the_export_holds_only_the_users_sites_letters_masked(
    client, cluster, people, letters
):
    staff(client, people["health"])
    page = client.get(DESK, HTTP_HOST=PORTAL_HOST).content.decode()
    assert "Excel（xlsx）" in page and "CSV" in page
    rows = xlsx_rows(client.get(DESK, {"export": "xlsx"}, HTTP_HOST=PORTAL_HOST))
    assert rows[0] == [
        "信件编号", "信箱", "类别", "承办单位", "来信人", "标题", "来信时间", "状态",
        "答复期限", "预警",
    ]  # fmt: skip
    numbers = {row[0] for row in rows[1:]}
    assert numbers == {
        letters["health"].case_number,
        letters["health_other"].case_number,
    }
    flat = repr(rows)
    assert "李*" in flat and "李四" not in flat and PHONE not in flat
    # The supervisor's export holds every site's letters, masked the same.
    staff(client, people["supervisor"])
    response = client.get(DESK, {"export": "csv"}, HTTP_HOST=PORTAL_HOST)
    text = b"".join(response.streaming_content).decode()
    listed = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert sorted(listed) == sorted(letter.case_number for letter in letters.values())
    assert "李四" not in text and PHONE not in text


def test_filters_narrow_the_list_and_the_export(client, cluster, people, letters):
    staff(client, people["health"])
    html = client.get(DESK, {"q": "另一封"}, HTTP_HOST=PORTAL_HOST).content.decode()
    assert "卫健委另一封来信" in html and "卫健委信箱来信" not in html
    assert "共 1 件" in html
    rows = xlsx_rows(
        client.get(DESK, {"q": "另一封", "export": "xlsx"}, HTTP_HOST=PORTAL_HOST)
    )
    assert [row[0] for row in rows[1:]] == [letters["health_other"].case_number]
    html = client.get(DESK, {"status": "closed"}, HTTP_HOST=PORTAL_HOST)
    assert "没有符合条件的信件。" in html.content.decode()
    html = client.get(DESK, {"status": "open"}, HTTP_HOST=PORTAL_HOST).content.decode()
    assert "共 2 件" in html
    # The supervisor filters by 承办单位.
    staff(client, people["supervisor"])
    html = client.get(
        DESK, {"site": cluster.portal.pk}, HTTP_HOST=PORTAL_HOST
    ).content.decode()
    assert "市长信箱来信" in html and "卫健委信箱来信" not in html
    assert "承办单位" in html


def test_an_action_in_the_wrong_state_is_refused_and_changes_nothing(
    client, cluster, people, letters
):
    letter = letters["health"]
    staff(client, people["health"])
    response = client.post(
        f"{DESK}{letter.pk}/reply/", {"reply": "答复"}, HTTP_HOST=PORTAL_HOST,
        follow=True,
    )  # fmt: skip
    assert "只有办理中的信件可以答复。" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == "submitted" and not letter.reply
    # An action the desk does not know is refused outright.
    response = client.post(f"{DESK}{letter.pk}/no-such/", {}, HTTP_HOST=PORTAL_HOST)
    assert response.status_code == 403 or response.url == "/admin/"


def test_another_sites_handler_is_refused_the_letter_and_its_actions(
    client, cluster, people, letters
):
    letter = letters["portal"]
    staff(client, people["health"])
    for response in (
        client.get(f"{DESK}{letter.pk}/", HTTP_HOST=PORTAL_HOST),
        client.post(
            f"{DESK}{letter.pk}/accept/", {"site": cluster.health.pk},
            HTTP_HOST=PORTAL_HOST,
        ),
    ):  # fmt: skip
        assert response.status_code == 403 or (
            response.status_code == 302 and response.url == "/admin/"
        )
    letter.refresh_from_db()
    assert letter.status == "submitted"
    # Neither the list nor the export of another site shows it.
    html = client.get(DESK, HTTP_HOST=EDU_HOST).content.decode()
    assert letter.case_number not in html
