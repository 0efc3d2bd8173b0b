"""The public 依申请公开 form and the applicant's case page (issue #4 item 4;
REQUIREMENTS §3.5, R33–R36, R44; SECURITY: personal data, abuse)."""

import re
import uuid

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from disclosure.models import DisclosureApplication
from sites.models import AuditEvent
from sites.personal_data import decrypt

from .application_helpers import (
    APPLY_URL,
    EDU_HOST,
    PORTAL_HOST,
    QUERY_URL,
    VALID_ID,
    VALID_USCC,
    application_data,
    hidden_token,
    solve_captcha,
    submit_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()  # rate-limit counters live in the cache
    yield
    cache.clear()


def receipt_of(client, host):
    page = client.get("/xxgk/ysqgk/receipt/", HTTP_HOST=host)
    soup = BeautifulSoup(page.content, "html.parser")
    return (
        soup.select_one(".case-number").get_text(strip=True),
        soup.select_one(".query-code").get_text(strip=True),
    )


def test_the_standard_column_opens_the_form_with_every_article_29_field(
    client, cluster
):
    page = client.get(APPLY_URL, HTTP_HOST=EDU_HOST)
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    labels = {
        label.get_text(strip=True).rstrip("*") for label in soup.select("label, legend")
    }
    for expected in ("申请人类型", "姓名或名称", "证件类型", "证件号码", "联系电话",
                     "所需信息的内容描述", "所需信息名称", "文号", "提供形式", "获取方式", "验证码"):  # fmt: skip
        assert expected in labels, expected
    # Legal-person sub-types are offered under their group (annual report columns).
    options = [o.get_text() for o in soup.select("select[name=applicant_type] option")]
    assert options == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    # On a department site the agency is the site itself.
    assert soup.select_one("input[name=agency]")["value"] == str(cluster.edu.pk)


def test_an_application_is_stored_once_with_a_case_number_and_query_code(
    client, cluster
):
    mail.outbox.clear()
    response = submit_application(client, EDU_HOST, cluster.edu)
    assert response.status_code == 302
    case_number, query_code = receipt_of(client, EDU_HOST)
    assert re.fullmatch(r"YSQ\d{4}\d{6}", case_number)
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", query_code)
    application = DisclosureApplication.objects.get(case_number=case_number)
    assert application.site == cluster.edu
    assert application.status == "submitted"
    # The ID number is stored encrypted only, and masked for display.
    assert VALID_ID not in application.id_number_encrypted
    assert decrypt(application.id_number_encrypted) == VALID_ID
    assert application.id_number_masked == "1101**********002X"
    # The query code is kept as a hash, never in clear.
    assert query_code.replace("-", "") not in application.query_code_hash


def test_the_portal_lets_the_applicant_choose_the_agency(client, cluster):
    response = submit_application(
        client, PORTAL_HOST, cluster.portal, agency=cluster.health.pk
    )
    assert response.status_code == 302
    assert DisclosureApplication.objects.get().site == cluster.health


def test_a_double_click_stores_one_application(client, cluster):
    page = client.get(APPLY_URL, HTTP_HOST=EDU_HOST)
    html = page.content.decode()
    token = hidden_token(html)
    first = application_data(cluster.edu, submission_token=token, **solve_captcha(html))
    assert client.post(APPLY_URL, first, HTTP_HOST=EDU_HOST).status_code == 302
    case_number, _code = receipt_of(client, EDU_HOST)
    # A double click re-sends the very same bytes, solved captcha included. The
    # browser shows only the second answer (the first one's cookie may be lost):
    # it must be the same case with a query code that works.
    browser = Client()
    assert browser.post(APPLY_URL, first, HTTP_HOST=EDU_HOST).status_code == 302
    assert DisclosureApplication.objects.count() == 1
    again_number, again_code = receipt_of(browser, EDU_HOST)
    assert again_number == case_number
    assert again_code == _code  # both receipts carry the one working code
    assert query(browser, case_number, again_code).status_code == 302
    # The re-sent form with a fresh challenge is the same case too.
    fresh = client.get(APPLY_URL, HTTP_HOST=EDU_HOST).content.decode()
    second = application_data(
        cluster.edu, submission_token=token, **solve_captcha(fresh)
    )
    assert client.post(APPLY_URL, second, HTTP_HOST=EDU_HOST).status_code == 302
    assert DisclosureApplication.objects.count() == 1


def test_a_solved_captcha_serves_one_submission_only(client, cluster):
    """The captcha is bound to the form's own token: another submission (another
    token) cannot reuse a solved challenge."""
    html = client.get(APPLY_URL, HTTP_HOST=EDU_HOST).content.decode()
    solved = solve_captcha(html)
    data = application_data(cluster.edu, submission_token=hidden_token(html), **solved)
    assert client.post(APPLY_URL, data, HTTP_HOST=EDU_HOST).status_code == 302
    other = application_data(cluster.edu, submission_token=str(uuid.uuid4()), **solved)
    response = client.post(APPLY_URL, other, HTTP_HOST=EDU_HOST)
    assert response.status_code == 400
    assert "该验证码已使用" in response.content.decode()
    assert DisclosureApplication.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "请填写“姓名或名称”"),
        ({"id_number": "110105194912310021"}, "id_number", "校验位不正确"),
        ({"id_number": "12345"}, "id_number", "应为18位"),
        ({"phone": "12345"}, "phone", "有效的手机号码"),
        ({"description": "短"}, "description", "至少5个字"),
        ({"description": "长" * 2001}, "description", "2000"),
        ({"applicant_type": "commercial"}, "id_type", "法人或其他组织请选择"),
        (
            {
                "applicant_type": "commercial",
                "id_type": "uscc",
                "id_number": "91110000600037341A",
                "contact_person": "李四",
            },
            "id_number",
            "统一社会信用代码校验位",
        ),  # fmt: skip
        ({"delivery_channel": "post", "address": ""}, "address", "请填写通信地址"),
        ({"name": "张\x07三"}, "name", "控制字符"),
        ({"name": "张\x00三"}, "name", "控制字符"),
        ({"submission_token": "not-a-uuid"}, "submission_token", "表单已过期"),
    ],
)
def test_bad_input_gets_a_chinese_message_and_stores_nothing(
    client, cluster, overrides, field, message
):
    response = submit_application(client, EDU_HOST, cluster.edu, **overrides)
    assert response.status_code == 400
    assert DisclosureApplication.objects.count() == 0
    text = response.content.decode()
    assert "提交未成功" in text
    if message:
        assert message in text


