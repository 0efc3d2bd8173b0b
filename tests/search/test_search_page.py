"""The public search page as a visitor uses it (issue 18 item 4): the theme's
form, a meta line with separators, snippets of the text only, a message for an
empty query, and "大家常搜" from many visitors plus the cluster admin's words."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from wagtail.rich_text import RichText

from search.models import QueryStat, QueryVisitor, SuggestedSearch
from sites.services.provisioning import SiteRole, site_groups
from sites.services.roles import CLUSTER_ADMIN, SYSTEM_ADMIN
from tests.conftest import add_article, column

from .conftest import index_now
from .helpers import search, soup

pytestmark = pytest.mark.usefixtures("sqlite_only")
LEAD = "全市义务教育阶段学校秋季招生工作于8月底前完成。"


def _popular(client, site):
    response, _ = search(client, site)
    block = soup(response).select_one(".search-popular")
    return [a.get_text() for a in block.select("a")] if block else []


def test_results_show_the_text_and_a_separated_meta_line(client, cluster):
    article = add_article(
        column(cluster.portal, "gzdt"), "秋季招生工作部署", summary=LEAD,
        keywords="招生,入学", subtitle="副标题不进摘要",
    )  # fmt: skip
    article.body = [
        ("heading", {"text": "招生安排", "level": "h2"}),
        ("paragraph", RichText(f"<p>{LEAD}各校按学区招生。</p>")),
    ]
    article.save_revision().publish()
    index_now()
    response, titles = search(client, cluster.portal, q="招生")
    assert titles == ["秋季招生工作部署"]
    document = soup(response)
    snippet = document.select_one(".search-snippet").get_text()
    assert "招生安排" in snippet and "各校按学区招生" in snippet
    for label in ("二级标题", "副标题不进摘要", "招生,入学"):
        assert label not in snippet
    assert snippet.count("全市义务教育阶段学校秋季") == 1  # the lead once
    meta = " ".join(document.select_one(".search-meta").get_text().split())
    day = timezone.localtime(article.publish_date).strftime("%Y-%m-%d")
    assert meta == f"文章 · 北疆市人民政府 · 北疆日报 · {day}"  # kind, site, source
    # The theme's form: its own stylesheet, a labelled box and a hint.
    link = document.find("link", href=lambda h: h and h.endswith("css/search.css"))
    assert link and finders.find("themes/css/search.css")
    assert document.select_one(".search-box input#search-q")["aria-describedby"]


def test_an_empty_query_gets_a_clear_message(client, cluster):
    response, titles = search(client, cluster.portal, q="   ")
    message = soup(response).select_one("[role=alert]").get_text()
    assert "请输入要查找的关键词" in message and titles == []
    assert not QueryStat.objects.exists()


def test_popular_searches_need_several_visitors_and_keep_no_address(
    client, cluster, settings
):
    settings.SEARCH_POPULAR_MIN_VISITORS = 3
    add_article(column(cluster.edu, "gzdt"), "社保卡办理指南")
    index_now()
    site = cluster.edu

    def ask(address, query="社保卡"):
        client.get("/search/", {"q": query}, HTTP_HOST=site.hostname,
                   REMOTE_ADDR=address)  # fmt: skip

    for _ in range(5):  # one visitor, many times
        ask("10.1.0.1")
        ask("10.1.0.1", "北教发 2026 6 号")
    ask("10.1.0.2")
    assert "社保卡" not in _popular(client, site)
    ask("10.1.0.3")
    assert "社保卡" in _popular(client, site)
    assert "北教发 2026 6 号" not in _popular(client, site)
    assert QueryStat.objects.get(site=site, query="社保卡").visitors == 3
    stored = " ".join(QueryVisitor.objects.values_list("visitor", flat=True))
    assert "10.1.0" not in stored and len(stored.split()) >= 3
    # Another site's visitors count for their own site only.
    assert "社保卡" not in _popular(client, cluster.health)
    # Yesterday's tags are dropped once today's counting starts.
    QueryVisitor.objects.update(day=timezone.localdate() - datetime.timedelta(days=1))
    ask("10.1.0.4", "医保")
    assert not QueryVisitor.objects.filter(day__lt=timezone.localdate()).exists()


def test_the_cluster_admin_curates_popular_searches(client, cluster, make_user):
    add_url = reverse("wagtailsnippets_search_suggestedsearch:add")
    others = [
        make_user(
            "s-site-admin", site_groups(cluster.edu.site_name)[SiteRole.SITE_ADMIN]
        ),
        make_user("s-system-admin", Group.objects.get(name=SYSTEM_ADMIN)),
    ]
    for user in others:
        client.force_login(user)
        response = client.post(add_url, {"word": "一网通办", "sort_order": "0"})
        assert response.status_code in (302, 403)
        assert not SuggestedSearch.objects.exists()
    client.force_login(make_user("s-cluster", Group.objects.get(name=CLUSTER_ADMIN)))
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, {"word": "一网通办", "sort_order": "0"})
    assert response.status_code == 302
    refused = client.post(add_url, {"word": "13912345678", "sort_order": "1"})
    assert "个人信息" in refused.content.decode()
    client.logout()
    index_now()
    for site in (cluster.portal, cluster.edu):
        assert _popular(client, site)[0] == "一网通办"
