"""Per-site roles in the admin: an editor works on their own site only (issue #2)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Site

from sites.models import ArticlePage, SiteProfile
from sites.services.provisioning import SiteRole
from sites.services.roles import CLUSTER_ADMIN
from tests.conftest import PORTAL, add_article, article_form, column

pytestmark = pytest.mark.django_db
Document = get_document_model()


def make_document(site, title):
    collection = Collection.objects.get(name=site.site_name)
    document = Document(title=title, collection=collection)
    document.file.save(f"{title}.txt", ContentFile("附件内容".encode()), save=False)
    document.save()
    return document


def test_editor_logs_in_and_edits_own_site_pages(client, cluster, site_user):
    editor = site_user(cluster.edu, SiteRole.EDITOR)
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": editor.username, "password": "测试密码-Abc12345"},
    )
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    own = add_article(column(cluster.edu, "gzdt"), "教育局自己的文章")
    assert (
        client.get(reverse("wagtailadmin_pages:edit", args=[own.pk])).status_code == 200
    )
    # The page explorer opens at the editor's own site.
    explore = client.get(
        reverse("wagtailadmin_explore", args=[cluster.edu.root_page_id])
    )
    assert explore.status_code == 200
    assert "北疆市教育局" in explore.content.decode()


def test_editor_is_refused_on_another_sites_pages(client, cluster, site_user):
    client.force_login(site_user(cluster.edu, SiteRole.EDITOR))
    foreign = add_article(column(cluster.health, "gzdt"), "卫健委的文章")
    for url in (
        reverse("wagtailadmin_pages:edit", args=[foreign.pk]),
        reverse("wagtailadmin_pages:edit", args=[cluster.health.root_page_id]),
        reverse("wagtailadmin_pages:delete", args=[foreign.pk]),
        reverse(
            "wagtailadmin_pages:add",
            args=["sites", "articlepage", column(cluster.health, "gzdt").pk],
        ),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "login" not in response["Location"]
    # A forged POST to the foreign editor changes nothing.
    client.post(
        reverse("wagtailadmin_pages:edit", args=[foreign.pk]),
        {"title": "被篡改", "slug": foreign.slug},
    )
    foreign.refresh_from_db()
    assert foreign.title == "卫健委的文章"


def test_editor_and_reviewer_cannot_publish_directly(client, cluster, site_user):
    """R76: publishing goes through the workflow (issue 13 item 1)."""
    page = add_article(column(cluster.banner, "gzdt"), "旗县动态")
    editor = site_user(cluster.banner, SiteRole.EDITOR)
    reviewer = site_user(cluster.banner, SiteRole.REVIEWER)
    assert not page.permissions_for_user(editor).can_publish()
    assert page.permissions_for_user(editor).can_edit()
    assert not page.permissions_for_user(reviewer).can_publish()
    # Neither may touch another site.
    other = Page.objects.get(pk=cluster.edu.root_page_id)
    assert not other.permissions_for_user(editor).can_edit()
    assert not other.permissions_for_user(reviewer).can_edit()


def test_editor_sees_and_edits_only_own_documents(client, cluster, site_user):
    own = make_document(cluster.edu, "教育局招生简章")
    foreign = make_document(cluster.health, "卫健委内部附件")
    client.force_login(site_user(cluster.edu, SiteRole.EDITOR))
    listing = client.get(reverse("wagtaildocs:index")).content.decode()
    assert "教育局招生简章" in listing
    assert "卫健委内部附件" not in listing
    assert client.get(reverse("wagtaildocs:edit", args=[own.pk])).status_code == 200
    response = client.get(reverse("wagtaildocs:edit", args=[foreign.pk]))
    assert response.status_code in (302, 403)
    chooser = client.get(reverse("wagtaildocs_chooser:choose")).content.decode()
    assert "卫健委内部附件" not in chooser


def test_site_admin_edits_own_profile_only(client, cluster, site_user):
    client.force_login(site_user(cluster.edu, SiteRole.SITE_ADMIN))
    own_url = reverse(
        "wagtailsettings:edit", args=["sites", "siteprofile", cluster.edu.pk]
    )
    foreign_url = reverse(
        "wagtailsettings:edit", args=["sites", "siteprofile", cluster.health.pk]
    )
    assert client.get(own_url).status_code == 200
    assert client.get(foreign_url).status_code in (302, 403)
    profile = SiteProfile.for_site(cluster.edu)
    response = client.post(
        own_url,
        {
            "sponsor": "北疆市教育局（新）",
            "phone": "0477-8000000",
            "theme_variant": "blue",
            # Fields reserved to cluster admins are ignored even when posted.
            "code": "1599000999",
            "kind": "portal",
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.sponsor == "北疆市教育局（新）"
    assert profile.code == "1599000002"
    assert profile.kind == "department"


def test_cluster_admin_creates_a_site_in_the_admin(client, cluster, make_user):
    from django.contrib.auth.models import Group

    admin = make_user("cluster-admin", Group.objects.get(name=CLUSTER_ADMIN))
    client.force_login(admin)
    url = reverse("sites_create_site")
    page = client.get(url)
    assert page.status_code == 200
    assert "按统一标准创建站点" in page.content.decode()
    parent = SiteProfile.objects.get(code=PORTAL.code)
    response = client.post(
        url,
        {
            "code": "1599220001",
            "name": "金河旗人民政府",
            "hostname": "www.jhq.example.gov.cn",
            "kind": "banner",
            "parent": parent.pk,
            "address": "金河镇政府街1号",
            "phone": "0477-8888001",
            "icp_number": "蒙ICP备05990007号-1",
            "psb_number": "蒙公网安备 15990702000007号",
            "party_gov_mark_id": "demo1599220001",
            "theme_variant": "green",
        },
    )
    assert response.status_code == 302
    site = Site.objects.get(hostname="www.jhq.example.gov.cn")
    assert SiteProfile.for_site(site).parent == parent
    assert column(site, "xxgk").title == "政府信息公开"


def test_create_site_form_shows_chinese_errors_and_creates_nothing(
    client, cluster, make_user
):
    from django.contrib.auth.models import Group

    client.force_login(
        make_user("cluster-admin", Group.objects.get(name=CLUSTER_ADMIN))
    )
    sites_before = Site.objects.count()
    response = client.post(
        reverse("sites_create_site"),
        {
            "code": "123",
            "name": "重复域名测试",
            "hostname": cluster.edu.hostname,
            "kind": "department",
            "address": "北疆市新华街1号",
            "phone": "0477-8888002",
            "icp_number": "蒙ICP备05990008号-1",
            "psb_number": "蒙公网安备 15990802000008号",
            "party_gov_mark_id": "demo0000000123",
            "theme_variant": "blue",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "网站标识码格式不正确" in text
    assert "已被其他网站使用" in text
    assert "必须指定上级网站" in text
    assert Site.objects.count() == sites_before


def test_site_roles_cannot_open_the_create_site_view(client, cluster, site_user):
    for role in SiteRole.ALL:
        client.force_login(site_user(cluster.edu, role, username=f"u-{role}"))
        response = client.get(reverse("sites_create_site"))
        if role == SiteRole.INTERNAL_READER:
            # Internal readers never enter the admin: Wagtail sends them to login.
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("wagtailadmin_login"))
            continue
        # Wagtail turns PermissionDenied into a redirect to the dashboard.
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
        home = client.get(reverse("wagtailadmin_home")).content.decode()
        assert reverse("sites_create_site") not in home


def test_editor_created_article_gets_an_ascii_url(client, cluster, site_user):
    """Chinese titles still give stable ASCII URLs (t<date>_<token>)."""
    client.force_login(site_user(cluster.edu, SiteRole.EDITOR))
    parent = column(cluster.edu, "gzdt")
    data = article_form("全市中小学开展冬季安全教育", source="北疆市教育局")
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["sites", "articlepage", parent.pk]),
        data,
    )
    assert response.status_code == 302, [
        (k, v) for k, v in response.context["form"].errors.items()
    ]
    article = ArticlePage.objects.child_of(parent).get(
        title="全市中小学开展冬季安全教育"
    )
    # The date in the URL is the platform's, not the form's (issue 13, R22).
    assert article.slug.startswith(f"t{timezone.localdate():%Y%m%d}_")
    assert not article.live  # an editor saves drafts; publishing goes through review
