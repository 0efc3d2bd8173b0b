"""The main menu is read once per site generation, not once per page rendered
(issue 15 item 2), and still follows every change of its columns at once —
with the page cache on or off."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sites.models import ColumnPage
from tests.conftest import add_article, column

pytestmark = pytest.mark.django_db


def nav(client, site, path="/"):
    html = client.get(path, HTTP_HOST=site.hostname).content.decode()
    return html.split('aria-label="主导航"', 1)[1].split("</nav>", 1)[0]


def menu_queries(client, site, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, HTTP_HOST=site.hostname).status_code == 200
    # The menu's query is the one that filters on show_in_menus.
    return [
        q["sql"]
        for q in queries.captured_queries
        if '"show_in_menus"' in q["sql"].partition(" WHERE ")[2]
    ]


@pytest.mark.parametrize("page_cache_seconds", [0, 300])
def test_a_column_hidden_shown_or_added_changes_the_menu_of_every_page(
    client, cluster, settings, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    news = column(cluster.edu, "gzdt")
    article = add_article(news, "教育局召开秋季开学工作会议")
    article_path = article.url_path[len(cluster.edu.root_page.url_path) - 1 :]
    assert news.title in nav(client, cluster.edu)
    assert news.title in nav(client, cluster.edu, article_path)

    news.show_in_menus = False
    news.save_revision().publish()
    assert news.title not in nav(client, cluster.edu)
    assert news.title not in nav(client, cluster.edu, article_path)

    home = cluster.edu.root_page
    added = ColumnPage(
        title="专题专栏测试", slug="ztzl-test", show_in_menus=True, live=False
    )
    home.add_child(instance=added)
    added.save_revision().publish()
    assert "专题专栏测试" in nav(client, cluster.edu, article_path)
    added.refresh_from_db()  # publish() worked on a copy of it
    added.unpublish()
    assert "专题专栏测试" not in nav(client, cluster.edu, article_path)


def test_the_menu_is_read_once_for_all_pages_of_a_site(client, cluster, settings):
    settings.PAGE_CACHE_SECONDS = 0
    root = cluster.edu.root_page.url_path
    paths = [
        add_article(column(cluster.edu, slug), title).url_path[len(root) - 1 :]
        for slug, title in (("gzdt", "第一篇"), ("gzdt", "第二篇"), ("tzgg", "第三篇"))
    ]
    assert menu_queries(client, cluster.edu, paths[0])
    for path in paths[1:]:
        assert not menu_queries(client, cluster.edu, path), path
    # Another site has its own menu.
    health = add_article(column(cluster.health, "gzdt"), "第四篇")
    health_root = cluster.health.root_page.url_path
    assert menu_queries(client, cluster.health, health.url_path[len(health_root) - 1 :])