def test_a_wrong_or_reused_captcha_is_refused(client, cluster):
    page = client.get(APPLY_URL, HTTP_HOST=EDU_HOST).content.decode()
    solved = solve_captcha(page)
    wrong = dict(solved, captcha_answer=str(int(solved["captcha_answer"]) + 1))
    data = application_data(cluster.edu, submission_token=hidden_token(page), **wrong)
    response = client.post(APPLY_URL, data, HTTP_HOST=EDU_HOST)
    assert response.status_code == 400
    assert "验证码回答不正确" in response.content.decode()
    ok = application_data(cluster.edu, **solved)
    assert client.post(APPLY_URL, ok, HTTP_HOST=EDU_HOST).status_code == 302
    # A bot replaying the solved challenge with a new form gets nowhere.
    replay = application_data(cluster.edu, **solved)
    response = client.post(APPLY_URL, replay, HTTP_HOST=EDU_HOST)
    assert "该验证码已使用" in response.content.decode()
    assert DisclosureApplication.objects.count() == 1


def test_an_organisation_applies_with_its_credit_code(client, cluster):
    response = submit_application(
        client, EDU_HOST, cluster.edu, applicant_type="legal_service", name="北疆正义律师事务所",
        contact_person="王五", id_type="uscc", id_number=VALID_USCC,
    )  # fmt: skip
    assert response.status_code == 302
    application = DisclosureApplication.objects.get()
    assert application.applicant_type == "legal_service"
    assert (
        application.masked_name == "北疆正义律师事务所"
    )  # organisations are public bodies


