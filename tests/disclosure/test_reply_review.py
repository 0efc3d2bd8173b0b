"""审核签发 of 依申请公开 replies and the numbered 答复告知书 (issue #17 item 4;
REQUIREMENTS §3.5 Art. 36 reply types, Art. 45 登记 → 审核 → 办理 → 答复 → 归档;
R40, R41, R43; R80 and SECURITY: personal data only where the law needs it).

Every step goes through the admin's real views over HTTP as the role that takes
it; the PDF is read back with pypdf."""

import io
import re
import threading

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from disclosure.annual_report import building as annual_report
from disclosure.applications import casework
from disclosure.applications.case_terms import Outcome, Status
from disclosure.applications.reply import review as reply_review
from disclosure.models import (
    ApplicationEvent,
    DisclosureApplication,
    DraftState,
    ReplyDraft,
    ReplyNotice,
)
from sites.models import AuditEvent
from sites.services.provisioning import SiteRole, site_groups
from sites.services.workdays import add_working_days
from tests.sites.test_dashboard_panels import panel

from .application_helpers import VALID_ID
from .test_application_form import EDU_HOST, query, receipt_of, submit_application
from .test_casework import new_case

pytestmark = pytest.mark.django_db
LIST = "/admin/disclosure/applications/"
PHONE = "13912345678"
REMEDY = "六十日内依法申请行政复议"
LAWSUIT = "六个月内依法向人民法院提起行政诉讼"


@pytest.fixture
def office(cluster, make_user):
    edu = site_groups(cluster.edu.site_name)
    health = site_groups(cluster.health.site_name)
    return {
        "clerk": make_user("edu-gk", edu[SiteRole.DISCLOSURE_HANDLER],
                           first_name="公开办理员"),
        "reviewer": make_user("edu-review", edu[SiteRole.REVIEWER], first_name="审核员"),
        "head": make_user("edu-head", edu[SiteRole.SITE_ADMIN]),
        # One person holding both roles: may draft, never sign off their own draft.
        "both": make_user("edu-both", edu[SiteRole.DISCLOSURE_HANDLER],
                          edu[SiteRole.REVIEWER]),
        "other_reviewer": make_user("wjw-review", health[SiteRole.REVIEWER]),
    }  # fmt: skip


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def refused(response) -> bool:
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == "/admin/"
    )


