"""A letter's reply is reviewed before it goes out by the site's 审核 (or 站点管理员),
never by its author (issue 17 item 4; REQUIREMENTS §7.1 step 5 "审核", R43, R53,
R54). Driven over HTTP through the admin's real views as each role: the clerk
(信件办理) 受理s a letter for their own unit and replies; the author has no
approve button and a forged POST changes nothing; the site's 审核 reads the
letter in full (audited), returns it with a comment the clerk reads, then
approves and publishes it redacted; a 审核 of another site sees and does nothing.
"""

import datetime
import re
import uuid

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interaction.models import Letter
from interaction.services import letter_workflow as workflow
from interaction.services.deadlines import Alarm, AlarmClock
from interaction.services.statistics import monthly
from sites.models import AuditEvent
from sites.services.provisioning import SiteRole, site_groups

from .helpers import (
    ADDRESS,
    EDU_HOST,
    PHONE,
    VALID_ID,
    receipt_of,
    refused,
    text_of,
    write_letter,
)

ADMIN = "/admin/interaction/letters/"
EDU = "北疆市教育局"


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def action_buttons(page) -> dict[str, str]:
    """Each form's action (the last part of its URL) → its submit button's text."""
    found = {}
    for form in page.select("main form[action*='/admin/interaction/letters/']"):
        action = form["action"].rstrip("/").rsplit("/", 1)[-1]
        button = form.find("button")
        found.setdefault(action, []).append(button.get_text(strip=True))
    return found


def messages_of(client) -> str:
    return text_of(client.get("/admin/", HTTP_HOST=EDU_HOST).content.decode())


@pytest.fixture
def edu_people(cluster, make_user, people):
    groups = site_groups(EDU)
    return {
        "clerk": people["edu"],
        "reviewer": people["edu_reviewer"],
        "site_admin": make_user("edu-site-admin", groups[SiteRole.SITE_ADMIN]),
        "health_reviewer": make_user(
            "sh-health", site_groups(cluster.health.site_name)[SiteRole.REVIEWER]
        ),
    }


def _letter_to_edu(client) -> Letter:
    assert write_letter(client, host=EDU_HOST, site_name=EDU).status_code == 302
    case_number, _ = receipt_of(client, host=EDU_HOST)
    letter = Letter.objects.get(case_number=case_number)
    assert letter.mailbox.site.site_name == EDU
    return letter


def _post(client, user, letter, action, **data):
    client.force_login(user)
    return client.post(f"{ADMIN}{letter.pk}/{action}/", data, HTTP_HOST=EDU_HOST)


def _audit(letter, action):
    return list(
        AuditEvent.objects.filter(
            action=f"interaction.letter.{action}", object_title=letter.case_number
        ).select_related("user")
    )