def test_script_in_fields_is_stored_as_typed_and_shown_as_text(
    client, cluster, admin_client
):
    payload = '<script>alert("x")</script><b>粗体</b>'
    submit_application(client, EDU_HOST, cluster.edu, info_title=payload,
                       description=payload + "请公开招生计划")  # fmt: skip
    application = DisclosureApplication.objects.get()
    assert application.info_title == payload
    page = admin_client.get(f"/admin/disclosure/applications/{application.pk}/")
    html = page.content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_rapid_submissions_from_one_client_are_throttled_without_touching_others(
    client, cluster, settings
):
    settings.DISCLOSURE_APPLY_RATE = "3/d"  # an hour window may roll over mid-test
    for _ in range(3):
        assert submit_application(client, EDU_HOST, cluster.edu).status_code == 302
    blocked = submit_application(client, EDU_HOST, cluster.edu)
    assert blocked.status_code == 429
    assert "提交过于频繁" in blocked.content.decode()
    assert DisclosureApplication.objects.count() == 3
    # Another client (another address) still gets through.
    page = client.get(
        APPLY_URL, HTTP_HOST=EDU_HOST, REMOTE_ADDR="10.1.2.3"
    ).content.decode()
    data = application_data(
        cluster.edu, submission_token=hidden_token(page), **solve_captcha(page)
    )
    response = client.post(APPLY_URL, data, HTTP_HOST=EDU_HOST, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    assert DisclosureApplication.objects.count() == 4


def test_the_submission_survives_a_failing_mail_server(
    client, cluster, make_user, settings
):
    from sites.services.provisioning import SiteRole, site_groups

    make_user("handler-edu", site_groups(cluster.edu.site_name)[SiteRole.DISCLOSURE_HANDLER],
              email="gk@jyj.bj.example.gov.cn")  # fmt: skip
    settings.EMAIL_BACKEND = (
        "tests.disclosure.application_helpers_broken_mail.BrokenBackend"
    )
    response = submit_application(client, EDU_HOST, cluster.edu)
    assert response.status_code == 302
    assert DisclosureApplication.objects.count() == 1


def test_handlers_are_mailed_without_personal_data(
    client, cluster, make_user, django_capture_on_commit_callbacks
):
    from sites.services.provisioning import SiteRole, site_groups

    make_user("handler-edu", site_groups(cluster.edu.site_name)[SiteRole.DISCLOSURE_HANDLER],
              email="gk@jyj.bj.example.gov.cn")  # fmt: skip
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submit_application(client, EDU_HOST, cluster.edu)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert "YSQ" in body
    for secret in ("张三", VALID_ID, "13912345678", "幸福路"):
        assert secret not in body


def query(client, case_number, code, host=EDU_HOST, **extra):
    page = client.get(QUERY_URL, HTTP_HOST=host, **extra).content.decode()
    data = {"case_number": case_number, "query_code": code, **solve_captcha(page)}
    return client.post(QUERY_URL, data, HTTP_HOST=host, **extra)


def test_the_applicant_follows_the_case_with_number_and_code(client, cluster):
    submit_application(client, EDU_HOST, cluster.edu)
    case_number, code = receipt_of(client, EDU_HOST)
    response = query(client, case_number, code)
    assert response.status_code == 302
    page = client.get(QUERY_URL, HTTP_HOST=EDU_HOST)
    html = page.content.decode()
    assert case_number in html and "待登记" in html
    assert "张*" in html
    for secret in (VALID_ID, "13912345678", "幸福路", "zhangsan@example.com"):
        assert secret not in html


def test_a_wrong_code_or_a_forged_number_reveals_nothing_and_guessing_is_throttled(
    client, cluster
):
    submit_application(client, EDU_HOST, cluster.edu)
    case_number, code = receipt_of(client, EDU_HOST)
    client.get("/xxgk/ysqgk/query/leave/", HTTP_HOST=EDU_HOST)
    wrong = query(client, case_number, "AAAAAAAA")
    forged = query(client, "YSQ2026999999", code)
    assert wrong.status_code == forged.status_code == 404
    for response in (wrong, forged):
        html = response.content.decode()
        assert "申请编号或查询码不正确" in html
        assert "待登记" not in html and "张" not in html
    assert query(client, "<script>x</script>", "' OR 1=1 --").status_code == 404
    for _ in range(4):
        query(client, case_number, "BBBBBBBB")
    # Five failures lock the case number, even for the right code, for an hour.
    locked = query(client, case_number, code)
    assert locked.status_code == 429
    assert "失败次数过多" in locked.content.decode()


def test_nothing_about_applications_is_logged_with_personal_data(
    client, cluster, admin_user
):
    submit_application(client, EDU_HOST, cluster.edu)
    application = DisclosureApplication.objects.get()
    from disclosure.applications import casework

    casework.register(application, admin_user, timezone.localdate())
    details = " ".join(str(e.detail) + e.object_title for e in AuditEvent.objects.all())
    assert application.case_number in details
    for secret in ("张三", VALID_ID, "13912345678"):
        assert secret not in details


def test_the_applicant_reads_the_full_reply_and_their_own_request(
    client, cluster, make_user
):
    """Issue 18: the look-up serves the applicant — the office's reply in full
    (its contact number included) and the request as they wrote it."""
    from disclosure.applications import casework
    from disclosure.applications.case_terms import Outcome
    from disclosure.models import DisclosureApplication
    from sites.services.provisioning import SiteRole, site_groups

    handler = make_user(
        "gk-reply", site_groups(cluster.edu.site_name)[SiteRole.DISCLOSURE_HANDLER]
    )
    submit_application(client, EDU_HOST, cluster.edu)
    case_number, code = receipt_of(client, EDU_HOST)
    case = DisclosureApplication.objects.get(case_number=case_number)
    case = casework.register(case, handler, timezone.localdate())
    reply = (
        "所需招生计划已通过电子邮件发送。如有疑问请咨询基础教育科，电话0477-8123111。"
    )
    casework.reply(case, handler, Outcome.GRANTED, reply)
    assert query(client, case_number, code).status_code == 302
    html = client.get(QUERY_URL, HTTP_HOST=EDU_HOST).content.decode()
    assert reply in html
    assert "申请公开2026年北疆市各公立小学的招生计划和学区划分文件。" in html
