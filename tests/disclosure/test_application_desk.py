"""The 依申请公开 desk as a case-desk viewset (issue 19 item 3): its addresses and
URL names, its filters and export, refusals by state and by site."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.permissions import policy_registry

from disclosure.applications.case_terms import Status
from disclosure.applications.desk import application_policy
from disclosure.models import DisclosureApplication

from .test_application_admin import FULL_ID, as_user, desk, refused  # noqa: F401

pytestmark = pytest.mark.django_db
LIST = "/admin/disclosure/applications/"


def xlsx_rows(response):
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_every_address_and_name_of_the_desk_is_kept(client, desk):  # noqa: F811
    case = desk["edu_case"]
    assert reverse("disclosure_application_list") == LIST
    assert reverse("disclosure_application_new") == f"{LIST}new/"
    assert reverse("disclosure_application_detail", args=[case.pk]) == (
        f"{LIST}{case.pk}/"
    )
    assert reverse("disclosure_application_action", args=[case.pk, "register"]) == (
        f"{LIST}{case.pk}/register/"
    )
    assert reverse("disclosure_application_notice_pdf", args=[case.pk]) == (
        f"{LIST}{case.pk}/notice/pdf/"
    )
    assert reverse("disclosure_reply_attachment", args=[7]) == (
        f"{LIST}reply-attachments/7/"
    )
    as_user(client, desk["handler"])
    assert client.get(f"{LIST}{case.pk}/").status_code == 200
    assert client.get(f"{LIST}new/").status_code == 200
    assert policy_registry.get_by_type(DisclosureApplication) is application_policy


def test_the_export_holds_only_the_users_sites_cases_masked(client, desk):  # noqa: F811
    as_user(client, desk["handler"])
    assert "Excel（xlsx）" in client.get(LIST).content.decode()
    rows = xlsx_rows(client.get(LIST, {"export": "xlsx"}))
    assert rows[0] == [
        "申请编号", "受理机关", "申请人", "所需信息", "提交时间", "状态", "答复期限", "预警",
    ]  # fmt: skip
    assert [row[0] for row in rows[1:]] == [desk["edu_case"].case_number]
    flat = repr(rows)
    assert "张*（自然人）" in flat and "张三" not in flat and FULL_ID not in flat
    # The supervisor exports every site's cases, masked the same.
    as_user(client, desk["supervisor"])
    response = client.get(LIST, {"export": "csv"})
    text = b"".join(response.streaming_content).decode()
    listed = sorted(row[0] for row in list(csv.reader(io.StringIO(text)))[1:])
    assert listed == sorted(
        [desk["edu_case"].case_number, desk["health_case"].case_number]
    )
    assert "张三" not in text and "李四" not in text and FULL_ID not in text


def test_filters_narrow_the_list_and_the_export(client, desk, cluster):  # noqa: F811
    as_user(client, desk["supervisor"])
    health = desk["health_case"]
    html = client.get(LIST, {"site": cluster.health.pk}).content.decode()
    assert health.case_number in html
    assert desk["edu_case"].case_number not in html
    rows = xlsx_rows(client.get(LIST, {"site": cluster.health.pk, "export": "xlsx"}))
    assert [row[0] for row in rows[1:]] == [health.case_number]
    html = client.get(LIST, {"q": health.case_number}).content.decode()
    assert "共 1 件" in html
    html = client.get(LIST, {"status": Status.ARCHIVED}).content.decode()
    assert "没有符合条件的申请。" in html
    assert "共 2 件" in client.get(LIST, {"status": "open"}).content.decode()


def test_the_case_page_offers_what_the_state_allows_and_refuses_the_rest(
    client,
    desk,  # noqa: F811
):
    case = desk["edu_case"]
    as_user(client, desk["handler"])
    detail = client.get(f"{LIST}{case.pk}/").content.decode()
    assert "登记（确认收到申请）" in detail and "提交审核签发" not in detail
    response = client.post(f"{LIST}{case.pk}/sign_off/", {"sign_off-comment": "好"})
    assert refused(response)  # 公开办理 does not sign off
    response = client.post(f"{LIST}{case.pk}/archive/", {})
    assert response.status_code == 400
    assert "只有已答复的申请可以归档" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_another_sites_handler_is_refused_the_case_and_its_actions(
    client,
    desk,  # noqa: F811
):
    case = desk["edu_case"]
    as_user(client, desk["health_handler"])
    assert refused(client.get(f"{LIST}{case.pk}/"))
    assert refused(
        client.post(
            f"{LIST}{case.pk}/register/", {"register-received_on": "2026-09-24"}
        )
    )
    case = DisclosureApplication.objects.get(pk=case.pk)
    assert case.status == Status.SUBMITTED
    assert case.case_number not in client.get(LIST).content.decode()
    rows = xlsx_rows(client.get(LIST, {"export": "xlsx"}))
    assert [row[0] for row in rows[1:]] == [desk["health_case"].case_number]


def test_an_editor_has_no_desk(client, desk):  # noqa: F811
    as_user(client, desk["editor"])
    assert refused(client.get(LIST))
    assert refused(client.get(LIST, {"export": "xlsx"}))
