"""Honest publication dates (issue 13 item 2; REQUIREMENTS R16, R17, R20, R22).

发布日期 is what the platform recorded at first publication: a back-dated value
in the admin form or in a revision does not reach the public page; a correction
needs a reason, shows as 更正 in the page's history and is audited; freshness
checks are not fooled by a date moved forward.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, TaskState

from sites.compliance.base import Status
from sites.compliance.core_checks import ColumnStaleCheck, HomeStaleCheck
from sites.models import ArticlePage, AuditEvent, DateCorrection, DateSource
from sites.services.provisioning import SiteRole
from tests.conftest import article_form, column

pytestmark = pytest.mark.django_db

BACK_DATED = "2020-01-02 09:00"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def approve(client, page):
    state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    return client.post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]
        ),
        {"comment": ""},
    )


@pytest.fixture
def people(cluster, site_user):
    site = cluster.health
    return {
        "editor": site_user(site, SiteRole.EDITOR, "hd-editor"),
        "reviewer": site_user(site, SiteRole.REVIEWER, "hd-reviewer"),
        "admin": site_user(site, SiteRole.SITE_ADMIN, "hd-admin"),
    }


def publish_through_workflow(cluster, people, title, slug="gzdt", **extra):
    parent = column(cluster.health, slug)
    editor = logged_in(people["editor"])
    response = editor.post(
        reverse("wagtailadmin_pages:add", args=["sites", "articlepage", parent.pk]),
        article_form(title, publish_date=BACK_DATED, **{"action-submit": "s"}, **extra),
    )
    assert response.status_code == 302
    page = ArticlePage.objects.child_of(parent).get(title=title)
    approve(logged_in(people["reviewer"]), page)
    approve(logged_in(people["admin"]), page)
    page.refresh_from_db()
    return page


def test_a_back_dated_publish_post_is_stored_with_the_true_time(cluster, people):
    """R22: the form's 发布日期 is not the editor's to set."""
    before = timezone.now()
    page = publish_through_workflow(cluster, people, "回填日期的稿件")
    assert page.live
    assert page.publish_date == page.first_published_at
    assert page.publish_date >= before
    assert page.date_source == DateSource.PLATFORM
    # The edit form shows the date but offers no field to change it.
    form = logged_in(people["editor"]).get(
        reverse("wagtailadmin_pages:edit", args=[page.pk])
    )
    assert form.status_code == 200
    assert 'name="publish_date"' not in form.text
    assert "由平台在首次发布时记录" in form.text
    # The public page shows the true date.
    public = Client().get(page.get_url_parts()[2], HTTP_HOST=cluster.health.hostname)
    assert public.status_code == 200
    assert "2020-01-02" not in public.text


def test_a_revision_carrying_an_old_date_is_published_with_the_true_time(
    cluster, people
):
    """A crafted revision (e.g. through the API or a tampered draft) cannot
    carry a back-dated 发布日期 through the workflow either."""
    parent = column(cluster.health, "tzgg")
    editor = logged_in(people["editor"])
    editor.post(
        reverse("wagtailadmin_pages:add", args=["sites", "articlepage", parent.pk]),
        article_form("篡改版本的稿件", **{"action-submit": "s"}),
    )
    page = ArticlePage.objects.child_of(parent).get(title="篡改版本的稿件")
    revision = page.get_latest_revision()
    revision.content["publish_date"] = "2020-01-02T01:00:00Z"
    revision.save(update_fields=["content"])
    approve(logged_in(people["reviewer"]), page)
    approve(logged_in(people["admin"]), page)
    page.refresh_from_db()
    assert page.live
    assert page.publish_date == page.first_published_at
    assert page.publish_date.year == timezone.now().year


def test_the_freshness_checks_are_not_fooled_by_a_date_moved_forward(cluster, people):
    """R16/R17: the only article went live 30 days ago; its 发布日期 edited to
    today (behind the platform's back) does not make the site look updated."""
    page = publish_through_workflow(cluster, people, "一个月前的动态")
    month_ago = timezone.now() - datetime.timedelta(days=30)
    ArticlePage.objects.filter(pk=page.pk).update(
        first_published_at=month_ago, publish_date=month_ago
    )
    today = timezone.localdate()
    home = HomeStaleCheck().run([cluster.health], today)[cluster.health.pk]
    news = ColumnStaleCheck().run([cluster.health], today)[cluster.health.pk]
    assert home.status is Status.FAIL

    ArticlePage.objects.filter(pk=page.pk).update(publish_date=timezone.now())
    moved_home = HomeStaleCheck().run([cluster.health], today)[cluster.health.pk]
    moved_news = ColumnStaleCheck().run([cluster.health], today)[cluster.health.pk]
    assert moved_home.status is Status.FAIL
    assert "30天" in moved_home.summary
    assert (moved_news.status, moved_news.summary) == (news.status, news.summary)


def test_a_date_correction_needs_a_reason_and_is_audited(cluster, people):
    """R22: re-entering an old paper document: the date changes only with a
    reason, shows as 更正 in the page's history and reaches the audit log."""
    page = publish_through_workflow(cluster, people, "补录的纸质文件", slug="tzgg")
    url = reverse("sites_correct_publish_date", args=[page.pk])
    reviewer = logged_in(people["reviewer"])
    assert reviewer.get(url).status_code == 200
    future = timezone.localtime() + datetime.timedelta(days=3)
    cases = [
        ({"new_date": "2024-03-01 09:00", "reason": ""}, "请填写更正理由"),
        ({"new_date": "2024-03-01 09:00", "reason": "补录"}, "不少于"),
        ({"new_date": "昨天", "reason": "补录纸质文件，原印发日期"}, "日期格式不正确"),
        (
            {"new_date": future.strftime("%Y-%m-%d %H:%M"), "reason": "推迟发布的文件"},
            "不能晚于现在",
        ),
    ]
    for data, message in cases:
        response = reviewer.post(url, data)
        assert response.status_code == 200, data
        assert message in response.text, data
    page.refresh_from_db()
    assert page.publish_date == page.first_published_at
    assert not DateCorrection.objects.exists()

    reason = "补录2024年纸质文件，原印发日期为2024年3月1日"
    response = reviewer.post(url, {"new_date": "2024-03-01 09:00", "reason": reason})
    assert response.status_code == 302
    page.refresh_from_db()
    assert timezone.localtime(page.publish_date).date() == datetime.date(2024, 3, 1)
    assert page.date_source == DateSource.CORRECTED
    # Offered in the page's menu to the reviewer, not to the editor.
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert url in reviewer.get(edit).text
    assert url not in logged_in(people["editor"]).get(edit).text
    correction = DateCorrection.objects.get(page=page)
    assert (correction.reason, correction.corrected_by) == (reason, people["reviewer"])
    entry = PageLogEntry.objects.get(page=page, action="cluster.date_correction")
    assert entry.data["reason"] == reason
    history = reviewer.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert "更正" in history.text
    event = AuditEvent.objects.get(action="cluster.date_correction")
    assert event.detail["reason"] == reason and event.site == cluster.health

    # Republishing an edit keeps the corrected date (not the first publication).
    logged_in(people["editor"]).post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        article_form("补录的纸质文件", **{"action-submit": "s"}),
    )
    approve(logged_in(people["reviewer"]), page)
    approve(logged_in(people["admin"]), page)
    page.refresh_from_db()
    assert timezone.localtime(page.publish_date).date() == datetime.date(2024, 3, 1)