def test_accept_reply_review_return_approve_publish_as_each_role(
    client, cluster, edu_people
):
    clerk, reviewer = edu_people["clerk"], edu_people["reviewer"]
    letter = _letter_to_edu(client)
    staff = client.__class__()

    # 受理 for one's own unit is labelled 受理; 转办 to another unit stays.
    staff.force_login(clerk)
    buttons = action_buttons(
        soup(staff.get(f"{ADMIN}{letter.pk}/", HTTP_HOST=EDU_HOST))
    )
    assert buttons["accept"] == ["受理", "受理并转办"]
    response = _post(staff, clerk, letter, "accept", site=cluster.edu.pk, note="")
    assert response.status_code == 302
    assert "已受理，由本单位办理。" in messages_of(staff)
    letter.refresh_from_db()
    assert (letter.status, letter.handling_site) == ("handling", cluster.edu)
    event = letter.events.get(action="receive")
    assert event.label == "受理" and event.from_site is None and event.to_site is None
    page = text_of(
        staff.get(f"{ADMIN}{letter.pk}/", HTTP_HOST=EDU_HOST).content.decode()
    )
    assert "受理并转办" not in page.split("办理记录")[1]
    assert f"{EDU} → {EDU}" not in page

    # The clerk replies: submitted for review. The author sees no approve button.
    _post(
        staff,
        clerk,
        letter,
        "reply",
        reply=f"您好，报名材料为户口簿。来电{PHONE}已记录。",
    )
    letter.refresh_from_db()
    assert letter.status == "replied" and letter.replied_by == clerk
    page = soup(staff.get(f"{ADMIN}{letter.pk}/", HTTP_HOST=EDU_HOST))
    assert "approve" not in action_buttons(page) and "return" not in action_buttons(
        page
    )
    assert "等待信箱所属单位的审核人员审核" in page.get_text()
    # A forged POST is refused in Chinese and changes nothing.
    assert _post(staff, clerk, letter, "approve", publish="1").status_code == 302
    assert "只有信箱所属单位的审核人员或站点管理员可以审核答复。" in messages_of(staff)
    letter.refresh_from_db()
    assert letter.status == "replied" and not letter.is_published
    assert _audit(letter, "approve") == []

    # The site's 审核 finds it on the 工作台 and the desk, reads it in full (audited).
    staff.force_login(reviewer)
    dashboard = text_of(staff.get("/admin/", HTTP_HOST=EDU_HOST).content.decode())
    assert "待审核的信件答复" in dashboard and letter.case_number in dashboard
    desk = text_of(staff.get(ADMIN, HTTP_HOST=EDU_HOST).content.decode())
    assert letter.case_number in desk
    page = soup(staff.get(f"{ADMIN}{letter.pk}/", HTTP_HOST=EDU_HOST))
    text = page.get_text()
    assert "李四" in text and PHONE in text and VALID_ID in text and ADDRESS in text
    assert "户口簿" in text
    assert reviewer in [e.user for e in _audit(letter, "view_personal_data")]
    buttons = action_buttons(page)
    assert buttons["approve"] == ["审核通过"] and buttons["return"] == ["退回承办单位"]
    preview = page.select_one(".letter-preview").get_text()
    assert PHONE not in preview and "李四" not in preview

    # Return without a comment is refused; with one, the clerk reads it.
    _post(staff, reviewer, letter, "return", note=" ")
    assert "退回时请填写退回意见。" in messages_of(staff)
    letter.refresh_from_db()
    assert letter.status == "replied"
    _post(staff, reviewer, letter, "return", note="请补充报名时间")
    letter.refresh_from_db()
    assert letter.status == "handling"
    staff.force_login(clerk)
    page = soup(staff.get(f"{ADMIN}{letter.pk}/", HTTP_HOST=EDU_HOST))
    assert (
        page.select_one(".letter-returned .return-note").get_text() == "请补充报名时间"
    )
    assert "户口簿" in page.select_one("textarea#reply").get_text()  # to amend
    _post(
        staff,
        clerk,
        letter,
        "reply",
        reply="您好，报名材料为户口簿，报名时间为6月1日。",
    )

    # Approved and published: the reply is public on the letter's page, redacted.
    staff.force_login(reviewer)
    assert letter.case_number in text_of(
        staff.get("/admin/", HTTP_HOST=EDU_HOST).content.decode()
    )
    _post(staff, reviewer, letter, "approve", publish="1", note="同意")
    assert "答复已公开" in messages_of(staff)
    letter.refresh_from_db()
    assert letter.status == "closed" and letter.is_published
    public = client.__class__().get(
        f"/hdjl/ldxx/{letter.case_number}/", HTTP_HOST=EDU_HOST
    )
    html = text_of(public.content.decode())
    assert public.status_code == 200 and "报名时间为6月1日" in html
    for secret in ("李四", PHONE, VALID_ID, ADDRESS):
        assert secret not in html
    assert letter.case_number not in text_of(
        staff.get("/admin/", HTTP_HOST=EDU_HOST).content.decode()
    )

    # The audit log records each step with its actor.
    steps = [
        (e.action.rsplit(".", 1)[1], e.user)
        for e in AuditEvent.objects.filter(object_title=letter.case_number)
        .exclude(action__endswith="view_personal_data")
        .order_by("timestamp", "pk")
    ]
    assert steps == [
        ("accept", clerk), ("reply", clerk), ("return", reviewer),
        ("reply", clerk), ("approve", reviewer), ("publish", reviewer),
    ]  # fmt: skip
    assert all(
        e.ip_address for e in AuditEvent.objects.filter(object_title=letter.case_number)
    )
    # The public history reads 受理 … 审核退回 … 审核通过 … 公开.
    assert [e.label for e in letter.events.all()] == [
        "来信", "受理", "答复", "审核退回", "答复", "审核通过", "公开",
    ]  # fmt: skip


