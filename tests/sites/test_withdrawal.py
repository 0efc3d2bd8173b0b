"""撤稿 with a typed reason leaves a notice or a redirect, not a bare 404
(issue #3 item 3)."""

import pytest
from django.test import Client
from django.urls import reverse

from sites.models import AuditEvent, Withdrawal
from sites.services.provisioning import SiteRole
from tests.conftest import add_article, column

pytestmark = pytest.mark.django_db


def path_of(page):
    return page.get_url_parts()[2]


@pytest.fixture
def reviewer(cluster, site_user):
    client = Client()
    client.force_login(site_user(cluster.edu, SiteRole.REVIEWER, "edu-reviewer"))
    return client


def test_withdrawn_article_shows_a_notice_with_its_reason(client, cluster, reviewer):
    article = add_article(column(cluster.edu, "tzgg"), "关于2025年秋季学期开学的通知")
    path = path_of(article)
    url = reverse("sites_withdraw_page", args=[article.pk])
    assert reviewer.get(url).status_code == 200
    response = reviewer.post(url, {"reason": "expired", "note": "学期已结束"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.live

    public = client.get(path, HTTP_HOST=cluster.edu.hostname)
    assert public.status_code == 410
    text = public.content.decode()
    assert "该信息已撤回" in text and "已过期" in text and "学期已结束" in text
    assert "关于2025年秋季学期开学的通知" in text
    # The column no longer lists it.
    listing = client.get("/tzgg/", HTTP_HOST=cluster.edu.hostname).content.decode()
    assert "关于2025年秋季学期开学的通知" not in listing
    # Logged with its reason, and mirrored into the audit log.
    event = AuditEvent.objects.get(action="cluster.withdraw", object_id=str(article.pk))
    assert event.username == "edu-reviewer" and event.site == cluster.edu


def test_merged_article_redirects_to_its_replacement(client, cluster, reviewer):
    old = add_article(column(cluster.edu, "zcwj"), "旧版招生办法")
    new = add_article(column(cluster.edu, "zcwj"), "新版招生办法")
    response = reviewer.post(
        reverse("sites_withdraw_page", args=[old.pk]),
        {"reason": "merged", "replacement": new.pk},
    )
    assert response.status_code == 302
    public = client.get(path_of(old), HTTP_HOST=cluster.edu.hostname)
    assert public.status_code == 301
    assert public["Location"].endswith(path_of(new))


def test_bad_withdrawal_input_gets_chinese_errors_and_changes_nothing(
    cluster, reviewer
):
    article = add_article(column(cluster.edu, "gzdt"), "教育动态")
    foreign = add_article(column(cluster.health, "gzdt"), "卫健委动态")
    url = reverse("sites_withdraw_page", args=[article.pk])
    cases = [
        ({}, "请选择撤稿原因"),
        ({"reason": "nonsense"}, "选择一个有效的选项"),
        ({"reason": "merged"}, "需要填写合并后的页面"),
        ({"reason": "merged", "replacement": foreign.pk}, "找不到可用的替代页面"),
        ({"reason": "merged", "replacement": article.pk}, "找不到可用的替代页面"),
        ({"reason": "error", "replacement": "abc"}, "输入整数"),
    ]
    for data, message in cases:
        response = reviewer.post(url, data)
        assert response.status_code == 200, data
        assert message in response.content.decode(), data
    article.refresh_from_db()
    assert article.live
    assert not Withdrawal.objects.exists()


def test_only_roles_that_may_unpublish_can_withdraw(cluster, site_user):
    article = add_article(column(cluster.edu, "gzdt"), "教育动态")
    foreign = add_article(column(cluster.health, "gzdt"), "卫健委动态")
    editor = Client()
    editor.force_login(site_user(cluster.edu, SiteRole.EDITOR, "edu-editor"))
    other = Client()
    other.force_login(site_user(cluster.health, SiteRole.SITE_ADMIN, "health-admin"))
    for client, page in ((editor, article), (other, article)):
        url = reverse("sites_withdraw_page", args=[page.pk])
        assert client.get(url).status_code in (302, 403)
        assert client.post(url, {"reason": "error"}).status_code in (302, 403)
    article.refresh_from_db()
    assert article.live
    assert (
        other.get(reverse("sites_withdraw_page", args=[foreign.pk])).status_code == 200
    )
    assert other.get(reverse("sites_withdraw_page", args=[999999])).status_code == 404


def test_ordinary_404_stays_a_404(client, cluster):
    assert client.get("/no-such/", HTTP_HOST=cluster.edu.hostname).status_code == 404