def test_an_editor_cannot_correct_a_date(cluster, people):
    page = publish_through_workflow(cluster, people, "编辑不能改日期")
    response = logged_in(people["editor"]).post(
        reverse("sites_correct_publish_date", args=[page.pk]),
        {"new_date": "2024-03-01 09:00", "reason": "我想把日期改早一些"},
    )
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.publish_date == page.first_published_at


def test_demo_content_states_its_dates_are_imported(cluster):
    from sites.services.bulk import bulk_add_articles

    parent = column(cluster.edu, "gzdt")
    old = timezone.now() - datetime.timedelta(days=400)
    added = bulk_add_articles(
        parent,
        [ArticlePage(title="历史稿件", slug="history-1", publish_date=old, body=[])],
    )
    assert added == 1
    page = ArticlePage.objects.get(slug="history-1")
    assert page.date_source == DateSource.IMPORTED
    assert page.first_published_at == page.publish_date == old


def test_a_go_live_time_in_the_past_is_refused_in_chinese(cluster, people):
    """The editor may schedule a later time, never an earlier one (R22)."""
    parent = column(cluster.health, "gzdt")
    response = logged_in(people["editor"]).post(
        reverse("wagtailadmin_pages:add", args=["sites", "articlepage", parent.pk]),
        article_form("定时到过去的稿件", go_live_at=BACK_DATED),
    )
    assert response.status_code == 200
    assert "定时发布时间不能早于现在" in response.text
    assert not ArticlePage.objects.filter(title="定时到过去的稿件").exists()


def test_a_scheduled_page_is_dated_when_it_really_goes_live(cluster, people):
    """A later go-live time is allowed; 发布日期 is when the scheduler published."""
    from django.core.management import call_command

    go_live = timezone.localtime() + datetime.timedelta(hours=2)
    page = publish_through_workflow(
        cluster, people, "定时发布的稿件", go_live_at=go_live.strftime("%Y-%m-%d %H:%M")
    )
    assert not page.live
    revision = page.get_latest_revision()
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    before = timezone.now()
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert page.publish_date == page.first_published_at >= before
