"""信息报送: submit to the portal, accept, follow the original (issue #3 item 4)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sites.models import Submission, SubmissionStatus
from sites.services.provisioning import SiteRole
from sites.services.syndication import statistics
from tests.conftest import add_article, column

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def listed_titles(client, site, path):
    html = client.get(path, HTTP_HOST=site.hostname).content.decode()
    return [
        a.get_text()
        for a in BeautifulSoup(html, "html.parser").select(".article-list a")
    ]


@pytest.fixture
def people(cluster, site_user):
    return {
        "edu_editor": site_user(cluster.edu, SiteRole.EDITOR, "edu-editor"),
        "portal_reviewer": site_user(
            cluster.portal, SiteRole.REVIEWER, "portal-reviewer"
        ),
        "health_reviewer": site_user(
            cluster.health, SiteRole.REVIEWER, "health-reviewer"
        ),
    }


def submit(client, article, column_page):
    return client.post(
        reverse("sites_syndication_submit", args=[article.pk]),
        {"column": column_page.pk},
    )


def test_submit_accept_follow_edits_and_withdrawal(client, cluster, people):
    article = add_article(column(cluster.edu, "gzdt"), "全市中小学开展冬季安全教育")
    portal_news = column(cluster.portal, "gzdt")
    editor = logged_in(people["edu_editor"])
    assert submit(editor, article, portal_news).status_code == 302
    submission = Submission.objects.get(article=article)
    assert submission.status == SubmissionStatus.PENDING
    assert article.title not in listed_titles(client, cluster.portal, "/gzdt/")

    reviewer = logged_in(people["portal_reviewer"])
    inbox = reviewer.get(reverse("sites_syndication_inbox")).content.decode()
    assert article.title in inbox
    response = reviewer.post(
        reverse("sites_syndication_decide", args=[submission.pk, "accept"])
    )
    assert response.status_code == 302
    html = client.get("/gzdt/", HTTP_HOST=cluster.portal.hostname).content.decode()
    assert article.title in html
    assert "（来源：北疆市教育局）" in html
    link = BeautifulSoup(html, "html.parser").find("a", string=article.title)["href"]
    assert "jyj.bj.example.gov.cn" in link  # the original, on its own site

    # An edit of the original shows on the portal: nothing was copied.
    article.title = "全市中小学开展冬季校园安全教育"
    article.save_revision().publish()
    assert "全市中小学开展冬季校园安全教育" in listed_titles(
        client, cluster.portal, "/gzdt/"
    )
    # Withdrawing the original removes it from the portal too.
    article.unpublish()
    assert "全市中小学开展冬季校园安全教育" not in listed_titles(
        client, cluster.portal, "/gzdt/"
    )


def test_accepted_with_a_later_publish_time_waits_for_it(
    client, cluster, people, settings
):
    # The publish time passes without an event, so a cached list shows the item
    # only once its cache lifetime ends (PAGE_CACHE_SECONDS, README); the list
    # itself is what is tested here.
    settings.PAGE_CACHE_SECONDS = 0
    article = add_article(column(cluster.edu, "gzdt"), "教育局定时报送稿件")
    editor = logged_in(people["edu_editor"])
    submit(editor, article, column(cluster.portal, "gzdt"))
    submission = Submission.objects.get(article=article)
    later = (timezone.localtime() + datetime.timedelta(days=1)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    logged_in(people["portal_reviewer"]).post(
        reverse("sites_syndication_decide", args=[submission.pk, "accept"]),
        {"publish_at": later},
    )
    assert article.title not in listed_titles(client, cluster.portal, "/gzdt/")
    Submission.objects.filter(pk=submission.pk).update(
        publish_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert article.title in listed_titles(client, cluster.portal, "/gzdt/")


def test_decline_needs_a_reason_and_statistics_give_the_acceptance_rate(
    cluster, people
):
    editor = logged_in(people["edu_editor"])
    reviewer = logged_in(people["portal_reviewer"])
    target = column(cluster.portal, "gzdt")
    articles = [
        add_article(column(cluster.edu, "gzdt"), f"报送稿件{n}") for n in range(4)
    ]
    for article in articles:
        submit(editor, article, target)
    submissions = {s.article_id: s for s in Submission.objects.all()}
    decide = "sites_syndication_decide"
    reviewer.post(reverse(decide, args=[submissions[articles[0].pk].pk, "accept"]))
    reviewer.post(reverse(decide, args=[submissions[articles[1].pk].pk, "accept"]))
    response = reviewer.post(
        reverse(decide, args=[submissions[articles[2].pk].pk, "decline"]),
        {"reason": ""},
        follow=True,
    )
    assert "请填写未采用的原因" in response.content.decode()
    assert Submission.objects.get(pk=submissions[articles[2].pk].pk).status == "pending"
    reviewer.post(
        reverse(decide, args=[submissions[articles[2].pk].pk, "decline"]),
        {"reason": "内容重复"},
    )
    today = timezone.localdate()
    rows = statistics(today - datetime.timedelta(days=1), today)
    assert rows == [
        {"site": "北疆市教育局", "submitted": 4, "accepted": 2, "rate": 0.5}
    ]  # 采用率 = 2 / 4
    page = reviewer.get(reverse("sites_syndication_stats")).content.decode()
    assert "北疆市教育局" in page and "50%" in page


def test_refusals_for_foreign_ids_and_forged_requests(client, cluster, people):
    edu_article = add_article(column(cluster.edu, "gzdt"), "教育局稿件")
    health_article = add_article(column(cluster.health, "gzdt"), "卫健委稿件")
    editor = logged_in(people["edu_editor"])
    # Another site's article, or a column that is not above this site: refused.
    assert submit(
        editor, health_article, column(cluster.portal, "gzdt")
    ).status_code in (302, 403)
    response = submit(editor, edu_article, column(cluster.health, "gzdt"))
    assert (
        response.status_code == 200
        and "请选择上级网站的栏目" in response.content.decode()
    )
    response = editor.post(
        reverse("sites_syndication_submit", args=[edu_article.pk]), {"column": "abc"}
    )
    assert response.status_code == 200
    assert not Submission.objects.exists()

    # Submitting twice to the same column is refused while the first is open.
    submit(editor, edu_article, column(cluster.portal, "gzdt"))
    response = submit(editor, edu_article, column(cluster.portal, "gzdt"))
    assert "已报送到这个栏目" in response.content.decode()
    submission = Submission.objects.get()

    # Only the receiving site's reviewers may decide; others change nothing.
    for user in (people["health_reviewer"], people["edu_editor"]):
        response = logged_in(user).post(
            reverse("sites_syndication_decide", args=[submission.pk, "accept"]),
            follow=True,
        )
        assert response.status_code == 200
        assert "只有接收网站的审核人员" in response.content.decode()
        assert article_not_in_inbox(user, submission)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PENDING
    assert (
        logged_in(people["portal_reviewer"])
        .post(reverse("sites_syndication_decide", args=[999999, "accept"]))
        .status_code
        == 404
    )


def article_not_in_inbox(user, submission):
    html = logged_in(user).get(reverse("sites_syndication_inbox")).content.decode()
    return submission.article.title not in html