def test_transfer_to_another_unit_is_still_accept_and_route(client, cluster, people):
    letter = _letter_to_edu(client)
    staff = client.__class__()
    _post(
        staff,
        people["edu"],
        letter,
        "accept",
        site=cluster.health.pk,
        note="请卫健委答复",
    )
    assert "已受理并转办至" in messages_of(staff)
    event = Letter.objects.get(pk=letter.pk).events.get(action="accept")
    assert event.label == "受理并转办"
    assert (event.from_site, event.to_site) == (cluster.edu, cluster.health)
    # 卫健委 replies; 教育局's 审核 (the mailbox's site) reviews, not 卫健委's.
    workflow.reply(letter, people["health"], "答复")
    staff.force_login(people["edu_reviewer"])
    assert staff.get(f"{ADMIN}{letter.pk}/", HTTP_HOST=EDU_HOST).status_code == 200


def test_the_site_admin_reviews_too_and_nobody_approves_their_own(
    client, cluster, edu_people, make_user
):
    letter = _letter_to_edu(client)
    clerk = edu_people["clerk"]
    workflow.accept(letter, clerk, cluster.edu)
    # A clerk who also holds 审核 replies: they cannot review their own reply.
    both = make_user("xx-and-sh", site_groups(EDU)[SiteRole.LETTER_HANDLER])
    both.groups.add(site_groups(EDU)[SiteRole.REVIEWER])
    workflow.reply(letter, both, "答复")
    staff = client.__class__()
    staff.force_login(both)
    page = soup(staff.get(f"{ADMIN}{letter.pk}/", HTTP_HOST=EDU_HOST))
    assert "approve" not in action_buttons(page)
    assert letter.case_number not in text_of(
        staff.get("/admin/", HTTP_HOST=EDU_HOST).content.decode()
    )
    _post(staff, both, letter, "approve")
    assert "不能审核本人提交的答复。" in messages_of(staff)
    assert Letter.objects.get(pk=letter.pk).status == "replied"
    # The 站点管理员 has the approve form and approves without publishing.
    admin = edu_people["site_admin"]
    staff.force_login(admin)
    assert "approve" in action_buttons(
        soup(staff.get(f"{ADMIN}{letter.pk}/", HTTP_HOST=EDU_HOST))
    )
    _post(staff, admin, letter, "approve")
    letter.refresh_from_db()
    assert letter.status == "closed" and not letter.is_published
    assert _audit(letter, "approve")[0].user == admin


