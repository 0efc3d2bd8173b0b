"""意见征集 (R57, R58) and 在线访谈 (R59): periods by document type, comments and
questions that wait for moderation, feedback, the live feed and the public lists."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from interaction.consultation_choices import DocumentType
from interaction.models import (
    ConsultationComment,
    ConsultationPage,
    InterviewPage,
    InterviewQuestion,
)
from interaction.services.consultation_rules import period_problem
from sites.services.provisioning import SiteRole, site_groups
from tests.disclosure.application_helpers import hidden_token, solve_captcha

from ..conftest import column
from .helpers import EDU_HOST, HEALTH_HOST, PORTAL_HOST, refused, text_of

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def at(*args):
    return datetime.datetime(*args, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("kind", "opens", "closes", "ok"),
    [
        (DocumentType.MAJOR_DECISION, at(2026, 9, 1), at(2026, 10, 1), True),
        (DocumentType.MAJOR_DECISION, at(2026, 9, 1), at(2026, 9, 30), False),
        (DocumentType.RULE, at(2026, 9, 1), at(2026, 9, 20), False),
        # 规范性文件: 7 working days. 28, 29, 30 Sep, 8, 9 Oct: five across the holiday.
        (DocumentType.NORMATIVE, at(2026, 9, 28), at(2026, 10, 9), False),
        # … plus 10 (调休 Saturday) and 12 Oct: seven.
        (DocumentType.NORMATIVE, at(2026, 9, 28), at(2026, 10, 12), True),
        (DocumentType.OTHER, at(2026, 9, 28), at(2026, 9, 29), True),
    ],
)
def test_r57_the_period_depends_on_the_document_type(db, kind, opens, closes, ok):
    assert (period_problem(kind, opens, closes) is None) is ok


def test_r57_a_short_period_needs_a_stated_reason(cluster):
    page = ConsultationPage(
        title="短期征求意见", document_type=DocumentType.RULE,
        opens_at=at(2026, 9, 1), closes_at=at(2026, 9, 10),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "缩短期限须填写理由" in str(error.value)
    page.shortening_reason = "上级要求限期出台，征求意见期限缩短为10日。"
    page.clean()


def consultation(parent, days_open=20, **fields):
    now = timezone.now()
    page = ConsultationPage(
        title=fields.pop("title", "《北疆市停车管理办法（征求意见稿）》"),
        document_type=DocumentType.OTHER,
        opens_at=now - datetime.timedelta(days=1 + max(0, -days_open) + 30),
        closes_at=now + datetime.timedelta(days=days_open),
        summary="欢迎提出意见。",
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def post_form(client, url, host, **data):
    html = client.get(url, HTTP_HOST=host).content.decode()
    payload = {"submission_token": hidden_token(html), **solve_captcha(html), **data}
    return client.post(url, payload, HTTP_HOST=host)


def test_comments_wait_for_moderation_and_never_show_the_phone(
    client, cluster, make_user
):
    page = consultation(column(cluster.edu, "yjzj"))
    url = f"/hdjl/yjzj/{page.pk}/comment/"
    response = post_form(client, url, EDU_HOST, content="<script>x</script>建议增加停车位",
                         name="王小明", phone="13811112222")  # fmt: skip
    assert response.status_code == 200 and "经审核后公开" in response.content.decode()
    comment = ConsultationComment.objects.get()
    assert comment.status == "pending" and "13811112222" not in comment.phone_encrypted
    public = client.get(page.url, HTTP_HOST=EDU_HOST).content.decode()
    assert "建议增加停车位" not in public
    # Another site's reviewer may not moderate; this site's may.
    staff = client.__class__()
    outsider = make_user(
        "health-rev", site_groups(cluster.health.site_name)[SiteRole.REVIEWER]
    )
    staff.force_login(outsider)
    assert refused(staff.post(f"/admin/interaction/moderation/comment/{comment.pk}/",
                              {"decision": "approve"}, HTTP_HOST=EDU_HOST))  # fmt: skip
    reviewer = make_user(
        "edu-rev", site_groups(cluster.edu.site_name)[SiteRole.REVIEWER]
    )
    staff.force_login(reviewer)
    assert (
        "建议增加停车位"
        in staff.get(
            "/admin/interaction/moderation/", HTTP_HOST=EDU_HOST
        ).content.decode()
    )
    staff.post(f"/admin/interaction/moderation/comment/{comment.pk}/", {"decision": "approve"},
               HTTP_HOST=EDU_HOST)  # fmt: skip
    public = client.get(page.url, HTTP_HOST=EDU_HOST).content.decode()
    assert "建议增加停车位" in public and "&lt;script&gt;" in public
    assert "王*" in public and "王小明" not in public and "13811112222" not in public


def test_a_double_clicked_comment_is_stored_once_and_thanked_twice(client, cluster):
    page = consultation(column(cluster.edu, "yjzj"))
    url = f"/hdjl/yjzj/{page.pk}/comment/"
    html = client.get(url, HTTP_HOST=EDU_HOST).content.decode()
    payload = {"submission_token": hidden_token(html), **solve_captcha(html),
               "content": "建议延长公示时间", "name": "王小明", "phone": "13811112222"}  # fmt: skip
    for _ in range(2):  # the very same bytes, solved captcha included
        response = client.post(url, payload, HTTP_HOST=EDU_HOST)
        assert response.status_code == 200
        assert "经审核后公开" in response.content.decode()
    assert ConsultationComment.objects.count() == 1


def test_a_closed_consultation_takes_no_comments_and_shows_its_feedback_due_date(
    client, cluster
):
    page = consultation(column(cluster.edu, "yjzj"), days_open=-1)
    response = client.get(f"/hdjl/yjzj/{page.pk}/comment/", HTTP_HOST=EDU_HOST)
    assert "不接收意见" in response.content.decode()
    assert client.post(f"/hdjl/yjzj/{page.pk}/comment/", {"content": "x"},
                       HTTP_HOST=EDU_HOST).status_code == 400  # fmt: skip
    assert ConsultationComment.objects.count() == 0
    html = client.get(page.url, HTTP_HOST=EDU_HOST).content.decode()
    assert "意见采纳情况将于" in html


def test_feedback_overdue_is_flagged_for_the_site_and_the_supervisor(
    client, cluster, people, make_user
):
    page = consultation(column(cluster.edu, "yjzj"), days_open=-40)
    client.force_login(people["supervisor"])
    html = client.get(
        "/admin/interaction/feedback/", HTTP_HOST=PORTAL_HOST
    ).content.decode()
    assert page.title in html and "逾期未公布" in html
    page.feedback = "<p>采纳3条。</p>"
    page.save_revision().publish()
    html = client.get(
        "/admin/interaction/feedback/", HTTP_HOST=PORTAL_HOST
    ).content.decode()
    assert "逾期未公布" not in html and "已于" in html


def interview(parent, starts_in_hours=-1, **fields):
    now = timezone.now()
    page = InterviewPage(
        title=fields.pop("title", "聚焦城市停车难"),
        guests="北疆市交通运输局局长",
        starts_at=now + datetime.timedelta(hours=starts_in_hours),
        ends_at=now + datetime.timedelta(hours=starts_in_hours + 2),
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_r59_interview_questions_are_moderated_and_answers_appear_live(
    client, cluster, people
):
    page = interview(column(cluster.portal, "zxft"))
    url = f"/hdjl/zxft/{page.pk}/ask/"
    response = post_form(client, url, PORTAL_HOST, content="<b>什么时候</b>建成停车楼？",
                         name="张大山")  # fmt: skip
    assert "经审核后" in response.content.decode()
    question = InterviewQuestion.objects.get()
    live = client.get(f"/hdjl/zxft/{page.pk}/live.json", HTTP_HOST=PORTAL_HOST).json()
    assert live["questions"] == [] and live["state"] == "直播中"
    staff = client.__class__()
    staff.force_login(people["portal"])
    staff.post(f"/admin/interaction/moderation/question/{question.pk}/",
               {"decision": "answer", "answer": "明年6月建成。", "answered_by": "局长"},
               HTTP_HOST=PORTAL_HOST)  # fmt: skip
    live = client.get(f"/hdjl/zxft/{page.pk}/live.json", HTTP_HOST=PORTAL_HOST).json()
    assert [q["answer"] for q in live["questions"]] == ["明年6月建成。"]
    assert live["questions"][0]["asker"] == "张**"
    after = client.get(f"/hdjl/zxft/{page.pk}/live.json?after={question.pk}",
                       HTTP_HOST=PORTAL_HOST).json()  # fmt: skip
    assert after["questions"] == []
    html = client.get(page.url, HTTP_HOST=PORTAL_HOST).content.decode()
    assert (
        "明年6月建成" in html and "&lt;b&gt;什么时候" in html and "张大山" not in html
    )


def test_r59_after_the_interview_questions_close_and_the_transcript_shows(
    client, cluster
):
    page = interview(column(cluster.portal, "zxft"), starts_in_hours=-5,
                     transcript=[("paragraph", "<p>主持人：各位网友好。</p>")])  # fmt: skip
    assert (
        "不再接收提问"
        in client.get(
            f"/hdjl/zxft/{page.pk}/ask/", HTTP_HOST=PORTAL_HOST
        ).content.decode()
    )
    html = client.get(page.url, HTTP_HOST=PORTAL_HOST).content.decode()
    assert "文字实录" in html and "各位网友好" in html and "已结束" in html


def test_lists_cover_the_cluster_on_the_portal_and_the_own_site_elsewhere(
    client, cluster
):
    consultation(column(cluster.edu, "yjzj"), title="教育局征求意见")
    consultation(column(cluster.health, "yjzj"), title="卫健委征求意见")
    interview(column(cluster.edu, "zxft"), title="教育局访谈")
    portal = text_of(client.get("/hdjl/yjzj/", HTTP_HOST=PORTAL_HOST).content.decode())
    assert "教育局征求意见" in portal and "卫健委征求意见" in portal
    edu = text_of(client.get("/hdjl/yjzj/", HTTP_HOST=EDU_HOST).content.decode())
    assert "教育局征求意见" in edu and "卫健委征求意见" not in edu
    filtered = text_of(
        client.get(
            f"/hdjl/yjzj/?site={cluster.health.pk}", HTTP_HOST=PORTAL_HOST
        ).content.decode()
    )
    assert "卫健委征求意见" in filtered and "教育局征求意见" not in filtered
    future = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    dated = text_of(
        client.get(f"/hdjl/yjzj/?from={future}", HTTP_HOST=PORTAL_HOST).content.decode()
    )
    assert "教育局征求意见" not in dated
    assert (
        "教育局访谈"
        in client.get("/hdjl/zxft/", HTTP_HOST=PORTAL_HOST).content.decode()
    )
    assert (
        "教育局访谈"
        not in client.get("/hdjl/zxft/", HTTP_HOST=HEALTH_HOST).content.decode()
    )
    # Bad filter values are ignored, never a 500.
    for query in ("?site=abc&from=2026-13-45&page=-1", "?to=x&state=<script>"):
        assert (
            client.get(f"/hdjl/yjzj/{query}", HTTP_HOST=PORTAL_HOST).status_code == 200
        )
