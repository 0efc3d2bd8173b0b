"""Article addresses are the platform's, in the style of government sites
(issue #17 item 1): ``t<发布日期>_<token>`` for every new article whatever slug
the browser sends, unique by construction; an edit keeps the address."""

import re

import pytest

from sites.models import ArticlePage
from sites.services.provisioning import SiteRole
from tests.conftest import article_form, column

pytestmark = pytest.mark.django_db
PLATFORM_SLUG = re.compile(r"^t\d{8}_[0-9a-f]{6}$")


@pytest.mark.parametrize("sent", ["2027", "", "my-own-slug", "中文地址"])
def test_a_new_article_gets_the_platform_address_whatever_is_sent(
    client, cluster, site_user, sent
):
    client.force_login(site_user(cluster.edu, SiteRole.EDITOR))
    news = column(cluster.edu, "gzdt")
    add = f"/admin/pages/add/sites/articlepage/{news.pk}/"
    for title in (
        "市教育局召开2027年寒假校园安全工作部署会",
        "2027年春季学期开学工作安排",
    ):
        response = client.post(add, article_form(title, slug=sent))
        assert response.status_code == 302, response.content.decode()[:800]
    slugs = list(
        ArticlePage.objects.child_of(news)
        .filter(title__contains="2027")
        .values_list("slug", flat=True)
    )
    assert len(slugs) == 2 and len(set(slugs)) == 2
    assert all(PLATFORM_SLUG.match(slug) for slug in slugs), slugs


def test_an_edit_keeps_the_address(client, cluster, site_user):
    client.force_login(site_user(cluster.edu, SiteRole.EDITOR))
    news = column(cluster.edu, "gzdt")
    client.post(
        f"/admin/pages/add/sites/articlepage/{news.pk}/", article_form("原标题通知")
    )
    article = ArticlePage.objects.get(title="原标题通知")
    response = client.post(
        f"/admin/pages/{article.pk}/edit/",
        article_form("修改后的标题通知", slug=article.slug),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert PLATFORM_SLUG.match(article.slug)
    assert article.get_latest_revision_as_object().title == "修改后的标题通知"


def test_old_addresses_move_to_the_platform_form_and_redirect(
    client, cluster, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from tests.conftest import add_article

    news = column(cluster.edu, "gzdt")
    article = add_article(news, "市教育局召开2027年工作会议", slug="2027")
    article.save_revision().publish()
    call_command("normalize_article_slugs")  # dry run changes nothing
    article.refresh_from_db()
    assert article.slug == "2027"

    with django_capture_on_commit_callbacks(execute=True):
        call_command("normalize_article_slugs", "--apply")
    article.refresh_from_db()
    assert PLATFORM_SLUG.match(article.slug)
    new_path = f"/gzdt/{article.slug}/"
    page = client.get(new_path, HTTP_HOST=cluster.edu.hostname)
    assert page.status_code == 200 and "2027年工作会议" in page.content.decode()
    old = client.get("/gzdt/2027/", HTTP_HOST=cluster.edu.hostname)
    assert old.status_code == 301 and old["Location"].endswith(new_path)
    # Publishing the latest revision again keeps the new address.
    article.get_latest_revision().publish()
    article.refresh_from_db()
    assert PLATFORM_SLUG.match(article.slug)