def registered_case(clerk, site, name="张三"):
    """A case submitted today and registered by the clerk at the desk."""
    case = new_case(site, submitted_on=timezone.localdate(), name=name)
    response = browser(clerk).post(
        f"{LIST}{case.pk}/register/",
        {"register-received_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    return case


GRANTED = {
    "reply-outcome": Outcome.GRANTED.value,
    "reply-legal_reason": "",
    "reply-reply_text": "现将《2026年义务教育招生计划》通过电子邮件提供给您。",
    "reply-referred_to": "",
}


def draft_reply(clerk, case, data=None, files=None):
    payload = {**(data or GRANTED), **(files or {})}
    return browser(clerk).post(f"{LIST}{case.pk}/reply/", payload)


def pdf_text(data: bytes) -> str:
    """The PDF's text without the line breaks of its layout."""
    pages = PdfReader(io.BytesIO(data)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))


def test_a_reply_goes_out_only_after_review_with_a_numbered_notice(office, cluster):
    clerk, reviewer = office["clerk"], office["reviewer"]
    case = registered_case(clerk, cluster.edu)
    due = case.due_on
    attachment = SimpleUploadedFile(
        "招生计划.pdf", b"%PDF-1.4\n% the plan\n", content_type="application/pdf"
    )
    response = draft_reply(clerk, case, files={"reply-attachments": attachment})
    assert response.status_code == 302
    case.refresh_from_db()
    # Nothing has gone out: the case is open, its clock runs on.
    assert case.status == Status.REGISTERED and case.replied_on is None
    assert case.due_on == due
    draft = ReplyDraft.objects.get(application=case)
    assert draft.state == DraftState.PENDING and draft.author == clerk
    assert draft.attachments.get().original_name == "招生计划.pdf"

    # The clerk's page offers no 签发 and no second draft.
    page = browser(clerk).get(f"{LIST}{case.pk}/").content.decode()
    assert "待审核签发" in page
    assert "审核通过并签发" not in page and "提交审核签发" not in page
    assert refused(browser(clerk).post(f"{LIST}{case.pk}/sign_off/", {}))

    # The reviewer sees it on the 工作台 and in the desk list, masked.
    (row,) = panel(browser(reviewer), "disclosure_reply_review")
    assert case.case_number in row and "公开办理员" in row and "予以公开" in row
    listing = browser(reviewer).get(LIST).content.decode()
    assert case.case_number in listing
    detail = browser(reviewer).get(f"{LIST}{case.pk}/").content.decode()
    assert "审核通过并签发" in detail and "退回修改" in detail
    assert VALID_ID not in detail and PHONE not in detail
    assert "招生计划.pdf" in detail
    fetched = browser(reviewer).get(
        f"{LIST}reply-attachments/{draft.attachments.get().pk}/"
    )
    assert b"".join(fetched.streaming_content).startswith(b"%PDF-1.4")

    response = browser(reviewer).post(
        f"{LIST}{case.pk}/sign_off/", {"sign_off-comment": "同意。"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    today = timezone.localdate()
    assert case.status == Status.REPLIED and case.replied_on == today
    assert case.handler == clerk and case.outcome == Outcome.GRANTED
    notice = ReplyNotice.objects.get(application=case)
    assert notice.number == f"北疆市教育局依申公开〔{today.year}〕第1号"
    assert notice.draft.reviewer == reviewer
    event = ApplicationEvent.objects.filter(application=case, action="reply").get()
    assert event.actor == reviewer and "审核签发" in event.note

    # The PDF is kept with the case; its handlers download it (audited).
    assert browser(reviewer).get(f"{LIST}{case.pk}/").status_code == 200
    assert refused(browser(reviewer).get(f"{LIST}{case.pk}/notice/pdf/"))
    assert refused(
        browser(office["other_reviewer"]).get(f"{LIST}{case.pk}/notice/pdf/")
    )
    response = browser(clerk).get(f"{LIST}{case.pk}/notice/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content))
    for expected in (notice.number, "政府信息公开申请答复告知书", "北疆市教育局",
                     "张三：", case.case_number, "办理结果：予以公开",
                     "第三十六条", REMEDY, LAWSUIT, "（印章）", "招生计划.pdf",
                     f"{today.year}年{today.month}月{today.day}日"):  # fmt: skip
        assert expected in text, expected
    assert VALID_ID not in text and PHONE not in text and "幸福路" not in text
    assert AuditEvent.objects.filter(
        action="disclosure.application.notice_download", user=clerk
    ).exists()
    printable = browser(clerk).get(f"{LIST}{case.pk}/notice/print/").content.decode()
    assert (
        notice.number in printable and REMEDY in printable and "（印章）" in printable
    )


def test_notices_are_numbered_one_after_another_per_site(office, cluster):
    numbers = []
    for name in ("张三", "李四"):
        case = registered_case(office["clerk"], cluster.edu, name=name)
        assert draft_reply(office["clerk"], case).status_code == 302
        assert (
            browser(office["head"]).post(f"{LIST}{case.pk}/sign_off/", {}).status_code
            == 302
        )
        numbers.append(ReplyNotice.objects.get(application=case).sequence)
    assert numbers == [1, 2]
    # Another site counts from 1.
    health_clerk = office["clerk"].__class__.objects.create_user("wjw-gk")
    health_clerk.groups.add(
        site_groups(cluster.health.site_name)[SiteRole.DISCLOSURE_HANDLER]
    )
    case = registered_case(health_clerk, cluster.health)
    assert draft_reply(health_clerk, case).status_code == 302
    assert (
        browser(office["other_reviewer"])
        .post(f"{LIST}{case.pk}/sign_off/", {})
        .status_code
        == 302
    )
    assert ReplyNotice.objects.get(application=case).number.endswith("第1号")
    assert ReplyNotice.objects.get(application=case).number.startswith(
        "北疆市卫生健康委"
    )


def test_the_reviewer_returns_a_draft_with_a_comment(office, cluster):
    clerk, reviewer = office["clerk"], office["reviewer"]
    case = registered_case(clerk, cluster.edu)
    withheld = {
        **GRANTED,
        "reply-outcome": Outcome.WITHHELD_THIRD_PARTY.value,
        "reply-legal_reason": "涉及第三方商业秘密",
        "reply-reply_text": "经征求第三方意见，不予公开。",
    }
    assert draft_reply(clerk, case, withheld).status_code == 302
    empty = browser(reviewer).post(f"{LIST}{case.pk}/return_reply/", {})
    assert empty.status_code == 400 and "退回意见" in empty.content.decode()
    response = browser(reviewer).post(
        f"{LIST}{case.pk}/return_reply/",
        {"return_reply-comment": "请补充第三方书面意见的日期和依据条款。"},
    )
    assert response.status_code == 302
    draft = ReplyDraft.objects.get(application=case)
    assert draft.state == DraftState.RETURNED and draft.reviewer == reviewer
    case.refresh_from_db()
    assert case.status == Status.REGISTERED and not ReplyNotice.objects.exists()
    # The clerk reads the comment and drafts again; the reviewer signs the new one.
    page = browser(clerk).get(f"{LIST}{case.pk}/").content.decode()
    assert "请补充第三方书面意见的日期和依据条款。" in page and "已退回修改" in page
    assert "提交审核签发" in page
    withheld["reply-legal_reason"] = (
        "《条例》第十五条、第三十二条：第三方于12月1日书面反对公开"
    )
    assert draft_reply(clerk, case, withheld).status_code == 302
    assert browser(reviewer).post(f"{LIST}{case.pk}/sign_off/", {}).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.REPLIED and case.legal_reason.startswith(
        "《条例》第十五条"
    )
    response = browser(clerk).get(f"{LIST}{case.pk}/notice/pdf/")
    text = pdf_text(b"".join(response.streaming_content))
    assert "不予公开" in text and "第十五条" in text and REMEDY in text


def test_nobody_signs_off_their_own_draft(office, cluster):
    both = office["both"]
    case = registered_case(both, cluster.edu)
    assert draft_reply(both, case).status_code == 302
    page = browser(both).get(f"{LIST}{case.pk}/").content.decode()
    assert "审核通过并签发" not in page and "退回修改" not in page  # no button
    # Nor on the 工作台.
    (rows,) = panel(browser(both), "disclosure_reply_review")
    assert "没有待审核签发的依申请公开答复。" in rows and case.case_number not in rows
    for action, data in (
        ("sign_off", {}),
        ("return_reply", {"return_reply-comment": "改"}),
    ):
        forged = browser(both).post(f"{LIST}{case.pk}/{action}/", data)
        assert forged.status_code == 400
        assert "本人起草的答复" in forged.content.decode()
    case.refresh_from_db()
    assert case.status == Status.REGISTERED and case.replied_on is None
    assert ReplyDraft.objects.get().state == DraftState.PENDING
    assert not ReplyNotice.objects.exists()


def test_another_sites_reviewer_neither_sees_nor_acts(office, cluster):
    case = registered_case(office["clerk"], cluster.edu)
    assert draft_reply(office["clerk"], case).status_code == 302
    other = browser(office["other_reviewer"])
    assert case.case_number not in other.get(LIST).content.decode()
    assert refused(other.get(f"{LIST}{case.pk}/"))
    assert refused(other.post(f"{LIST}{case.pk}/sign_off/", {}))
    attachment_free = ReplyDraft.objects.get()
    assert attachment_free.state == DraftState.PENDING
    (rows,) = panel(other, "disclosure_reply_review")
    assert "没有待审核签发的依申请公开答复。" in rows and case.case_number not in rows


def test_bad_drafts_are_refused_in_chinese_and_change_nothing(office, cluster):
    clerk = office["clerk"]
    case = registered_case(clerk, cluster.edu)
    no_reason = {**GRANTED, "reply-outcome": Outcome.WITHHELD_SECRET.value}
    response = draft_reply(clerk, case, no_reason)
    assert response.status_code == 400
    assert "该办理结果须写明理由和法律依据" in response.content.decode()
    not_held = {**GRANTED, "reply-outcome": Outcome.UNAVAILABLE_NOT_HELD.value,
                "reply-legal_reason": "经检索不掌握"}  # fmt: skip
    assert "负责公开的机关" in draft_reply(clerk, case, not_held).content.decode()
    fake = SimpleUploadedFile("计划.pdf", b"MZ\x90\x00 not a pdf")
    response = draft_reply(clerk, case, files={"reply-attachments": fake})
    assert response.status_code == 400
    assert "实际内容与扩展名不符" in response.content.decode()
    exe = SimpleUploadedFile("setup.exe", b"MZ\x90\x00")
    assert (
        "类型不支持"
        in draft_reply(clerk, case, files={"reply-attachments": exe}).content.decode()
    )
    assert not ReplyDraft.objects.exists()
    # A second draft while one waits is refused.
    assert draft_reply(clerk, case).status_code == 302
    assert ReplyDraft.objects.count() == 1
    again = draft_reply(clerk, case)
    assert again.status_code in (400, 403, 302)
    assert ReplyDraft.objects.count() == 1


def test_the_deadline_keeps_counting_through_review(office, cluster):
    """The reply date is the day of 签发: a draft submitted in time but signed
    late is a late reply, and the case stays red while it waits."""
    clerk = office["clerk"]
    case = registered_case(clerk, cluster.edu)
    assert draft_reply(clerk, case).status_code == 302
    # Received two months ago: the 20 working days ran out while it waited.
    received = timezone.localdate() - timezone.timedelta(days=60)
    DisclosureApplication.objects.filter(pk=case.pk).update(
        received_on=received, clock_start_on=received,
        due_on=add_working_days(received, casework.REPLY_WORKING_DAYS).date,
    )  # fmt: skip
    red = browser(office["reviewer"]).get(f"{LIST}?alarm=red").content.decode()
    assert case.case_number in red
    draft = ReplyDraft.objects.get()
    reply_review.approve(draft, office["reviewer"])
    case.refresh_from_db()
    assert case.replied_on == timezone.localdate() and case.replied_late


def test_the_annual_report_counts_a_reply_in_the_year_it_was_signed(office, cluster):
    clerk = office["clerk"]
    case = registered_case(clerk, cluster.edu)
    year = timezone.localdate().year
    granted = annual_report.leaf_key(Outcome.GRANTED)

    def table():
        return annual_report.count_applications(cluster.edu, year)["rows"]

    assert draft_reply(clerk, case).status_code == 302
    # A draft is not a reply: still open at the end of the year.
    assert table()[granted][-1] == 0
    assert table()[annual_report.ROW_CARRIED_OUT][-1] == 1
    assert (
        browser(office["reviewer"]).post(f"{LIST}{case.pk}/sign_off/", {}).status_code
        == 302
    )
    assert table()[granted][-1] == 1
    assert table()[annual_report.ROW_CARRIED_OUT][-1] == 0


def test_the_applicant_downloads_the_notice_behind_the_query_code(
    client, office, cluster
):
    submit_application(client, EDU_HOST, cluster.edu, name="王五")
    case_number, code = receipt_of(client, EDU_HOST)
    case = DisclosureApplication.objects.get(case_number=case_number)
    clerk = office["clerk"]
    assert (
        browser(clerk)
        .post(
            f"{LIST}{case.pk}/register/",
            {"register-received_on": timezone.localdate().isoformat()},
        )
        .status_code
        == 302
    )
    attachment = SimpleUploadedFile("招生计划.pdf", b"%PDF-1.4\n%plan\n")
    assert (
        draft_reply(clerk, case, files={"reply-attachments": attachment}).status_code
        == 302
    )
    # Before 签发 the applicant sees no reply and no notice.
    stranger = Client()
    assert (
        stranger.get("/xxgk/ysqgk/query/notice.pdf", HTTP_HOST=EDU_HOST).status_code
        == 404
    )
    assert query(client, case_number, code).status_code == 302
    page = client.get("/xxgk/ysqgk/query/", HTTP_HOST=EDU_HOST).content.decode()
    assert "答复告知书" not in page
    assert (
        client.get("/xxgk/ysqgk/query/notice.pdf", HTTP_HOST=EDU_HOST).status_code
        == 404
    )

    assert (
        browser(office["reviewer"]).post(f"{LIST}{case.pk}/sign_off/", {}).status_code
        == 302
    )
    notice = ReplyNotice.objects.get()
    page = client.get("/xxgk/ysqgk/query/", HTTP_HOST=EDU_HOST).content.decode()
    assert notice.number in page and "下载答复告知书" in page and "招生计划.pdf" in page
    response = client.get("/xxgk/ysqgk/query/notice.pdf", HTTP_HOST=EDU_HOST)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    text = pdf_text(b"".join(response.streaming_content))
    assert notice.number in text and "王五：" in text and "予以公开" in text
    assert VALID_ID not in text and PHONE not in text and "幸福路" not in text
    attachment_pk = notice.draft.attachments.get().pk
    got = client.get(
        f"/xxgk/ysqgk/query/attachments/{attachment_pk}/", HTTP_HOST=EDU_HOST
    )
    assert b"".join(got.streaming_content).startswith(b"%PDF-1.4")
    # Without the query-code session: nothing, and not on any public page.
    assert (
        stranger.get("/xxgk/ysqgk/query/notice.pdf", HTTP_HOST=EDU_HOST).status_code
        == 404
    )
    assert (
        stranger.get(
            f"/xxgk/ysqgk/query/attachments/{attachment_pk}/", HTTP_HOST=EDU_HOST
        ).status_code
        == 404
    )
    client.get("/xxgk/ysqgk/query/leave/", HTTP_HOST=EDU_HOST)
    assert (
        client.get("/xxgk/ysqgk/query/notice.pdf", HTTP_HOST=EDU_HOST).status_code
        == 404
    )
    for path in ("/", "/xxgk/", "/xxgk/ysqgk/"):
        assert (
            notice.number not in stranger.get(path, HTTP_HOST=EDU_HOST).content.decode()
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_desk_list_and_dashboard_cost_the_same_for_one_case_or_many(office, cluster):
    clerk, reviewer = office["clerk"], office["reviewer"]
    first = registered_case(clerk, cluster.edu)
    assert draft_reply(clerk, first).status_code == 302
    as_clerk, as_reviewer = browser(clerk), browser(reviewer)
    (
        _queries(as_clerk, LIST),
        _queries(as_reviewer, LIST),
        _queries(as_reviewer, "/admin/"),
    )
    one = [_queries(as_clerk, LIST), _queries(as_reviewer, LIST),
           _queries(as_reviewer, "/admin/")]  # fmt: skip
    for name in ("李四", "王五", "赵六"):
        case = registered_case(clerk, cluster.edu, name=name)
        assert draft_reply(clerk, case).status_code == 302
    many = [_queries(as_clerk, LIST), _queries(as_reviewer, LIST),
            _queries(as_reviewer, "/admin/")]  # fmt: skip
    assert many == one
    rows = panel(as_reviewer, "disclosure_reply_review")
    assert len(rows) == 4 and all(re.match(r"YSQ\d{10}", row) for row in rows)


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="row locks under real concurrency: PostgreSQL only",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_offs_get_distinct_numbers(cluster, make_user):
    edu = site_groups(cluster.edu.site_name)
    clerk = make_user("edu-gk-c", edu[SiteRole.DISCLOSURE_HANDLER])
    reviewers = [make_user(f"edu-review-{i}", edu[SiteRole.REVIEWER]) for i in range(4)]
    drafts = []
    for i in range(4):
        case = casework.register(
            new_case(cluster.edu, submitted_on=timezone.localdate(), name=f"申请人{i}"),
            clerk, timezone.localdate(),
        )  # fmt: skip
        drafts.append(
            reply_review.submit_draft(
                case,
                clerk,
                {
                    "outcome": Outcome.GRANTED,
                    "reply_text": "予以公开。",
                    "legal_reason": "",
                    "referred_to": "",
                },
            )  # fmt: skip
        )
    barrier = threading.Barrier(4)
    errors = []

    def sign(draft, reviewer):
        try:
            barrier.wait()
            reply_review.approve(draft, reviewer)
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=sign, args=pair)
        for pair in zip(drafts, reviewers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = sorted(ReplyNotice.objects.values_list("sequence", flat=True))
    assert sequences == [1, 2, 3, 4]


def test_the_demo_has_a_reply_waiting_for_the_reviewer(office, cluster):
    from demo.disclosure.applications import seed_demo_applications

    seed_demo_applications({"edu": cluster.edu}, io.StringIO())
    reviewer = browser(office["reviewer"])
    (row,) = panel(reviewer, "disclosure_reply_review")
    assert "2025年度教师招聘面试成绩" in row and "予以公开" in row
    case = ReplyDraft.objects.get().application
    assert reviewer.post(f"{LIST}{case.pk}/sign_off/", {}).status_code == 302
    assert ReplyNotice.objects.get().application == case
