"""An editor writes articles in the real admin, in Chromium (issue #17).

Found walking through as an editor: Wagtail copied the Chinese title into the
slug as it was typed, which kept only the digits ("市教育局召开2027年寒假…" →
"2027"); the next article whose title held 2027 could not be saved.
"""

import pytest
from django.contrib.auth import get_user_model

from sites.models import ArticlePage
from sites.services.provisioning import SiteRole, site_groups
from tests.browser.conftest import BROWSER_MARKS, url
from tests.conftest import article_form, column

pytestmark = BROWSER_MARKS

PASSWORD = "测试密码-Abc12345"
TITLES = ["市教育局召开2027年寒假校园安全工作部署会", "2027年春季学期开学工作安排"]


def test_typing_a_chinese_title_leaves_the_slug_to_the_platform(
    live_server, live_cluster, browser_page
):
    user = get_user_model().objects.create_user("browser-editor", password=PASSWORD)
    user.groups.add(site_groups(live_cluster.edu)[SiteRole.EDITOR])
    news = column(live_cluster.edu, "gzdt")
    page = browser_page
    page.goto(url(live_server, live_cluster.edu, "/admin/login/"))
    page.fill("#id_username", "browser-editor")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/admin/")
    page.goto(
        url(
            live_server,
            live_cluster.edu,
            f"/admin/pages/add/sites/articlepage/{news.pk}/",
        )
    )
    for title in TITLES:
        page.fill("#id_title", "")
        page.type("#id_title", title)
        page.press("#id_title", "Tab")
        # Wagtail applies the copy after a short debounce: give it time to act.
        page.wait_for_timeout(600)
        assert page.input_value("#id_slug") == ""


@pytest.mark.django_db
def test_two_articles_with_the_same_number_both_save(client, cluster, make_user):
    """Submitted as the browser now sends them (slug left empty): both saved."""
    editor = make_user("same-number", site_groups(cluster.edu)[SiteRole.EDITOR])
    client.force_login(editor)
    news = column(cluster.edu, "gzdt")
    for title in TITLES:
        response = client.post(
            f"/admin/pages/add/sites/articlepage/{news.pk}/", article_form(title)
        )
        assert response.status_code == 302, response.content.decode()[:500]
    slugs = [ArticlePage.objects.get(title=title).slug for title in TITLES]
    assert len(set(slugs)) == 2
    assert all(slug.startswith("t") and "_" in slug for slug in slugs)


@pytest.mark.django_db
def test_the_title_field_carries_no_empty_slug_copy(client, cluster, make_user):
    """With no slug to copy into, Wagtail's w-sync controller had an empty
    selector and threw on every editor's load (issue #17, found in Chromium)."""
    from bs4 import BeautifulSoup

    editor = make_user("no-sync", site_groups(cluster.edu)[SiteRole.EDITOR])
    client.force_login(editor)
    news = column(cluster.edu, "gzdt")
    html = client.get(f"/admin/pages/add/sites/articlepage/{news.pk}/").content
    title = BeautifulSoup(html, "html.parser").find(id="id_title")
    assert title["placeholder"] == "标题*"
    assert "w-sync" not in title.get("data-controller", "")
    assert "w-sync" not in title.get("data-action", "")
    assert not title.has_attr("data-w-sync-target-value")
