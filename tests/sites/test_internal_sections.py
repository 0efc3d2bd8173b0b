"""Internal sections (内部栏目 / 授权访问, issue #21 item 3).

A site admin opens a section to the site's own 内部人员 group through the
admin's 公开范围 form; its pages are then read by that group only and never
shown to the public: not in lists, navigation, the site map, the portal's
aggregates, the page cache or 信息报送 (search, open data and the static files
have their own tests beside their modules). The door: the site's own login for
visitors, 403 in Chinese for logged-in outsiders.
"""

from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from sites.models import ColumnPage, Submission
from sites.models.roles import SiteRole
from sites.services.site_roles import site_roles
from tests.conftest import add_article, column

pytestmark = pytest.mark.django_db
SECRET = "内部工作通知甲乙丙"
PASSWORD = "测试密码-Abc12345"


def host_get(client, site, path, **extra):
    return client.get(path, HTTP_HOST=site.hostname, **extra)


def path_on(site, page):
    return page.url_path[len(site.root_page.url_path) - 1 :]


def restrict_to(page, *groups):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set(groups)
    return restriction


@pytest.fixture
def internal(cluster):
    """教育局's 内部通知 column holding one article, open to its 内部人员."""
    home = cluster.edu.root_page
    section = ColumnPage(title="内部通知", slug="nbtz", show_in_menus=True)
    home.add_child(instance=section)
    section.save_revision().publish()
    article = add_article(section, SECRET)
    article.save_revision().publish()
    restrict_to(section, site_roles.group(cluster.edu, SiteRole.INTERNAL_READER))
    return section, article


@pytest.fixture
def reader(cluster, make_user):
    return make_user(
        "edu-reader",
        site_roles.group(cluster.edu, SiteRole.INTERNAL_READER),
        first_name="内部",
        last_name="张",
    )


def test_every_site_has_an_internal_reader_group_without_admin_access(cluster):
    for site in cluster.all:
        group = site_roles.group(site, SiteRole.INTERNAL_READER)
        assert group.name == f"{site.site_name}·内部人员"
        assert not group.permissions.exists()


def test_a_visitor_is_sent_to_the_sites_own_login_and_reads_after_it(
    cluster, internal, reader
):
    _section, article = internal
    path = path_on(cluster.edu, article)
    client = Client()
    response = host_get(client, cluster.edu, path)
    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert target.path == "/nbdl/"
    assert parse_qs(target.query)["next"] == [path]
    assert SECRET not in response.content.decode()

    login = host_get(client, cluster.edu, response["Location"])
    assert login.status_code == 200 and "内部人员登录" in login.content.decode()
    wrong = client.post(
        "/nbdl/",
        {"username": "edu-reader", "password": "错误的密码", "next": path},
        HTTP_HOST=cluster.edu.hostname,
    )
    assert wrong.status_code == 400
    assert "用户名或密码不正确" in wrong.content.decode()

    done = client.post(
        "/nbdl/",
        {"username": "edu-reader", "password": PASSWORD, "next": path},
        HTTP_HOST=cluster.edu.hostname,
    )
    assert done.status_code == 302 and done["Location"] == path
    page = host_get(client, cluster.edu, path)
    assert page.status_code == 200 and SECRET in page.content.decode()
    assert "private" in page["Cache-Control"]  # never shared by a proxy

    # Signed in, the login page lists what the reader may open.
    landing = host_get(client, cluster.edu, "/nbdl/").content.decode()
    assert "内部 张，您已登录" in landing
    assert "内部通知" in landing

    client.post("/nbdl/tc/", HTTP_HOST=cluster.edu.hostname)
    assert host_get(client, cluster.edu, path).status_code == 302


def test_an_offsite_next_is_ignored(cluster, reader):
    client = Client()
    done = client.post(
        "/nbdl/",
        {
            "username": "edu-reader",
            "password": PASSWORD,
            "next": "https://evil.example/",
        },
        HTTP_HOST=cluster.edu.hostname,
    )
    assert done.status_code == 302 and done["Location"] == "/nbdl/"


@pytest.mark.parametrize(
    ("site_key", "role"),
    [
        ("health", SiteRole.INTERNAL_READER),  # another site's civil servant
        ("edu", SiteRole.EDITOR),  # staff of the site, not in the group
        ("edu", SiteRole.SITE_ADMIN),
    ],
)
def test_a_logged_in_outsider_gets_403_in_chinese(
    cluster, internal, site_user, site_key, role
):
    _section, article = internal
    client = Client()
    client.force_login(site_user(getattr(cluster, site_key), role, f"o-{site_key}"))
    response = host_get(client, cluster.edu, path_on(cluster.edu, article))
    assert response.status_code == 403
    body = response.content.decode()
    assert "无权访问" in body and SECRET not in body


