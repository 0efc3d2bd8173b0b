"""The request's site, the site profile, the cluster settings and the paths of
restricted pages are kept per generation in each process (issue 15 item 3,
sites/site_lookup.py): a warm page reads none of them, and every change that
shows on a page shows at once — with the page cache off and on."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from sites.models import ClusterSettings, SiteProfile
from sites.page_cache import CLUSTER_KEY, generations
from tests.conftest import add_article, column

pytestmark = pytest.mark.django_db

KEPT_TABLES = (
    '"wagtailcore_site"',
    '"sites_siteprofile"',
    '"sites_clustersettings"',
    '"wagtailcore_pageviewrestriction"',
)


@pytest.fixture(params=[0, 300], ids=["uncached", "page-cache"])
def page_cache_seconds(request, settings):
    settings.PAGE_CACHE_SECONDS = request.param
    return request.param


def get(client, host, path="/"):
    return client.get(path, HTTP_HOST=host)


def article_path(site, article):
    return article.url_path[len(site.root_page.url_path) - 1 :]


def test_a_warm_page_reads_no_site_profile_settings_or_restrictions(
    client, cluster, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    article = add_article(column(cluster.edu, "gzdt"), "教育局开展校园安全检查")
    path = article_path(cluster.edu, article)
    assert get(client, cluster.edu.hostname, path).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = get(client, cluster.edu.hostname, path)
    assert response.status_code == 200
    tables = [t for q in queries.captured_queries for t in KEPT_TABLES if t in q["sql"]]
    assert tables == [], tables
    # The pages along its path, its specific row (and whether it has attachments).
    assert len(queries) == 2, [q["sql"] for q in queries.captured_queries]


def test_a_new_site_answers_at_once(client, cluster, page_cache_seconds):
    host = "xin.bj.example.gov.cn"
    before = get(client, host).content.decode()
    assert "新建测试网站" not in before
    Site.objects.create(
        hostname=host,
        port=80,
        root_page=cluster.edu.root_page,
        site_name="新建测试网站",
    )
    after = get(client, host)
    assert after.status_code == 200
    assert "新建测试网站" in after.content.decode()


def test_a_renamed_site_shows_its_new_name_everywhere(
    client, cluster, page_cache_seconds
):
    article = add_article(column(cluster.edu, "gzdt"), "改名前发布的文章")
    path = article_path(cluster.edu, article)
    for page in ("/", path):
        assert (
            cluster.edu.site_name
            in get(client, cluster.edu.hostname, page).content.decode()
        )
    site = Site.objects.get(pk=cluster.edu.pk)
    site.site_name = "北疆市教育和体育局"
    site.save()
    for page in ("/", path):
        html = get(client, cluster.edu.hostname, page).content.decode()
        assert "北疆市教育和体育局" in html, page


def test_a_changed_hostname_moves_the_site(client, cluster, page_cache_seconds):
    old = cluster.health.hostname
    own = f'<meta name="SiteName" content="{cluster.health.site_name}">'
    assert own in get(client, old).content.decode()
    site = Site.objects.get(pk=cluster.health.pk)
    site.hostname = "wjw2.bj.example.gov.cn"
    site.save()
    assert own not in get(client, old).content.decode()  # the default site now
    moved = get(client, "wjw2.bj.example.gov.cn")
    assert moved.status_code == 200
    assert own in moved.content.decode()


def test_profile_theme_and_grey_mode_show_at_once(client, cluster, page_cache_seconds):
    host = cluster.banner.hostname
    html = get(client, host).content.decode()
    assert "mourning" not in html.split(">", 2)[1]
    grey = ClusterSettings.load()
    grey.mourning_mode = True
    grey.save()
    assert 'mourning"' in get(client, host).content.decode().split(">", 2)[1]

    profile = SiteProfile.objects.get(site=cluster.banner)
    profile.sponsor = "白云旗人民政府办公室（新）"
    profile.theme_variant = "blue"
    profile.save()
    html = get(client, host).content.decode()
    assert "白云旗人民政府办公室（新）" in html
    assert 'class="theme-blue' in html


def test_a_page_restricted_after_it_was_served_is_no_longer_public(
    client, cluster, page_cache_seconds
):
    """R: restricted pages are never served to the public, whatever the process
    kept: restricting moves the site's generation."""
    news = column(cluster.edu, "gzdt")
    article = add_article(news, "先公开后限制的通知")
    path = article_path(cluster.edu, article)
    host = cluster.edu.hostname
    assert get(client, host, path).status_code == 200
    assert get(client, host, path).status_code == 200  # warm, or a hit
    restriction = PageViewRestriction.objects.create(
        page=news, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.create(name="内部人员测试组")])
    for page in (path, "/gzdt/"):
        response = get(client, host, page)
        assert response.status_code == 302, page
        assert "先公开后限制的通知" not in response.content.decode()
    restriction.delete()
    assert get(client, host, path).status_code == 200


def test_a_new_home_address_moves_the_cluster_generation(
    cluster, django_capture_on_commit_callbacks
):
    """Wagtail's site root paths (the address of every link to a site) change with
    a home's slug: every site's pages may show such links."""
    before = generations(cluster.portal.pk)[0]
    home = cluster.edu.root_page.specific
    home.slug = "jyj-new"
    with django_capture_on_commit_callbacks(execute=True):
        home.save()
    from django.core.cache import cache

    assert cache.get(CLUSTER_KEY) != before


def test_an_article_with_attachments_still_lists_them(client, cluster, settings):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from sites.models import ArticleAttachment

    settings.PAGE_CACHE_SECONDS = 0
    article = add_article(column(cluster.edu, "gzdt"), "附带文件的通知")
    document = get_document_model().objects.create(
        title="报名表", file=ContentFile(b"%PDF-1.4 test", name="baoming.pdf")
    )
    ArticleAttachment.objects.create(page=article, document=document, title="报名表")
    path = article_path(cluster.edu, article)
    html = get(client, cluster.edu.hostname, path).content.decode()
    assert 'id="attachments-heading"' in html and "报名表" in html
    bare = add_article(column(cluster.edu, "gzdt"), "不带文件的通知")
    html = get(client, cluster.edu.hostname, article_path(cluster.edu, bare))
    assert 'id="attachments-heading"' not in html.content.decode()
