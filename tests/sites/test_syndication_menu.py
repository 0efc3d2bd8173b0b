"""信息报送 where a department's editor expects it (issue #17, found walking the
demo): the menu item opened the receiving inbox, empty for a department, while
sending hid in each page's "…" menu. Now 信息报送 → 报送稿件 lists the site's
published articles with a 报送 button and what became of those sent; 采用报送稿件
is for the receiving site's 审核 and 站点管理员."""

import json

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from sites.models import Submission, SubmissionStatus
from sites.services.provisioning import SiteRole
from tests.conftest import add_article, column

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def syndication_menu(client):
    """The labels and addresses under the sidebar's 信息报送 menu."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = BeautifulSoup(html, "html.parser").find(id="wagtail-sidebar-props")
    found = {}

    def walk(node):
        if isinstance(node, dict):
            args = node.get("_args")
            if (
                node.get("_type") == "wagtail.sidebar.SubMenuItem"
                and args
                and args[0].get("label") == "信息报送"
            ):
                for child in args[1]:
                    found[child["_args"][0]["label"]] = child["_args"][0]["url"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.string))
    return found


def test_the_department_editor_sends_from_the_menu(cluster, site_user):
    article = add_article(column(cluster.edu, "gzdt"), "全市中小学开展冬季安全教育")
    editor = logged_in(site_user(cluster.edu, SiteRole.EDITOR, "edu-editor"))
    menu = syndication_menu(editor)
    assert menu == {
        "报送稿件": reverse("sites_syndication_outbox"),
        "报送统计": reverse("sites_syndication_stats"),
    }
    outbox = editor.get(menu["报送稿件"])
    html = outbox.content.decode()
    assert article.title in html and "未报送" in html
    send = reverse("sites_syndication_submit", args=[article.pk])
    assert f'href="{send}"' in html

    portal_news = column(cluster.portal, "gzdt")
    response = editor.post(send, {"column": portal_news.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("sites_syndication_outbox")
    html = editor.get(response["Location"]).content.decode()
    assert "北疆市人民政府：待处理" in html
    submission = Submission.objects.get(article=article)
    assert submission.status == SubmissionStatus.PENDING

    # The portal's reviewer finds it under 采用报送稿件 and accepts it.
    reviewer = logged_in(site_user(cluster.portal, SiteRole.REVIEWER, "mh-rev"))
    menu = syndication_menu(reviewer)
    assert "采用报送稿件" in menu
    assert article.title in reviewer.get(menu["采用报送稿件"]).content.decode()
    reviewer.post(reverse("sites_syndication_decide", args=[submission.pk, "accept"]))
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    html = editor.get(reverse("sites_syndication_outbox")).content.decode()
    assert "已采用" in html


def test_the_outbox_query_count_does_not_grow_with_articles(cluster, site_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    editor = logged_in(site_user(cluster.edu, SiteRole.EDITOR, "edu-editor"))
    news = column(cluster.edu, "gzdt")
    portal_news = column(cluster.portal, "gzdt")
    outbox = reverse("sites_syndication_outbox")

    def queries():
        editor.get(outbox)  # warm the per-process caches (menu, settings)
        with CaptureQueriesContext(connection) as context:
            html = editor.get(outbox).content.decode()
        return len(context), html

    first = add_article(news, "第一篇")
    editor.post(
        reverse("sites_syndication_submit", args=[first.pk]), {"column": portal_news.pk}
    )
    one, _ = queries()
    for n in range(12):
        article = add_article(news, f"第{n}篇稿件")
        editor.post(
            reverse("sites_syndication_submit", args=[article.pk]),
            {"column": portal_news.pk},
        )
    thirteen, html = queries()
    assert html.count(">报送</a>") == 13
    assert thirteen == one <= 25


def test_a_portal_without_upper_site_is_told_so(cluster, site_user):
    editor = logged_in(site_user(cluster.portal, SiteRole.EDITOR, "mh-editor"))
    html = editor.get(reverse("sites_syndication_outbox")).content.decode()
    assert "没有上级网站，无需报送" in html
    assert "采用报送稿件" not in syndication_menu(editor)


def test_the_search_finds_by_title_and_bad_input_is_harmless(cluster, site_user):
    news = column(cluster.edu, "gzdt")
    add_article(news, "教育督导工作会议召开")
    add_article(news, "寒假安全提示")
    editor = logged_in(site_user(cluster.edu, SiteRole.EDITOR, "edu-editor"))
    outbox = reverse("sites_syndication_outbox")
    html = editor.get(outbox, {"q": "督导"}).content.decode()
    assert "教育督导工作会议召开" in html and "寒假安全提示" not in html
    response = editor.get(outbox, {"q": "x" * 5000 + "'\"<script>"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("按标题查找")[1][:6000]


def test_another_sites_editor_sees_only_their_own_articles(cluster, site_user):
    add_article(column(cluster.edu, "gzdt"), "教育局的稿件")
    editor = logged_in(site_user(cluster.health, SiteRole.EDITOR, "wjw-editor"))
    html = editor.get(reverse("sites_syndication_outbox")).content.decode()
    assert "教育局的稿件" not in html


def test_the_portals_workbench_has_no_sending_panel(cluster, site_user):
    """The portal has no site above it: its staff receive, they do not send."""
    reviewer = logged_in(site_user(cluster.portal, SiteRole.REVIEWER, "mh-rev"))
    html = reviewer.get(reverse("wagtailadmin_home")).content.decode()
    assert "待采用的报送稿件" in html
    assert "本网站还没有报送稿件" not in html
    editor = logged_in(site_user(cluster.edu, SiteRole.EDITOR, "edu-editor"))
    assert (
        "本网站还没有报送稿件"
        in editor.get(reverse("wagtailadmin_home")).content.decode()
    )
