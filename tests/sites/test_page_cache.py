"""The whole-page cache of public pages (DESIGN §4): a cached page is served
without touching sessions, auth or the page tree, and whatever a visitor could
see change is never served stale (publishing invalidates at once)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from sites.legacy_import.models import LegacyHost
from sites.models import ClusterSettings, SiteProfile, Submission, SubmissionStatus
from tests.conftest import add_article, column

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def get(client, site, path="/", **extra):
    return client.get(path, HTTP_HOST=site.hostname, **extra)


def path_of(page, site):
    return page.url_path[len(site.root_page.url_path) - 1 :]


def published(parent, title):
    article = add_article(parent, title, live=False)
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def test_a_public_page_is_served_from_the_cache_the_second_time(client, cluster):
    article = published(column(cluster.edu, "gzdt"), "缓存测试文章")
    path = path_of(article, cluster.edu)
    first = get(client, cluster.edu, path)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = get(client, cluster.edu, path)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # Finding the site is all a hit costs: no session, user or page-tree query.
    assert len(queries) <= 1, [q["sql"] for q in queries]


def test_publishing_an_edit_shows_at_once_on_the_page_its_column_and_the_portal(
    client, cluster
):
    gzdt = column(cluster.edu, "gzdt")
    article = published(gzdt, "旧标题的文章")
    paths = {
        cluster.edu: [path_of(article, cluster.edu), path_of(gzdt, cluster.edu), "/"],
        cluster.portal: ["/"],
    }
    for site, site_paths in paths.items():
        for path in site_paths:
            assert "旧标题的文章" in get(client, site, path).content.decode()
            assert get(client, site, path)["X-Page-Cache"] == "hit"

    revision = article.save_revision()
    revision.content["title"] = "新标题的文章"
    revision.save()
    revision.publish()

    for site, site_paths in paths.items():
        for path in site_paths:
            assert "新标题的文章" in get(client, site, path).content.decode(), (
                site,
                path,
            )


def test_a_site_s_change_leaves_other_sites_cached(client, cluster):
    get(client, cluster.health, "/")
    published(column(cluster.edu, "gzdt"), "教育局的新文章")
    assert get(client, cluster.health, "/")["X-Page-Cache"] == "hit"
    assert get(client, cluster.edu, "/")["X-Page-Cache"] == "miss"


def test_an_unpublished_page_is_gone_at_once(client, cluster):
    article = published(column(cluster.edu, "gzdt"), "将撤下的文章")
    path = path_of(article, cluster.edu)
    get(client, cluster.edu, path)
    article.unpublish()
    assert get(client, cluster.edu, path).status_code in (404, 410)
    assert "将撤下的文章" not in get(client, cluster.edu, "/").content.decode()


def test_the_same_path_on_two_hosts_and_two_query_strings_are_kept_apart(
    client, cluster
):
    edu, health = get(client, cluster.edu, "/"), get(client, cluster.health, "/")
    assert "北疆市教育局" in edu.content.decode()
    assert "北疆市卫生健康委员会" in health.content.decode()
    assert "北疆市教育局" in get(client, cluster.edu, "/").content.decode()
    gzdt = path_of(column(cluster.edu, "gzdt"), cluster.edu)
    for number in range(25):
        add_article(column(cluster.edu, "gzdt"), f"分页文章{number:02d}")
    first, second = (
        get(client, cluster.edu, gzdt),
        get(client, cluster.edu, gzdt, data={"page": 2}),
    )
    assert first.content != second.content
    assert get(client, cluster.edu, gzdt, data={"page": 2}).content == second.content


def test_footer_and_grey_mode_changes_show_everywhere_at_once(client, cluster):
    get(client, cluster.banner, "/")
    profile = SiteProfile.for_site(cluster.banner)
    profile.icp_number = "蒙ICP备12345678号-9"
    profile.save()
    assert "蒙ICP备12345678号-9" in get(client, cluster.banner, "/").content.decode()

    settings_row = ClusterSettings.load()
    settings_row.mourning_mode = True
    settings_row.save()
    assert 'class="theme-' in (html := get(client, cluster.edu, "/").content.decode())
    assert " mourning" in html.split(">", 2)[1]


def test_accepting_a_syndicated_article_shows_it_on_the_receiving_site(
    client, cluster, make_user
):
    article = published(column(cluster.edu, "gzdt"), "报送到门户的文章")
    target = column(cluster.portal, "gzdt")
    listing = path_of(target, cluster.portal)
    assert (
        "报送到门户的文章" not in get(client, cluster.portal, listing).content.decode()
    )
    submission = Submission.objects.create(
        article=article,
        source_site=cluster.edu,
        target_column=target,
        target_site=cluster.portal,
        submitted_by=make_user("报送人"),
    )
    submission.status = SubmissionStatus.ACCEPTED
    submission.decided_at = submission.publish_at = submission.submitted_at
    submission.save()
    assert "报送到门户的文章" in get(client, cluster.portal, listing).content.decode()


def test_per_visitor_responses_are_never_stored(client, cluster, make_user):
    # A login-restricted page answers per visitor: never stored, never shared.
    article = published(column(cluster.edu, "tzgg"), "内部通知")
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.LOGIN
    )
    path = path_of(article, cluster.edu)
    assert get(client, cluster.edu, path).status_code == 302
    client.force_login(make_user("内部人员"))
    assert get(client, cluster.edu, path).status_code == 200
    client.logout()
    assert get(client, cluster.edu, path).status_code == 302
    # App views (forms with a CSRF token and captcha, search) are not cached.
    for path in ("/xxgk/ysqgk/", "/search/?q=公开"):
        assert "X-Page-Cache" not in get(client, cluster.edu, path, follow=True)


def test_switched_off_nothing_is_cached(client, cluster, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert "X-Page-Cache" not in get(client, cluster.edu, "/")
    assert "X-Page-Cache" not in get(client, cluster.edu, "/")


def test_a_host_that_becomes_an_old_sites_redirects_though_it_was_cached(
    client, cluster
):
    # The page cache answers before LegacyHostMiddleware asks about the host:
    # what the default site served under that name before must not be a hit.
    host = "www.jiu.example.gov.cn"
    assert client.get("/", HTTP_HOST=host).status_code == 200  # the default site
    assert client.get("/", HTTP_HOST=host)["X-Page-Cache"] == "hit"
    LegacyHost.objects.create(hostname=host, site=cluster.edu)
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 302
    assert response["Location"] == cluster.edu.root_url + "/"
    assert "X-Page-Cache" not in response
    # The sites' own pages are still served from the cache.
    get(client, cluster.edu, "/")
    assert get(client, cluster.edu, "/")["X-Page-Cache"] == "hit"
