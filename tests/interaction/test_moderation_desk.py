"""评论与提问审核 and 征集结果反馈 as report views: each lists and exports the
rows of the user's own sites only, follows its filters, and keeps its addresses."""

from interaction.models import ConsultationComment, InterviewQuestion
from sites.services.provisioning import SiteRole, site_groups
from tests.export_helpers import csv_rows, xlsx_rows

from ..conftest import column
from .helpers import EDU_HOST, refused
from .test_consultations_and_interviews import consultation, interview


def comment(page, content, status="pending"):
    return ConsultationComment.objects.create(
        page=page, content=content, name_masked="王*", status=status
    )


def reviewer(make_user, site, name):
    return make_user(name, site_groups(site.site_name)[SiteRole.REVIEWER])


def test_comments_list_and_export_the_users_sites_only(client, cluster, make_user):
    edu = consultation(column(cluster.edu, "yjzj"), title="教育局征集")
    health = consultation(column(cluster.health, "yjzj"), title="卫健委征集")
    comment(edu, "增加校车")
    comment(edu, "已经公开的意见", status="approved")
    comment(health, "卫健委的意见")
    client.force_login(reviewer(make_user, cluster.edu, "edu-rev"))
    html = client.get("/admin/interaction/moderation/", HTTP_HOST=EDU_HOST)
    html = html.content.decode()
    assert "增加校车" in html and "公开" in html and "不予公开" in html
    assert "已经公开的意见" not in html  # waiting rows by default
    assert "卫健委的意见" not in html
    rows = xlsx_rows(
        client.get("/admin/interaction/moderation/?export=xlsx", HTTP_HOST=EDU_HOST)
    )
    assert rows[0] == ["征集", "提交人", "意见", "状态", "提交时间"]
    assert [row[:4] for row in rows[1:]] == [
        ["教育局征集", "王*", "增加校车", "待审核"]
    ]
    approved = csv_rows(
        client.get(
            "/admin/interaction/moderation/?status=approved&export=csv",
            HTTP_HOST=EDU_HOST,
        )
    )
    assert [row[2] for row in approved[1:]] == ["已经公开的意见"]
    # An approved row offers no buttons any more (actions follow the state).
    listed = client.get(
        "/admin/interaction/moderation/?status=approved", HTTP_HOST=EDU_HOST
    ).content.decode()
    assert "已经公开的意见" in listed and 'value="approve"' not in listed


def test_another_sites_reviewer_sees_nothing_and_may_not_act(
    client, cluster, make_user
):
    edu = consultation(column(cluster.edu, "yjzj"))
    waiting = comment(edu, "增加校车")
    client.force_login(reviewer(make_user, cluster.health, "health-rev"))
    listing = client.get("/admin/interaction/moderation/", HTTP_HOST=EDU_HOST)
    assert "增加校车" not in listing.content.decode()
    rows = xlsx_rows(
        client.get("/admin/interaction/moderation/?export=xlsx", HTTP_HOST=EDU_HOST)
    )
    assert rows[1:] == []
    assert refused(
        client.post(
            f"/admin/interaction/moderation/comment/{waiting.pk}/",
            {"decision": "approve"},
            HTTP_HOST=EDU_HOST,
        )
    )
    waiting.refresh_from_db()
    assert waiting.status == "pending"
    editor = make_user("edu-ed", site_groups(cluster.edu.site_name)[SiteRole.EDITOR])
    client.force_login(editor)
    assert refused(client.get("/admin/interaction/moderation/", HTTP_HOST=EDU_HOST))


def test_questions_list_with_their_actions_and_export(client, cluster, make_user):
    page = interview(column(cluster.edu, "zxft"), title="教育访谈")
    asked = InterviewQuestion.objects.create(
        page=page, content="何时开学", name_masked="张*"
    )
    client.force_login(reviewer(make_user, cluster.edu, "edu-rev"))
    url = "/admin/interaction/moderation/questions/"
    html = client.get(url, HTTP_HOST=EDU_HOST).content.decode()
    assert "何时开学" in html and "采纳" in html and "发布答复" in html
    response = client.post(
        f"/admin/interaction/moderation/question/{asked.pk}/",
        {"decision": "answer", "answer": "九月一日", "answered_by": "局长"},
        HTTP_HOST=EDU_HOST,
    )
    assert response.status_code == 302 and response["Location"] == url
    assert "何时开学" not in client.get(url, HTTP_HOST=EDU_HOST).content.decode()
    rows = xlsx_rows(
        client.get(f"{url}?status=answered&export=xlsx", HTTP_HOST=EDU_HOST)
    )
    assert rows[0][-2:] == ["答复嘉宾", "答复"]
    assert [(r[0], r[3], r[5], r[6]) for r in rows[1:]] == [
        ("教育访谈", "已答复", "局长", "九月一日")
    ]


def test_feedback_export_and_filter_follow_the_sites_and_the_state(
    client, cluster, people, make_user
):
    late = consultation(column(cluster.edu, "yjzj"), days_open=-40, title="逾期征集")
    consultation(column(cluster.edu, "yjzj"), days_open=-2, title="待公布征集")
    consultation(column(cluster.health, "yjzj"), days_open=-40, title="卫健委征集")
    client.force_login(people["supervisor"])
    rows = xlsx_rows(
        client.get("/admin/interaction/feedback/?export=xlsx", HTTP_HOST=EDU_HOST)
    )
    assert rows[0] == ["意见征集", "截止时间", "反馈期限", "反馈"]
    assert {r[0]: r[3] for r in rows[1:]} == {
        "逾期征集": "逾期未公布", "待公布征集": "待公布", "卫健委征集": "逾期未公布",
    }  # fmt: skip
    client.force_login(reviewer(make_user, cluster.edu, "edu-rev"))
    rows = csv_rows(
        client.get(
            "/admin/interaction/feedback/?state=late&export=csv", HTTP_HOST=EDU_HOST
        )
    )
    assert [r[0] for r in rows[1:]] == [late.title]
    html = client.get("/admin/interaction/feedback/", HTTP_HOST=EDU_HOST)
    assert "卫健委征集" not in html.content.decode()