def test_no_public_channel_shows_an_internal_section(client, cluster, internal, reader):
    section, article = internal
    reader_client = Client()
    reader_client.force_login(reader)
    # The reader reads it first: nothing they saw may reach the shared cache.
    assert (
        host_get(reader_client, cluster.edu, path_on(cluster.edu, article)).status_code
        == 200
    )

    for site, path in [
        (cluster.edu, "/"),  # home: navigation and the latest-news blocks
        (cluster.edu, "/wzdt/"),  # 网站地图
        (cluster.edu, "/sitemap.xml"),
        (cluster.edu, "/gzdt/"),
        (cluster.portal, "/"),  # the portal's aggregates of member sites
        (cluster.portal, "/gzdt/"),
    ]:
        for _ in range(2):  # a miss, then whatever the page cache serves
            body = host_get(client, site, path).content.decode()
            assert SECRET not in body, (site.hostname, path)
            assert "/nbtz/" not in body, (site.hostname, path)
    # The section itself: the login door, never its list.
    response = host_get(client, cluster.edu, path_on(cluster.edu, section))
    assert response.status_code == 302 and SECRET not in response.content.decode()


def test_internal_articles_cannot_be_submitted_to_the_portal(
    cluster, internal, site_user
):
    _section, article = internal
    editor = Client()
    editor.force_login(site_user(cluster.edu, SiteRole.EDITOR, "edu-editor"))
    response = editor.post(
        reverse("sites_syndication_submit", args=[article.pk]),
        {"column": column(cluster.portal, "gzdt").pk},
        follow=True,
    )
    assert not Submission.objects.filter(article=article).exists()
    assert "不能报送" in response.content.decode()


def test_a_submission_restricted_before_acceptance_is_not_accepted(cluster, site_user):
    article = add_article(column(cluster.edu, "gzdt"), "先报送后转为内部的稿件")
    article.save_revision().publish()
    editor = Client()
    editor.force_login(site_user(cluster.edu, SiteRole.EDITOR, "edu-editor"))
    editor.post(
        reverse("sites_syndication_submit", args=[article.pk]),
        {"column": column(cluster.portal, "gzdt").pk},
    )
    submission = Submission.objects.get(article=article)
    restrict_to(article, site_roles.group(cluster.edu, SiteRole.INTERNAL_READER))
    reviewer = Client()
    reviewer.force_login(site_user(cluster.portal, SiteRole.REVIEWER, "p-reviewer"))
    reviewer.post(reverse("sites_syndication_decide", args=[submission.pk, "accept"]))
    submission.refresh_from_db()
    assert submission.status == "pending"


def test_site_admin_opens_a_section_to_its_own_group_only(cluster, site_user):
    """公开范围 through the admin's real form, as the site's 站点管理员."""
    section = column(cluster.edu, "tzgg")
    admin = Client()
    admin.force_login(site_user(cluster.edu, SiteRole.SITE_ADMIN, "edu-admin"))
    url = reverse("wagtailadmin_pages:set_privacy", args=[section.pk])
    modal = admin.get(url)
    assert modal.status_code == 200
    html = modal.json()["html"]
    own = site_roles.group(cluster.edu, SiteRole.INTERNAL_READER)
    foreign = site_roles.group(cluster.health, SiteRole.INTERNAL_READER)
    offered = {
        int(box["value"])
        for box in BeautifulSoup(html, "html.parser").select("input[name=groups]")
    }
    assert offered == {own.pk}
    assert foreign.name not in html and "卫生健康" not in html

    refused = admin.post(url, {"restriction_type": "groups", "groups": [foreign.pk]})
    assert refused.status_code == 200
    assert not PageViewRestriction.objects.filter(page=section).exists()

    admin.post(url, {"restriction_type": "groups", "groups": [own.pk]})
    restriction = PageViewRestriction.objects.get(page=section)
    assert list(restriction.groups.all()) == [own]
    assert restriction.restriction_type == PageViewRestriction.GROUPS


def test_the_reader_group_never_opens_the_admin(cluster, reader):
    client = Client()
    client.force_login(reader)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert Group.objects.filter(user=reader, permissions__isnull=False).count() == 0


def test_inspection_checks_leave_internal_sections_out(cluster, internal):
    """Inspectors never see an internal section: it neither counts as a column to
    inspect nor makes the site look updated (R16, R21)."""
    import datetime

    from sites.compliance.core_checks import content_under, live_columns

    section, _article = internal
    assert section.pk not in {c.pk for c in live_columns([cluster.edu])}
    _latest, count = content_under([cluster.edu], datetime.date.today())
    assert section.path not in count