def test_a_reviewer_of_another_site_neither_sees_nor_acts(client, cluster, edu_people):
    letter = _letter_to_edu(client)
    reviewer, outsider = edu_people["reviewer"], edu_people["health_reviewer"]
    staff = client.__class__()
    # Before a reply is submitted the 审核 has no business with the letter.
    staff.force_login(reviewer)
    assert refused(staff.get(f"{ADMIN}{letter.pk}/", HTTP_HOST=EDU_HOST))
    assert (
        letter.case_number not in staff.get(ADMIN, HTTP_HOST=EDU_HOST).content.decode()
    )
    workflow.accept(letter, edu_people["clerk"], cluster.edu)
    workflow.reply(letter, edu_people["clerk"], "答复")
    staff.force_login(outsider)
    assert refused(staff.get(f"{ADMIN}{letter.pk}/", HTTP_HOST=EDU_HOST))
    desk = staff.get(ADMIN, HTTP_HOST=EDU_HOST).content.decode()
    assert letter.case_number not in desk and "李四" not in desk
    assert (
        letter.case_number
        not in staff.get("/admin/", HTTP_HOST=EDU_HOST).content.decode()
    )
    for action, data in (("approve", {"publish": "1"}), ("return", {"note": "x"}),
                         ("publish", {})):  # fmt: skip
        assert refused(_post(staff, outsider, letter, action, **data))
    letter.refresh_from_db()
    assert letter.status == "replied" and not letter.is_published
    assert not AuditEvent.objects.filter(
        user=outsider, action__startswith="interaction."
    ).exists()


def test_the_deadline_runs_through_the_review(client, cluster, edu_people):
    """R53: the working-day deadline counts until the reply goes out (approved)."""
    letter = _letter_to_edu(client)
    workflow.accept(letter, edu_people["clerk"], cluster.edu)
    workflow.reply(letter, edu_people["clerk"], "答复")
    Letter.objects.filter(pk=letter.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    letter.refresh_from_db()
    assert AlarmClock().level(letter) is Alarm.RED
    staff = client.__class__()
    staff.force_login(edu_people["reviewer"])
    panel = soup(staff.get("/admin/", HTTP_HOST=EDU_HOST))
    section = panel.select_one("[id^=interaction_replies_to_review]")
    row = next(tr for tr in section.select("tr") if letter.case_number in tr.get_text())
    assert "红灯" in row.get_text()
    desk = staff.get(f"{ADMIN}?alarm=red", HTTP_HOST=EDU_HOST).content.decode()
    assert letter.case_number in desk
    assert monthly([cluster.edu.pk])[0].answered == 0  # not answered yet
    workflow.review(letter, edu_people["reviewer"], True)
    letter.refresh_from_db()
    assert AlarmClock().level(letter) is None
    assert monthly([cluster.edu.pk])[0].answered == 1


def test_the_reviewers_desk_and_panel_do_not_query_per_letter(
    client, cluster, edu_people
):
    clerk, reviewer = edu_people["clerk"], edu_people["reviewer"]
    mailbox = cluster.edu.mailboxes.get()

    def replied(count):
        for n in range(count):
            letter, _ = workflow.submit(mailbox, mailbox.categories.first(), {
                "subject": f"来信{n}", "content": "内容", "name": "李四", "phone": PHONE,
            }, uuid.uuid4())  # fmt: skip
            workflow.accept(letter, clerk, cluster.edu)
            workflow.reply(letter, clerk, "答复")

    replied(1)
    staff = client.__class__()
    staff.force_login(reviewer)
    counts = {}
    for name, path in (("desk", ADMIN), ("dashboard", "/admin/")):
        staff.get(path, HTTP_HOST=EDU_HOST)
        with CaptureQueriesContext(connection) as one:
            staff.get(path, HTTP_HOST=EDU_HOST)
        counts[name] = len(one)
    replied(6)
    for name, path in (("desk", ADMIN), ("dashboard", "/admin/")):
        with CaptureQueriesContext(connection) as seven:
            html = staff.get(path, HTTP_HOST=EDU_HOST).content.decode()
        assert len(re.findall(r"来信5", html)) >= 1
        assert len(seven) == counts[name], (name, counts[name], len(seven))
    # Fixed figures (README), the same on SQLite and PostgreSQL: desk and 工作台 of a
    # 审核 (the 工作台 holds the 依申请 签发 panel too).
    assert counts == {"desk": 19, "dashboard": 46}, counts
