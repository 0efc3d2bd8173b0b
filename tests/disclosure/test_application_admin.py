"""The handlers' case desk in the admin, as each role (issue #4 item 4; R33–R44;
SECURITY: personal data only in the handler's own view)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from disclosure.applications import casework
from disclosure.applications.case_terms import Status
from sites.models import AuditEvent
from sites.services.provisioning import SiteRole, site_groups
from sites.services.roles import SUPERVISOR, ensure_cluster_groups
from sites.services.workdays import add_working_days

from .test_casework import SEP_24, new_case

pytestmark = pytest.mark.django_db
LIST = "/admin/disclosure/applications/"
FULL_ID = "11010519491231002X"


@pytest.fixture
def desk(cluster, make_user):
    edu = site_groups(cluster.edu.site_name)
    return {
        "handler": make_user("edu-gk", edu[SiteRole.DISCLOSURE_HANDLER]),
        "head": make_user("edu-head", edu[SiteRole.SITE_ADMIN]),
        "editor": make_user("edu-editor", edu[SiteRole.EDITOR]),
        "health_handler": make_user(
            "health-gk",
            site_groups(cluster.health.site_name)[SiteRole.DISCLOSURE_HANDLER],
        ),
        "supervisor": make_user("supervisor", ensure_cluster_groups()[SUPERVISOR]),
        "edu_case": new_case(cluster.edu, name="张三"),
        "health_case": new_case(cluster.health, name="李四"),
    }


def refused(response) -> bool:
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == "/admin/"
    )


def as_user(client, user):
    client.force_login(user)
    return client


def test_handlers_see_only_their_own_sites_cases(client, desk):
    page = as_user(client, desk["handler"]).get(LIST)
    assert page.status_code == 200
    html = page.content.decode()
    assert desk["edu_case"].case_number in html
    assert desk["health_case"].case_number not in html
    assert "张*" in html and FULL_ID not in html  # masked even for the handler in lists
    assert refused(client.get(f"{LIST}{desk['health_case'].pk}/"))


def test_the_handler_sees_the_applicant_in_full_and_moves_the_case(client, desk):
    case = desk["edu_case"]
    as_user(client, desk["handler"])
    detail = client.get(f"{LIST}{case.pk}/").content.decode()
    assert FULL_ID in detail and "13912345678" in detail
    response = client.post(
        f"{LIST}{case.pk}/register/", {"register-received_on": SEP_24.isoformat()}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.REGISTERED and case.due_on == datetime.date(
        2026, 10, 29
    )
    response = client.post(f"{LIST}{case.pk}/review/", {"review-note": ""})
    case.refresh_from_db()
    assert case.status == Status.REVIEWING
    # Every view of the unmasked applicant is in the audit log (SECURITY.md).
    assert AuditEvent.objects.filter(
        action="disclosure.application.view_personal_data",
        user=desk["handler"],
        object_id=str(case.pk),
    ).exists()
    # The reply, with the R41 referral fields, goes to review; the office head
    # signs it off (issue #17 item 4) and that closes the case.
    reply = {
        "reply-outcome": "unavailable_not_held",
        "reply-legal_reason": "本机关不掌握该信息（《条例》第三十六条第五项）",
        "reply-reply_text": "经检索，本机关未制作或获取该信息。",
        "reply-referred_to": "北疆市市场监督管理局 0477-8120000",
    }
    assert client.post(f"{LIST}{case.pk}/reply/", reply).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.REVIEWING
    head = Client()
    head.force_login(desk["head"])
    assert head.post(f"{LIST}{case.pk}/sign_off/", {}).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.REPLIED and case.referred_to.startswith("北疆市市场")
    today = timezone.localdate().isoformat()
    assert case.replied_on.isoformat() == today
    assert client.post(f"{LIST}{case.pk}/archive/", {}).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ARCHIVED
    # The applicant applies for 行政复议: recorded at the desk for Table 3.
    appeal = {"appeal-kind": "reconsideration", "appeal-filed_on": today}
    assert client.post(f"{LIST}{case.pk}/appeal/", appeal).status_code == 302
    decided = {"appeal_decided-kind": "reconsideration",
               "appeal_decided-result": "maintained",
               "appeal_decided-decided_on": today}  # fmt: skip
    assert client.post(f"{LIST}{case.pk}/appeal_decided/", decided).status_code == 302
    assert list(case.appeals.values_list("result", flat=True)) == ["maintained"]
    assert "行政复议" in client.get(f"{LIST}{case.pk}/").content.decode()


def test_supervisors_viewing_masked_cases_are_not_logged_as_unmasking(client, desk):
    as_user(client, desk["supervisor"])
    # Both cases came in on 24 Sep and were never confirmed: red for the supervisor.
    red = client.get(f"{LIST}?alarm=red").content.decode()
    assert desk["edu_case"].case_number in red
    assert desk["health_case"].case_number in red
    assert client.get(f"{LIST}{desk['edu_case'].pk}/").status_code == 200
    assert not AuditEvent.objects.filter(
        action="disclosure.application.view_personal_data"
    ).exists()


def test_bad_action_input_is_refused_in_chinese_and_changes_nothing(client, desk):
    case = desk["edu_case"]
    as_user(client, desk["handler"])
    response = client.post(
        f"{LIST}{case.pk}/register/", {"register-received_on": "2026-09-01"}
    )
    assert response.status_code == 400
    assert "受理确认日期应在提交日期之后" in response.content.decode()
    response = client.post(f"{LIST}{case.pk}/archive/", {})
    assert response.status_code == 400
    assert "只有已答复的申请可以归档" in response.content.decode()
    assert refused(client.post(f"{LIST}{case.pk}/no-such-action/", {}))
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_other_roles_are_kept_out(client, desk):
    case = desk["edu_case"]
    assert refused(as_user(client, desk["editor"]).get(LIST))
    assert refused(client.get(f"{LIST}{case.pk}/"))
    as_user(client, desk["health_handler"])
    response = client.post(
        f"{LIST}{case.pk}/register/", {"register-received_on": SEP_24.isoformat()}
    )
    assert refused(response)
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_only_the_office_head_approves_an_extension(client, desk):
    # Received today: an extension is decided before the deadline passes.
    received = timezone.localdate()
    case = casework.register(desk["edu_case"], desk["handler"], received)
    as_user(client, desk["handler"])
    detail = client.get(f"{LIST}{case.pk}/").content.decode()
    assert "批准延期答复" not in detail
    data = {"extend-days": "20", "extend-reason": "需要调取历史档案"}
    assert refused(client.post(f"{LIST}{case.pk}/extend/", data))
    as_user(client, desk["head"])
    assert "批准延期答复" in client.get(f"{LIST}{case.pk}/").content.decode()
    assert client.post(f"{LIST}{case.pk}/extend/", data).status_code == 302
    case.refresh_from_db()
    assert case.extension_days == 20
    assert case.due_on == add_working_days(received, 40).date


def test_supervisors_read_every_case_masked_and_cannot_act(client, desk):
    as_user(client, desk["supervisor"])
    html = client.get(LIST).content.decode()
    assert (
        desk["edu_case"].case_number in html and desk["health_case"].case_number in html
    )
    detail = client.get(f"{LIST}{desk['edu_case'].pk}/").content.decode()
    assert FULL_ID not in detail and "13912345678" not in detail
    assert "1101**********002X" in detail and "139****5678" in detail
    assert '<form method="post" action="/admin/disclosure' not in detail
    response = client.post(f"{LIST}{desk['edu_case'].pk}/register/",
                           {"register-received_on": SEP_24.isoformat()})  # fmt: skip
    assert refused(response)


def test_the_red_alarm_filter_lists_overdue_cases(client, desk, cluster):
    late = casework.register(desk["edu_case"], desk["handler"], SEP_24)
    fresh = casework.register(new_case(cluster.edu, submitted_on=timezone.localdate()),
                              desk["handler"], timezone.localdate())  # fmt: skip
    as_user(client, desk["handler"])
    soup = BeautifulSoup(client.get(LIST, {"alarm": "red"}).content, "html.parser")
    listed = [a.get_text() for a in soup.select("table.listing tbody a")]
    assert listed == [late.case_number]
    assert fresh.case_number not in listed
    assert "红色预警" in soup.get_text()


def test_the_list_costs_the_same_number_of_queries_for_3_or_20_cases(
    client, desk, cluster, django_assert_max_num_queries
):
    as_user(client, desk["supervisor"])
    client.get(LIST)  # warm caches (menu, permissions)
    # The bound covers the admin's chrome, whose menu grows with the apps; what
    # is asserted is that 18 more cases add nothing.
    with django_assert_max_num_queries(45) as few:
        client.get(LIST)
    for _ in range(18):
        new_case(cluster.edu)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)


def test_a_handler_registers_a_letter_and_the_clock_starts_on_its_receipt(client, desk):
    from disclosure.models import DisclosureApplication

    as_user(client, desk["handler"])
    form = client.get(f"{LIST}new/")
    assert form.status_code == 200
    token = BeautifulSoup(form.content, "html.parser").find(
        "input", attrs={"name": "submission_token"}
    )["value"]
    data = {
        "agency": desk["edu_case"].site_id,
        "applicant_type": "natural",
        "name": "赵六",
        "id_type": "resident_id",
        "id_number": FULL_ID,
        "phone": "0477-8123456",
        "address": "北疆市白云路1号",
        "description": "申请公开学区划分方案（信函）",
        "delivery_form": "paper",
        "delivery_channel": "post",
        "submission_token": token,
        "channel": "letter",
        "received_on": SEP_24.isoformat(),
    }
    response = client.post(f"{LIST}new/", data)
    assert response.status_code == 302
    case = DisclosureApplication.objects.get(description="申请公开学区划分方案（信函）")
    assert case.name == "赵六"
    assert case.channel == "letter" and case.status == Status.REGISTERED
    assert case.received_on == SEP_24 and case.due_on == datetime.date(2026, 10, 29)
    # The same form posted twice (double click) registers one case.
    assert client.post(f"{LIST}new/", data).status_code == 302
    assert DisclosureApplication.objects.filter(channel="letter").count() == 1
    # A supervisor or an editor cannot register applications.
    assert refused(as_user(client, desk["supervisor"]).get(f"{LIST}new/"))
    assert refused(as_user(client, desk["editor"]).post(f"{LIST}new/", data))
